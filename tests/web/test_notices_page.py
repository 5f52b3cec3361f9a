"""提醒 (/notices, GET /api/notices, the nav's count): the notices the real daily sweep issued
with the clock moved on, as each person may read them. An officer reads those of the cases
they are dispatched to, the leadership its township's, a supervisor every township's; a
notice whose case has since moved on (the decision made) reads 已处理, never hidden."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import BASIS, FINE, PEOPLE, WebDesk
from workflow.cases import commands as c
from workflow.cases.service import CaseService
from workflow.organisation.snapshot import load_directory
from workflow.reports.notices import sweep_deadlines

OFFICER, OFFICER2, LEADER = PEOPLE["officer"], PEOPLE["officer2"], PEOPLE["leader"]
SUPERVISOR, OTHER = PEOPLE["supervisor"], PEOPLE["other"]


class TestNotices(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
        self.monkeypatch = monkeypatch
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        self.story()
        yield
        self.desk.close()

    def at(self, day: str) -> None:
        self.monkeypatch.setenv("CASEWORK_NOW", f"{day}T02:00:00")

    def sweep(self, day: str) -> None:
        self.at(day)
        sweep_deadlines(self.store, self.desk.ctx.casework.projections, date.fromisoformat(day))

    def story(self) -> None:
        """Opened 1 June (办理期限 31 August): A (tc-004, tc-005) decided on 16 August after
        the warning of the 15th; B (tc-005, tc-006, its violation date unknown) and G (耿镇镇)
        still undecided when the sweep of 1 September finds them overdue."""
        self.at("2026-06-01")
        body = {"township": "taicheng", "matter": "SC-CF-003", "party": "张三", "summary": "未明码标价",
                "party_id_number": "11010519491231002X", "party_address": "台城镇东街 1 号"}  # fmt: skip
        self.a = str(self.desk.api(OFFICER, "POST", "/api/cases", json=body).json()["case_id"])
        response = self.desk.api(LEADER, "POST", f"/api/cases/{self.a}/dispatch",
                                 json={"officers": [OFFICER, OFFICER2]})  # fmt: skip
        assert response.status_code == 200, response.text
        body = {"township": "taicheng", "matter": "SC-CF-001", "party": "王五", "summary": "占道经营",
                "violation_unknown": "举报人记不清日期"}  # fmt: skip
        response = self.desk.api(OFFICER, "POST", "/api/cases", json=body)
        assert response.status_code == 201, response.text
        self.b = str(response.json()["case_id"])
        response = self.desk.api(LEADER, "POST", f"/api/cases/{self.b}/dispatch",
                                 json={"officers": [OFFICER2, "tc-006"]})  # fmt: skip
        assert response.status_code == 200, response.text
        directory = load_directory(self.store)
        cases = CaseService(self.store, lambda: directory)
        self.g = cases.open(c.OpenCase(actor="gz-004", township="gengzhen", matter="SC-CF-001",
                                       party="李四", summary="s", violation_date=date(2026, 5, 30))).case_id  # fmt: skip
        cases.handle(c.DispatchCase(actor="gz-001", case=self.g, officers=("gz-004", "gz-005")))
        self.sweep("2026-08-15")  # 16 days left of 90: 期限预警 for A, B and G; B's 时效未核对预警
        self.at("2026-08-16")
        for person, act, body in [
            (OFFICER, "record-evidence", {"kind": "书证", "text": "照片"}),
            (OFFICER, "notify-penalty", {"basis": BASIS, "circumstance": "一般", "sanctions": FINE}),
            (OFFICER, "waive-defence", {}), (LEADER, "decide-penalty", {"basis": BASIS, "sanctions": FINE}),
        ]:  # fmt: skip
            response = self.desk.api(person, "POST", f"/api/cases/{self.a}/{act}", json=body)
            assert response.status_code == 200, (act, response.text)
        self.sweep("2026-09-01")  # 超期通知 for B and G

    def api(self, person: str, **params: Any) -> dict[str, Any]:
        response = self.desk.api(person, "GET", "/api/notices", params=params)
        assert response.status_code == 200, response.text
        return dict(response.json())

    def seen(self, person: str, **params: Any) -> set[tuple[str, str]]:
        return {(n["case_id"], n["kind"]) for n in self.api(person, **params)["notices"]}

    def test_who_reads_which_notices(self) -> None:
        a, b, g = self.a, self.b, self.g
        assert self.seen(OFFICER) == {(a, "warning")}  # not B: tc-004 is not on it
        assert self.seen(OFFICER2) == {(a, "warning"), (b, "warning"), (b, "limitation"), (b, "overdue")}
        assert self.seen(LEADER) == self.seen(OFFICER2)  # the township's, not 耿镇镇's
        assert self.seen(OTHER) == {(g, "warning"), (g, "overdue")}
        assert self.seen(SUPERVISOR) == self.seen(OFFICER2) | self.seen(OTHER)
        assert self.seen(SUPERVISOR, township="耿镇镇") == self.seen(OTHER)
        assert self.seen(LEADER, township="gengzhen") == self.seen(LEADER)  # one's own, whatever asked
        refused = self.desk.api(PEOPLE["admin"], "GET", "/api/notices")
        assert refused.status_code == 403 and refused.json()["zh"]

    def test_each_notice_as_it_stands(self) -> None:
        found = self.api(OFFICER2)
        assert [n["issued_on"] for n in found["notices"]] == sorted(
            (n["issued_on"] for n in found["notices"]), reverse=True)  # newest first
        by = {(n["case_id"], n["kind"]): n for n in found["notices"]}
        overdue = by[(self.b, "overdue")]
        assert (overdue["kind_zh"], overdue["deadline"], overdue["deadline_zh"]) == ("超期通知", "decision", "办理期限")
        assert (overdue["due"], overdue["days_over"], overdue["status"]) == ("2026-08-31", 1, "open")
        assert "第六十条" in overdue["statute"] and set(overdue["officers"]) == {OFFICER2, "tc-006"}
        warned = by[(self.a, "warning")]
        assert (warned["days_left"], warned["issued_on"]) == (16, "2026-08-15")
        assert (warned["status"], warned["status_zh"], warned["case_state"]) == ("handled", "已处理", "penalty_decided")
        assert by[(self.b, "warning")]["status"] == "open"
        limitation = by[(self.b, "limitation")]
        assert limitation["kind_zh"] == "时效未核对预警" and "举报人记不清日期" in limitation["note"]
        assert "第三十六条" in limitation["statute"]
        assert (found["total"], found["recent"]) == (4, 1)  # 26 Aug–1 Sep: B's 超期通知
        assert found["unread"] == 1 and [n["new"] for n in found["notices"]] == [True, False, False, False]
        text = str(found)
        assert "王五" not in text and "张三" not in text and "1002X" not in text  # no party

    def test_paging_and_bad_input(self) -> None:
        first = self.api(SUPERVISOR, limit=2)
        assert len(first["notices"]) == 2 and first["more"] and first["total"] == 6
        rest = self.api(SUPERVISOR, limit=2, offset=2)["notices"] + self.api(SUPERVISOR, limit=2, offset=4)["notices"]
        positions = [n["position"] for n in first["notices"] + rest]
        assert len(set(positions)) == 6
        token, client, console = self.desk.token(SUPERVISOR), self.desk.client(), self.desk.as_(SUPERVISOR)
        before = self.store.status().last_position
        for params in ({"limit": 0}, {"limit": 500}, {"offset": -1}, {"limit": "x"}):
            response = client.get("/api/notices", params=params, headers=token)
            assert response.status_code == 400 and response.json()["zh"] and response.json()["en"], params
        assert console.get("/notices?offset=-1").status_code == 400
        appended = [e.type for e in self.store.iter_all() if e.position > before]
        assert appended == [], appended

    def test_the_page_and_the_count_in_the_nav(self) -> None:
        before = self.desk.as_(OFFICER2).get("/my").text  # never opened: the last seven days
        assert re.search(r'<a href="/notices">提醒<span class="badge"[^>]*>1</span></a>', before)
        page = self.desk.as_(OFFICER2).get("/notices")
        assert page.status_code == 200
        assert '<a href="/notices">提醒</a>' in page.text  # read: the count clears
        assert page.text.count('<span class="new-mark">新</span>') == 1  # B's 超期通知
        rows = re.findall(r"<tr class=\"[^\"]*\">(.*?)</tr>", page.text, re.S)
        assert len(rows) == 4
        assert f'href="/cases/{self.b}"' in rows[0] and "超期通知" in rows[0] and "已超期 1 天" in rows[0]
        assert "办理期限" in rows[0] and "2026-08-31" in rows[0] and "2026-09-01" in rows[0]
        decided = next(r for r in rows if f"/cases/{self.a}" in r)
        assert "期限预警" in decided and "已处理" in decided and "剩 16 天" in decided
        assert 'data-label="依据"' in rows[0] and "第六十条" in rows[0]
        mine = self.desk.as_(OFFICER).get("/notices").text
        assert '<a href="/notices">提醒</a>' in mine  # nothing in the last 7 days: no count
        assert f"/cases/{self.b}" not in mine and f"/cases/{self.a}" in mine
        county = self.desk.as_(SUPERVISOR).get("/notices").text
        assert f"/cases/{self.g}" in county and "耿镇镇" in county
        assert f"/cases/{self.g}" not in self.desk.as_(LEADER).get("/notices").text
        assert 'href="/notices"' not in self.desk.as_(PEOPLE["admin"]).get("/accounts").text


class TestAssessmentNotice(SQLiteBackend):
    """年度考核不合格通知: the real yearly assessment (2 January) grades tc-004 不合格 after three
    不称职 duty evaluations; the notice is theirs to read, their leadership's and the
    supervisors', not a colleague's; it reads 已处理 once an inquiry on that ground follows."""

    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
        from workflow.accountability import assessment, duty, evaluators
        from workflow.accountability.types import DutyGrade

        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        monkeypatch.setenv("CASEWORK_NOW", "2026-12-05T10:00:00")
        heads = ["tc-001", "tc-002", "tc-003"]
        evaluators.name_evaluators(self.store, LEADER, township="taicheng", year=2026, evaluators=heads)
        duty.submit(self.store, OFFICER, year=2026, text="全年工作总结")
        for evaluator in heads:
            duty.evaluate(self.store, evaluator, OFFICER, year=2026, grade=DutyGrade.INCOMPETENT)
        monkeypatch.setenv("CASEWORK_NOW", "2027-01-02T09:00:00")
        grades, _ = assessment.issue(self.store, 2026)
        assert {o["officer_id"]: o["grade"] for o in grades.officers}[OFFICER] == "不合格"
        yield
        self.desk.close()

    def notices(self, person: str) -> list[dict[str, Any]]:
        response = self.desk.api(person, "GET", "/api/notices")
        assert response.status_code == 200, response.text
        return list(response.json()["notices"])

    def test_the_officer_reads_their_own(self) -> None:
        from workflow.accountability import inquiries
        from workflow.accountability.types import Ground

        [mine] = self.notices(OFFICER)
        assert (mine["kind"], mine["kind_zh"], mine["subject"], mine["year"]) == (
            "failed_assessment", "年度考核不合格通知", OFFICER, 2026)  # fmt: skip
        assert mine["case_id"] is None and mine["status"] == "open" and mine["issued_on"] == "2027-01-02"
        assert self.notices(OFFICER2) == [] and self.notices(OTHER) == []
        assert [n["subject"] for n in self.notices(LEADER)] == [OFFICER]
        assert [n["subject"] for n in self.notices(SUPERVISOR)] == [OFFICER]
        page = self.desk.as_(OFFICER).get("/notices").text
        assert "年度考核不合格通知" in page and f'href="/accountability/record/{OFFICER}"' in page
        inquiries.open_inquiry(self.store, SUPERVISOR, officer=OFFICER, ground=Ground.FAILED_ASSESSMENT,
                               details="年度考核不合格", on=date(2027, 1, 2))  # fmt: skip
        [followed] = self.notices(SUPERVISOR)
        assert (followed["status"], followed["status_zh"]) == ("handled", "已处理")


class TestPaperNotice(SQLiteBackend):
    """A paper deadline's notice (the decision served within 7 working days, 《行政处罚法》
    第六十一条) reads 已处理 once the decision is served."""

    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
        self.monkeypatch = monkeypatch
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def test_served_after_the_warning(self) -> None:
        self.monkeypatch.setenv("CASEWORK_NOW", "2026-09-01T10:00:00")
        case = self.desk.decided()
        issued = self.desk.api(OFFICER, "POST", f"/api/cases/{case}/documents", json={"kind": "decision"})
        assert issued.status_code == 201, issued.text
        self.monkeypatch.setenv("CASEWORK_NOW", "2026-09-08T10:00:00")
        sweep_deadlines(self.store, self.desk.ctx.casework.projections, date(2026, 9, 8))
        [warned] = [n for n in self.desk.api(OFFICER, "GET", "/api/notices").json()["notices"]
                    if n["deadline"] == "service"]  # fmt: skip
        assert (warned["kind"], warned["deadline_zh"], warned["status"]) == ("warning", "决定书送达期限", "open")
        assert "第六十一条" in warned["statute"]
        served = self.desk.api(OFFICER, "POST", f"/api/cases/{case}/service",
                               json={"document": issued.json()["number"], "method": "直接送达"})  # fmt: skip
        assert served.status_code == 201, served.text
        [now] = [n for n in self.desk.api(OFFICER, "GET", "/api/notices").json()["notices"]
                 if n["deadline"] == "service"]  # fmt: skip
        assert (now["status"], now["status_zh"]) == ("handled", "已处理")
        assert "已处理" in self.desk.as_(OFFICER).get("/notices").text

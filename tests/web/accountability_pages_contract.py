"""The accountability console pages (监督问责) through the ASGI client on a real store:
inspections from plan to accepted rectification, an inquiry from opening to decision, duty
reports and their evaluation, the yearly assessment and the officer's record; each refused
act shows its rule and appends nothing; who may see and do what is the domain's rule.
Run on SQLite and PostgreSQL (`test_accountability_pages_sqlite/postgres.py`)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from events import EventStore
from tests.e2e.inprocess import run
from tests.integration.backends import settle
from tests.web.desk import PEOPLE, WebDesk, csrf_of
from workflow.accountability import policy_history
from workflow.accountability.policy import load_policy, parse_policy

OFFICER, OFFICER2, LEADER, DEPUTY = PEOPLE["officer"], PEOPLE["officer2"], PEOPLE["leader"], PEOPLE["deputy"]
OTHER, SUPERVISOR, ADMIN = PEOPLE["other"], PEOPLE["supervisor"], PEOPLE["admin"]
STREAMS = ("inspection-", "inquiry-", "duty-", "grades-", "notice-", "roster-")
WHERE = re.compile(r"/accountability/(?:inspections|inquiries)/([a-z0-9-]+)")


class AccountabilityPagesContract:
    store: EventStore
    url: str

    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
        monkeypatch.setenv("CASEWORK_NOW", "2026-12-05T02:00:00")
        self.evidence = tmp_path / "evidence"
        # CASEWORK_EVIDENCE_MAX_MB of 1 KiB: the uploads here are smaller, the "big" ones larger
        self.desk = WebDesk(self.store, self.url, self.evidence, evidence_max_mb=1 / 1024)
        self.as_, self.post, self.clients = self.desk.as_, self.desk.form, self.desk.clients
        yield
        self.desk.close()

    def written(self) -> int:
        """Events on the accountability streams (logins write their own events), once every
        committed event is readable (a write elsewhere on a shared server holds readers back)."""
        settle(self.store)
        return sum(1 for e in self.store.iter_all() if e.stream_id.startswith(STREAMS))

    def refused(self, status: int, person: str, path: str, data: dict[str, Any]) -> str:
        before = self.written()
        response = self.post(person, path, data)
        assert response.status_code == status, response.text
        assert self.written() == before
        return str(response.text)

    def planned(self) -> str:
        data = {"township": "taicheng", "planned_for": "2026-12-05", "scope": ["case_files", "on_site"]}
        response = self.post(SUPERVISOR, "/accountability/inspections", data)
        assert response.status_code == 303, response.text
        found = WHERE.search(response.headers["location"])
        assert found
        return found.group(1)

    def test_an_inspection_runs_from_the_plan_to_the_accepted_rectification(self) -> None:
        ref = self.planned()
        base = f"/accountability/inspections/{ref}"
        page = self.as_(SUPERVISOR).get(base).text
        assert 'data-act="record"' in page and 'data-act="verify"' not in page
        self.refused(422, SUPERVISOR, f"{base}/record", {  # a deadline past the county's 60 days
            "finding_scope": "on_site", "finding_text": "未出示执法证件", "finding_officers": OFFICER,
            "finding_cases": "", "rectify_by": "2027-06-30"})  # fmt: skip
        recorded = self.post(SUPERVISOR, f"{base}/record", {
            "finding_scope": ["on_site", "case_files"], "finding_text": ["未出示执法证件", ""],
            "finding_officers": [OFFICER, ""], "finding_cases": ["", ""], "rectify_by": "2026-12-20",
            "requirement": "全员佩证上岗", "form_id": "rec-1"})  # fmt: skip
        assert recorded.status_code == 303
        self.refused(403, OFFICER, f"{base}/report", {"report": "已整改"})  # not the team's leadership
        self.refused(422, SUPERVISOR, f"{base}/verify", {"outcome": "accepted"})  # nothing reported yet
        assert self.post(LEADER, f"{base}/report", {"report": "已组织全员佩证"}).status_code == 303
        assert 'data-act="verify"' not in self.as_(LEADER).get(base).text  # the inspected team: no sign-off
        self.refused(403, LEADER, f"{base}/verify", {"outcome": "accepted"})
        assert 'data-act="verify"' in self.as_(SUPERVISOR).get(base).text
        assert self.post(SUPERVISOR, f"{base}/verify", {"outcome": "accepted", "comments": "合格"}).status_code == 303
        types = [e.type for e in self.store.read_stream(f"inspection-{ref}")]
        assert types == ["InspectionPlanned", "InspectionRecorded", "RectificationOrdered",
                         "RectificationReported", "RectificationVerified"]  # fmt: skip
        records = self.store.read_stream(f"inspection-{ref}")
        assert [(r.metadata.get("channel"), r.metadata.get("account")) for r in records[1:]] == [
            ("web", SUPERVISOR), ("web", SUPERVISOR), ("web", LEADER), ("web", SUPERVISOR)]  # fmt: skip
        [finding] = self.store.read_stream(f"inspection-{ref}")[1].data["findings"]
        assert finding["officers"] == [OFFICER] and finding["text"] == "未出示执法证件"
        shown = self.as_(LEADER).get(base).text
        assert "已验收" in shown and "未出示执法证件" in shown
        inspector = self.desk.ctx.directory().people[SUPERVISOR].name  # 检查人员 by name, not a bare id
        assert f"<dt>检查人员</dt><dd>{inspector}（{SUPERVISOR}）</dd>" in shown
        overview = self.as_(SUPERVISOR).get("/accountability").text
        assert ref in overview
        row = overview.split(f'href="/accountability/inspections/{ref}"')[1].split("</tr>")[0]
        assert ">台城镇</td>" in row and ">taicheng</td>" not in row  # the name, not the code

    def test_an_overdue_rectification_is_on_the_deadline_board(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """期限看板: open rectifications (监督检查), overdue first, for the inspected team's
        leadership and the supervisors, until accepted."""
        ref = self.planned()
        base = f"/accountability/inspections/{ref}"
        assert self.post(SUPERVISOR, f"{base}/record", {
            "finding_scope": "on_site", "finding_text": "未出示执法证件", "finding_officers": "",
            "finding_cases": "", "rectify_by": "2026-12-20"}).status_code == 303  # fmt: skip
        board = self.as_(LEADER).get("/deadlines").text
        section = board.split('id="rectifications"')[1]
        assert ref in section and "超期 0 项" in section and 'class="bad"' not in section  # not due yet
        monkeypatch.setenv("CASEWORK_NOW", "2026-12-22T02:00:00")
        for person in (LEADER, DEPUTY, SUPERVISOR):
            board = self.as_(person).get("/deadlines").text
            assert ref in board and "超期 2 天" in board.split('id="rectifications"')[1], person
        assert ref not in self.as_(SUPERVISOR).get("/deadlines?township=gengzhen").text
        for person in (OFFICER, OTHER):  # not the leadership of the inspected team
            assert 'id="rectifications"' not in self.as_(person).get("/deadlines").text, person
        assert self.post(LEADER, f"{base}/report", {"report": "已整改"}).status_code == 303
        assert "待验收" in self.as_(LEADER).get("/deadlines").text
        assert self.post(SUPERVISOR, f"{base}/verify", {"outcome": "accepted"}).status_code == 303
        assert 'id="rectifications"' not in self.as_(LEADER).get("/deadlines").text  # accepted: off the board

    def test_who_may_see_and_start_an_inspection(self) -> None:
        ref = self.planned()
        for person in (OFFICER, OTHER, ADMIN):
            assert self.as_(person).get(f"/accountability/inspections/{ref}").status_code == 403
        assert self.as_(DEPUTY).get(f"/accountability/inspections/{ref}").status_code == 200
        data = {"township": "taicheng", "planned_for": "2026-12-06", "scope": "roster"}
        self.refused(403, OFFICER, "/accountability/inspections", data)
        self.refused(403, OTHER, "/accountability/inspections", data)  # another township's team
        self.refused(400, SUPERVISOR, "/accountability/inspections", {**data, "planned_for": "12/6"})
        self.refused(400, SUPERVISOR, "/accountability/inspections", {**data, "scope": "nothing"})
        before = self.written()
        no_csrf = self.as_(SUPERVISOR).post("/accountability/inspections", data=data)
        assert no_csrf.status_code == 403 and self.written() == before
        assert ref not in self.as_(OTHER).get("/accountability").text  # gz sees its own only

    def test_an_inquiry_is_told_heard_and_decided_by_whom_the_county_says(self) -> None:
        data = {"officer": OFFICER, "ground": "不作为", "details": "接报不出警", "form_id": "open-1"}
        self.refused(403, LEADER, "/accountability/inquiries", data)  # supervisors open inquiries
        opened = self.post(SUPERVISOR, "/accountability/inquiries", data)
        assert opened.status_code == 303
        again = self.post(SUPERVISOR, "/accountability/inquiries", data)  # the same form twice
        assert again.headers["location"] == opened.headers["location"]
        found = WHERE.search(opened.headers["location"])
        assert found
        ref, base = found.group(1), opened.headers["location"]
        for person in (OFFICER2, OTHER, DEPUTY if False else ADMIN):
            status = self.as_(person).get(base).status_code
            assert status == (200 if person == ADMIN else 403), person
        own = self.as_(OFFICER).get(base).text
        assert 'data-act="statement"' in own and 'data-act="decide"' not in own
        assert "接报不出警" in own.split("<h2>记录</h2>")[0]  # the facts stated up top
        decide = {"sanction": "circular_criticism", "reasons": "属实"}
        text = self.refused(422, SUPERVISOR, f"{base}/decide", decide)  # the statement period runs
        assert "陈述申辩期" in text
        self.refused(403, OFFICER2, f"{base}/statement", {"statement": "不是我"})
        assert self.post(OFFICER, f"{base}/statement", {"statement": "当日另有任务"}).status_code == 303
        self.refused(403, LEADER, f"{base}/decide", decide)  # 通报批评: the supervisor's
        self.refused(422, LEADER, f"{base}/decide", {"sanction": "reassign", "reasons": "调离"})  # agreement first
        assert self.post(SUPERVISOR, f"{base}/decide", decide).status_code == 303
        types = [e.type for e in self.store.read_stream(f"inquiry-{ref}")]
        assert types == ["InquiryOpened", "InquiryStatementRecorded", "InquiryDecided"]
        record = self.as_(OFFICER).get(f"/accountability/record/{OFFICER}").text
        assert ref in record and "通报批评" in record
        team = self.as_(LEADER).get("/accountability/team/taicheng")
        assert team.status_code == 200 and "通报批评 1" in team.text and OFFICER in team.text
        assert self.as_(SUPERVISOR).get("/accountability/team/taicheng").status_code == 200
        for person in (OFFICER, OTHER, ADMIN):
            assert self.as_(person).get("/accountability/team/taicheng").status_code == 403

    def test_the_inquiry_page_shows_only_the_decisions_the_visitor_may_take(self) -> None:
        """回避 and the county's decision table decide which forms appear: a leader sees no
        decide form on an inquiry into their own team (the POST would be refused), only
        the sanctions the county file gives their role on an officer's, and the agreement
        form is the supervisor's."""
        team = {"township": "taicheng", "ground": "不作为", "details": "队伍接报不出警"}
        own = self.post(SUPERVISOR, "/accountability/inquiries", team).headers["location"]
        leader_page = self.as_(LEADER).get(own).text
        assert 'data-act="decide"' not in leader_page and 'data-act="agree"' not in leader_page
        self.refused(422, LEADER, f"{own}/decide", {"sanction": "talk", "reasons": "x"})  # 回避
        assert 'data-act="decide"' in self.as_(SUPERVISOR).get(own).text
        data = {"officer": OFFICER, "ground": "不作为", "details": "接报不出警"}
        base = self.post(SUPERVISOR, "/accountability/inquiries", data).headers["location"]
        shown = self.as_(LEADER).get(base).text
        form = shown.split('data-act="decide"')[1].split("</form>")[0]
        offered = re.findall(r'<option value="([a-z_]+)"', form)
        assert offered == ["talk", "criticism", "written_review", "reassign", "dismiss", "none"]
        assert "调离执法岗位（须先经同意）" in form and 'name="organ"' not in form
        assert 'data-act="agree"' not in shown
        supervisor = self.as_(SUPERVISOR).get(base).text
        agree = supervisor.split('data-act="agree"')[1].split("</form>")[0]
        assert re.findall(r'<option value="([a-z_]+)"', agree) == ["reassign", "dismiss"]
        decide = supervisor.split('data-act="decide"')[1].split("</form>")[0]
        assert "reassign" not in decide and 'name="organ"' in decide  # 移送: the supervisor's
        for person in (OFFICER, DEPUTY, ADMIN):
            page = self.as_(person).get(base).text
            assert 'data-act="decide"' not in page and 'data-act="agree"' not in page, person

    def test_duty_reports_are_graded_once_by_each_evaluator(self) -> None:
        duty = self.as_(OFFICER).get("/accountability/duty").text
        assert 'data-act="duty-report"' in duty
        self.refused(400, OFFICER, "/accountability/duty/report", {"year": "2026", "text": ""})
        assert self.post(OFFICER, "/accountability/duty/report", {"year": "2026", "text": "全年办案 40 件"}).status_code == 303
        self.refused(422, OFFICER, "/accountability/duty/report", {"year": "2026", "text": "再交一次"})
        vote = {"year": "2026", "officer": OFFICER, "grade": "称职"}
        self.refused(422, LEADER, "/accountability/duty/evaluate", vote)  # no evaluators named yet
        naming = {"year": "2026", "township": "taicheng", "evaluator": [LEADER, DEPUTY, OFFICER],
                  "representatives": "王大爷"}  # fmt: skip
        self.refused(403, DEPUTY, "/accountability/duty/evaluators", naming)  # the team leader names them
        assert self.post(LEADER, "/accountability/duty/evaluators", naming).status_code == 303
        assert "王大爷（服务对象代表）" in self.as_(LEADER).get("/accountability/duty?year=2026").text
        self.refused(403, OFFICER2, "/accountability/duty/evaluate", vote)  # not named
        self.refused(403, OFFICER, "/accountability/duty/evaluate", vote)  # never oneself
        self.refused(403, OTHER, "/accountability/duty/evaluate", vote)  # another team
        assert self.post(LEADER, "/accountability/duty/evaluate", vote).status_code == 303
        self.refused(422, LEADER, "/accountability/duty/evaluate", {**vote, "grade": "优秀"})
        self.refused(400, DEPUTY, "/accountability/duty/evaluate", {**vote, "grade": "很好"})
        page = self.as_(LEADER).get("/accountability/duty?year=2026").text
        assert "已评议（称职）" in page
        votes = [e.data for e in self.store.read_stream(f"duty-2026-{OFFICER}") if e.type == "DutyEvaluated"]
        assert [(x["evaluator"], x["grade"]) for x in votes] == [(LEADER, "称职")]
        rep = {**vote, "representative": "rep-taicheng-2026-1", "grade": "优秀"}
        self.refused(403, DEPUTY, "/accountability/duty/evaluate", rep)  # the leader enters it
        assert self.post(LEADER, "/accountability/duty/evaluate", rep).status_code == 303
        votes = [e.data for e in self.store.read_stream(f"duty-2026-{OFFICER}") if e.type == "DutyEvaluated"]
        assert votes[-1]["evaluator"] == "rep-taicheng-2026-1"

    def test_a_duty_report_is_read_by_its_evaluators_and_its_file_kept_by_hash(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """述职报告: text or a file kept by its SHA-256; the officer, the township's leadership,
        supervisors and the named evaluators read it; other members, other townships and
        administrators do not; a non-member cannot report, before the upload is read."""
        content = b"%PDF-1.4 duty report"
        upload = {"upload": ("述职报告.pdf", content, "application/pdf")}
        digest = hashlib.sha256(content).hexdigest()
        path = f"/accountability/duty/2026/{OFFICER}/file"
        before = self.written()
        admin = self.as_(ADMIN)
        refused = admin.post("/accountability/duty/report", data={"csrf": csrf_of(admin.get("/tokens").text),
                             "year": "2026"}, files=upload)  # fmt: skip
        assert refused.status_code == 403 and self.written() == before and not self.evidence.exists()
        officer = self.as_(OFFICER)
        csrf = csrf_of(officer.get("/tokens").text)
        assert officer.post("/accountability/duty/report", data={"csrf": "x", "year": "2026"},
                            files=upload).status_code == 403  # fmt: skip
        done = officer.post("/accountability/duty/report", data={"csrf": csrf, "year": "2026", "text": "见附件",
                            "form_id": "duty-1"}, files=upload)  # fmt: skip
        assert done.status_code == 303, done.text
        assert (self.evidence / digest[:2] / digest).read_bytes() == content
        [event] = [e.data for e in self.store.read_stream(f"duty-2026-{OFFICER}")]
        assert (event["text"], event["file_name"], event["file_sha256"]) == ("见附件", "述职报告.pdf", digest)
        mine = officer.get("/accountability/duty?year=2026").text
        assert "见附件" in mine and f'href="{path}"' in mine
        assert officer.get(path).content == content
        assert self.as_(OFFICER2).get(path).status_code == 403  # a member not (yet) named
        assert "见附件" not in self.as_(OFFICER2).get("/accountability/duty?year=2026").text
        for person in (OTHER, ADMIN):
            assert self.as_(person).get(path).status_code == 403, person
        for person in (LEADER, DEPUTY, SUPERVISOR):
            served = self.as_(person).get(path)
            assert served.status_code == 200 and served.content == content, person
        naming = {"year": "2026", "township": "taicheng", "evaluator": [LEADER, DEPUTY, OFFICER2]}
        assert self.post(LEADER, "/accountability/duty/evaluators", naming).status_code == 303
        page = self.as_(OFFICER2).get("/accountability/duty?year=2026").text
        assert f'id="report-{OFFICER}"' in page and "见附件" in page  # named: reads what they grade
        assert self.as_(OFFICER2).get(path).content == content
        assert self.as_(SUPERVISOR).get(f"/accountability/duty/2026/{OFFICER2}/file").status_code == 404
        before = self.written()
        csrf2 = csrf_of(self.as_(OFFICER2).get("/tokens").text)
        huge = {"upload": ("b.pdf", b"x" * 70_000, "application/pdf")}  # over the body's cap: 413
        big = self.as_(OFFICER2).post("/accountability/duty/report", data={"csrf": csrf2, "year": "2026"}, files=huge)
        assert big.status_code == 413 and self.written() == before and len(list(self.evidence.rglob("*"))) == 2

    def test_a_failed_grade_is_a_notice_the_supervisor_follows_up(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """年度考核不合格: the supervisors see the notice (not a decision) on their overview,
        open the inquiry from it, and it leaves the list; nobody else sees the list."""
        from workflow.accountability import duty, evaluators
        from workflow.accountability.types import DutyGrade

        dec = date(2026, 12, 5)
        duty.submit(self.store, OFFICER2, year=2026, text="全年述职", on=dec)
        evaluators.name_evaluators(self.store, LEADER, township="taicheng", year=2026,
                                   evaluators=[LEADER, DEPUTY, OFFICER], on=dec)  # fmt: skip
        for evaluator in (LEADER, DEPUTY, OFFICER):
            duty.evaluate(self.store, evaluator, OFFICER2, year=2026, grade=DutyGrade.INCOMPETENT, on=dec)
        monkeypatch.setenv("CASEWORK_NOW", "2027-01-02T02:00:00")
        self.clients.clear()
        assert self.post(SUPERVISOR, "/accountability/assessment/2026/issue", {}).status_code == 303
        settle(self.store)
        overview = self.as_(SUPERVISOR).get("/accountability").text
        assert 'id="failed"' in overview and f'data-act="open-failed-{OFFICER2}"' in overview
        assert f'data-act="open-failed-{OFFICER}"' not in overview
        for person in (LEADER, DEPUTY):
            assert 'id="failed"' not in self.as_(person).get("/accountability").text, person
        opening = {"officer": OFFICER2, "ground": "failed_assessment", "details": "2026 年度考核不合格"}
        self.refused(422, SUPERVISOR, "/accountability/inquiries", {**opening, "officer": OFFICER})  # not 不合格
        self.refused(403, LEADER, "/accountability/inquiries", opening)
        opened = self.post(SUPERVISOR, "/accountability/inquiries", opening)
        assert opened.status_code == 303, opened.text
        settle(self.store)
        assert 'id="failed"' not in self.as_(SUPERVISOR).get("/accountability").text  # followed up

    def test_the_assessment_is_issued_once_by_whom_the_county_says_and_records_are_private(self) -> None:
        self.refused(403, LEADER, "/accountability/assessment/2025/issue", {})
        self.refused(422, SUPERVISOR, "/accountability/assessment/2026/issue", {})  # the year runs
        assert self.post(SUPERVISOR, "/accountability/assessment/2025/issue", {}).status_code == 303
        page = self.as_(LEADER).get("/accountability/assessment/2025").text
        assert "印发日期" in page and "gz-" not in page  # the leader sees their own township
        assert 'href="/assessment/2025"' in page  # the printable document (web's page)
        assert self.as_(OFFICER).get("/accountability/assessment/2025").status_code == 403
        assert self.as_(OFFICER).get(f"/accountability/record/{OFFICER2}").status_code == 403
        assert self.as_(LEADER).get(f"/accountability/record/{OTHER}").status_code == 403
        assert self.as_(ADMIN).get(f"/accountability/record/{OFFICER}").status_code == 403
        assert self.as_(SUPERVISOR).get(f"/accountability/record/{OTHER}").status_code == 200
        home = self.as_(OFFICER).get("/accountability")
        assert home.headers["location"] == f"/accountability/record/{OFFICER}"

    def test_a_rectification_file_is_authorised_first_kept_by_hash_and_served(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        ref = self.planned()
        base = f"/accountability/inspections/{ref}"
        upload = {"upload": ("整改报告.pdf", b"%PDF-1.4 rectified", "application/pdf")}
        self.refused(422, LEADER, f"{base}/attach", {})  # no rectification ordered yet
        self.post(SUPERVISOR, f"{base}/record", {"finding_scope": "on_site", "finding_text": "未亮证",
                  "finding_officers": "", "finding_cases": "", "rectify_by": "2026-12-20"})  # fmt: skip
        csrf = csrf_of(self.as_(OFFICER).get("/tokens").text)
        before = self.written()
        refused = self.as_(OFFICER).post(f"{base}/attach", data={"csrf": csrf}, files=upload)
        assert refused.status_code == 403 and self.written() == before and not self.evidence.exists()
        leader = self.as_(LEADER)
        csrf = csrf_of(leader.get("/tokens").text)
        assert leader.post(f"{base}/attach", data={"csrf": "x"}, files=upload).status_code == 403
        done = leader.post(f"{base}/attach", data={"csrf": csrf, "form_id": "att-1"}, files=upload)
        assert done.status_code == 303, done.text
        digest = hashlib.sha256(b"%PDF-1.4 rectified").hexdigest()
        assert (self.evidence / digest[:2] / digest).read_bytes() == b"%PDF-1.4 rectified"
        [attached] = [e.data for e in self.store.read_stream(f"inspection-{ref}")
                      if e.type == "RectificationFileAttached"]  # fmt: skip
        assert (attached["file_name"], attached["file_sha256"], attached["size"]) == ("整改报告.pdf", digest, 18)
        served = self.as_(SUPERVISOR).get(f"{base}/files/{digest}")
        assert served.status_code == 200 and served.content == b"%PDF-1.4 rectified"
        assert self.as_(OFFICER).get(f"{base}/files/{digest}").status_code == 403
        assert self.as_(SUPERVISOR).get(f"{base}/files/{'0' * 64}").status_code == 404
        before = self.written()
        over = {"upload": ("b.pdf", b"x" * 2000, "application/pdf")}  # over the file limit
        big = leader.post(f"{base}/attach", data={"csrf": csrf}, files=over)
        assert big.status_code == 413 and "1024 字节" in big.text and self.written() == before
        huge = {"upload": ("b.pdf", b"x" * 70_000, "application/pdf")}  # over the body's cap: 413
        assert leader.post(f"{base}/attach", data={"csrf": csrf}, files=huge).status_code == 413
        assert self.written() == before and len(list(self.evidence.rglob("*"))) == 2
        bad = leader.post(f"{base}/attach", data={"csrf": csrf}, files={"upload": ("a.exe", b"MZ", "x")})
        assert bad.status_code == 400 and self.written() == before

    def test_the_printable_assessment_of_a_past_year_uses_the_policy_then_in_force(self) -> None:
        current = load_policy()
        then = parse_policy({**current.raw, "assessment": {**current.raw["assessment"], "base": 77}})
        assert policy_history.record(self.store, then, date(2025, 1, 1))
        assert policy_history.record(self.store, current, date(2026, 1, 1))
        past = self.as_(SUPERVISOR).get("/assessment/2025")
        assert past.status_code == 200 and "基础分 77" in past.text and "基础分 85" not in past.text
        assert "基础分 85" in self.as_(SUPERVISOR).get("/assessment/2026").text
        assert self.as_(OFFICER).get("/assessment/2025").status_code == 403

    def test_the_policy_versions_are_listed_for_those_who_apply_them(self) -> None:
        current = load_policy()
        then = parse_policy({**current.raw, "assessment": {**current.raw["assessment"], "base": 77}})
        policy_history.record(self.store, then, date(2025, 1, 1))
        policy_history.record(self.store, current, date(2026, 1, 1))
        shown = self.as_(SUPERVISOR).get("/accountability/policy").text
        assert "assessment.base: 77 → 85" in shown and "2025-01-01" in shown and "首次记录" in shown
        only = self.as_(LEADER).get("/accountability/policy?year=2025").text
        assert "2025 年度适用的问责规则" in only and "77 → 85" not in only
        assert self.as_(SUPERVISOR).get("/accountability/policy?year=99999").status_code == 400
        assert self.as_(OFFICER).get("/accountability/policy").status_code == 403
        anonymous = self.desk.client().get("/accountability/policy")
        assert anonymous.status_code in (303, 401) and "77" not in anonymous.text

    def test_the_api_record_carries_the_oversight_figures_as_the_cli_does(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        ref = self.planned()
        assert self.post(SUPERVISOR, f"/accountability/inspections/{ref}/record", {
            "finding_scope": "on_site", "finding_text": "未亮证", "finding_officers": OFFICER,
            "finding_cases": "", "rectify_by": "2026-12-20"}).status_code == 303  # fmt: skip
        opened = self.post(SUPERVISOR, "/accountability/inquiries",
                           {"officer": OFFICER, "ground": "不作为", "details": "接报不出警"})  # fmt: skip
        found = WHERE.search(opened.headers["location"])
        assert found
        assert self.post(OFFICER, "/accountability/duty/report", {"year": "2026", "text": "全年办案"}).status_code == 303
        naming = {"year": "2026", "township": "taicheng", "evaluator": [LEADER, DEPUTY, OFFICER2]}
        assert self.post(LEADER, "/accountability/duty/evaluators", naming).status_code == 303
        vote = {"year": "2026", "officer": OFFICER, "grade": "称职"}
        assert self.post(LEADER, "/accountability/duty/evaluate", vote).status_code == 303
        settle(self.store)
        response = self.desk.api(SUPERVISOR, "GET", f"/api/accountability?officer={OFFICER}")
        assert response.status_code == 200, response.text
        [record] = response.json()
        o = record["oversight"]
        assert [f["text"] for f in o["findings"]] == ["未亮证"] and o["overturned"] == []
        assert [(q["inquiry_id"], q["sanction"]) for q in o["inquiries"]] == [(found.group(1), None)]
        assert o["duty_votes"] == {"2026": {"称职": 1}} and o["grades"] == {}
        monkeypatch.setenv("CASEWORK_DATABASE_URL", self.url)
        [cli] = run(capsys, "--json", "accountability", OFFICER).json()
        assert cli["oversight"] == o  # the same record as `casework accountability`
        listed = self.desk.api(SUPERVISOR, "GET", "/api/accountability?township=taicheng").json()
        assert OFFICER in [r["officer_id"] for r in listed]  # no case yet: listed by its oversight
        own = self.desk.api(OFFICER, "GET", f"/api/accountability?officer={OFFICER2}")
        assert [r["officer_id"] for r in own.json()] == [OFFICER]  # an officer reads their own
        other = self.desk.api(OTHER, "GET", "/api/accountability?township=taicheng")
        assert other.status_code == 200 and OFFICER not in other.text  # another team: their own only
        assert self.desk.api(ADMIN, "GET", "/api/accountability").status_code == 403
        assert self.desk.client().get("/api/accountability").status_code == 401

    def test_an_officer_graded_excellent_is_rewarded_once_by_an_administrator(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from workflow.accountability import duty, evaluators
        from workflow.accountability.types import DutyGrade

        heads = ["tc-001", "tc-002", "tc-003"]
        evaluators.name_evaluators(self.store, LEADER, township="taicheng", year=2026, evaluators=heads)
        duty.submit(self.store, OFFICER, year=2026, text="全年工作总结")
        for evaluator in heads:  # 述职评议 优秀: 85 + 10 = 95, 优秀 (SAMPLE points)
            duty.evaluate(self.store, evaluator, OFFICER, year=2026, grade=DutyGrade.EXCELLENT)
        monkeypatch.setenv("CASEWORK_NOW", "2027-01-02T02:00:00")
        assert self.post(SUPERVISOR, "/accountability/assessment/2026/issue", {}).status_code == 303
        page = self.as_(ADMIN).get("/accountability/assessment/2026").text
        assert f'data-act="reward-{OFFICER}"' in page and f'data-act="reward-{OFFICER2}"' not in page
        assert 'data-act="reward-' not in self.as_(SUPERVISOR).get("/accountability/assessment/2026").text
        self.refused(403, SUPERVISOR, "/accountability/assessment/2026/reward", {"officer": OFFICER})
        self.refused(422, ADMIN, "/accountability/assessment/2026/reward", {"officer": OFFICER2})  # 合格
        assert self.post(ADMIN, "/accountability/assessment/2026/reward", {"officer": OFFICER}).status_code == 303
        before = self.written()
        assert self.post(ADMIN, "/accountability/assessment/2026/reward", {"officer": OFFICER}).status_code == 303
        assert self.written() == before  # once per officer and year
        awards = [e for e in self.store.read_stream("roster-taicheng") if e.type == "PersonnelActionRecorded"]
        assert [(e.data["officer_id"], e.data["action"]) for e in awards] == [(OFFICER, "award")]
        assert "已评优" in self.as_(ADMIN).get("/accountability/assessment/2026").text
        record = self.as_(OFFICER).get(f"/accountability/record/{OFFICER}").text
        assert "2026年度考核优秀，评优评先" in record  # the record shows the reward

    def test_the_duty_page_shows_the_reports_a_page_at_a_time(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from workflow.web import pages_accountability

        monkeypatch.setattr(pages_accountability, "DUTY_PAGE", 2)
        for person in (OFFICER, OFFICER2, DEPUTY):
            response = self.post(person, "/accountability/duty/report", {"year": "2026", "text": "全年述职"})
            assert response.status_code == 303, response.text
        settle(self.store)
        first = self.as_(SUPERVISOR).get("/accountability/duty?year=2026").text
        second = self.as_(SUPERVISOR).get("/accountability/duty?year=2026&page=2").text
        shown = [re.findall(r'<a href="/accountability/record/([a-z0-9-]+)">', t) for t in (first, second)]
        assert shown == [sorted([OFFICER, OFFICER2, DEPUTY])[:2], sorted([OFFICER, OFFICER2, DEPUTY])[2:]]
        assert "第 1/2 页（共 3 人）" in first and 'rel="next"' in first and 'rel="prev"' not in first
        assert "第 2/2 页" in second and 'rel="prev"' in second and 'rel="next"' not in second
        beyond = self.as_(SUPERVISOR).get("/accountability/duty?year=2026&page=9").text
        assert "第 2/2 页" in beyond  # past the last page: the last page
        assert self.as_(SUPERVISOR).get("/accountability/duty?year=2026&page=0").status_code == 400

    def test_an_officer_posted_away_logs_in_to_read_and_contest_their_own_record_only(self) -> None:
        data = {"officer": OFFICER2, "ground": "乱作为", "details": "作风粗暴"}
        base = self.post(SUPERVISOR, "/accountability/inquiries", data).headers["location"]
        assert self.post(OFFICER2, f"{base}/statement", {"statement": "认错"}).status_code == 303
        reassign = {"sanction": "reassign", "reasons": "作风粗暴"}
        assert self.post(SUPERVISOR, f"{base}/decide", {**reassign, "agree": "1"}).status_code == 303
        assert self.post(LEADER, f"{base}/decide", reassign).status_code == 303
        more = {"officer": OFFICER2, "ground": "不作为", "details": "调离前多次接报不出警"}  # still answerable
        second = self.post(SUPERVISOR, "/accountability/inquiries", more).headers["location"]
        away = self.desk.login(OFFICER2)  # posted away (调离), not removed (清退): they log in
        home = away.get("/")
        assert home.status_code == 303 and home.headers["location"] == f"/accountability/record/{OFFICER2}"
        page = away.get(f"/accountability/record/{OFFICER2}")
        assert page.status_code == 200 and "调离执法岗位（不能办案）" in page.text
        assert "我的档案（已调离执法岗位）" in page.text and 'href="/my"' not in page.text
        assert away.get(base).status_code == 200 and away.get(second).status_code == 200
        for path in (f"/accountability/record/{OFFICER}", "/my", "/cases/new", "/tokens",
                     "/accountability/duty", "/api/cases", "/api/deadlines"):  # fmt: skip
            assert away.get(path).status_code == 403, path
        [own] = away.get(f"/api/accountability?officer={OFFICER}").json()  # their own, whatever asked
        assert own["officer_id"] == OFFICER2 and own["posted_away"]["on"] == "2026-12-05"
        csrf = csrf_of(page.text)
        before = self.written()
        stated = away.post(f"{second}/statement", data={"csrf": csrf, "statement": "当日另有任务"})
        assert stated.status_code == 303 and self.written() == before + 1  # they contest it
        for path, form in ((f"{base}/statement", {"statement": "again"}),  # decided: 422
                           ("/accountability/duty/report", {"year": "2026", "text": "述职"}),
                           (f"/accountability/record/{OFFICER2}/reinstate", {"reasons": "r"})):  # fmt: skip
            refused = away.post(path, data={"csrf": csrf, **form})
            assert refused.status_code in (403, 422), (path, refused.status_code)
        assert self.written() == before + 1
        assert self.desk.client().get(f"/accountability/record/{OFFICER2}").status_code in (302, 303, 401)

    def test_a_reassigned_officer_is_shown_posted_away_and_the_leader_restores_them(self) -> None:
        data = {"officer": OFFICER2, "ground": "乱作为", "details": "作风粗暴"}
        base = self.post(SUPERVISOR, "/accountability/inquiries", data).headers["location"]
        assert self.post(OFFICER2, f"{base}/statement", {"statement": "认错"}).status_code == 303
        reassign = {"sanction": "reassign", "reasons": "作风粗暴"}
        assert self.post(SUPERVISOR, f"{base}/decide", {**reassign, "agree": "1"}).status_code == 303
        assert self.post(LEADER, f"{base}/decide", reassign).status_code == 303
        record = f"/accountability/record/{OFFICER2}"
        shown = self.as_(LEADER).get(record).text
        assert "调离执法岗位（不能办案）" in shown and 'data-act="reinstate"' not in shown  # agreement first
        assert "尚未同意" in shown and 'data-act="agree-reinstate"' not in shown
        [api] = self.desk.api(SUPERVISOR, "GET", f"/api/accountability?officer={OFFICER2}").json()
        assert api["posted_away"]["on"] == "2026-12-05" and api["removal"] is None
        watched = self.as_(SUPERVISOR).get(record).text
        assert "调离执法岗位（不能办案）" in watched and 'data-act="reinstate"' not in watched
        assert 'data-act="agree-reinstate"' in watched
        self.refused(403, SUPERVISOR, f"{record}/reinstate", {"reasons": "整改到位"})  # SAMPLE: the leader
        self.refused(403, DEPUTY, f"{record}/reinstate", {"reasons": "整改到位"})
        self.refused(422, LEADER, f"{record}/reinstate", {"reasons": "整改到位"})  # the supervisor agrees first
        self.refused(403, LEADER, f"{record}/agree-reinstate", {"comments": "同意"})
        assert self.post(SUPERVISOR, f"{record}/agree-reinstate", {"comments": "同意"}).status_code == 303
        self.refused(422, SUPERVISOR, f"{record}/agree-reinstate", {"comments": "again"})
        shown = self.as_(LEADER).get(record).text
        assert 'data-act="reinstate"' in shown and "已同意" in shown
        self.refused(400, LEADER, f"{record}/reinstate", {"reasons": ""})
        self.refused(422, LEADER, f"/accountability/record/{OFFICER}/reinstate", {"reasons": "r"})  # not away
        assert self.post(LEADER, f"{record}/reinstate", {"reasons": "整改到位"}).status_code == 303
        kinds = [e.type for e in self.store.read_stream("roster-taicheng")][-3:]
        assert kinds == ["OfficerPostedAway", "ReinstatementAgreed", "OfficerReinstated"]
        assert "调离执法岗位（不能办案）" not in self.as_(LEADER).get(record).text

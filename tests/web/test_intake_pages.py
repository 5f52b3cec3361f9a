"""Console pages for 线索 (leads), 许可申请 (applications), the licensing clock's pause (中止),
and the roster's 乡镇意见 / 人事 forms: through the same services as the CLI, CSRF-checked,
once per form, markup inert, the reporter only for the township's leadership."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PEOPLE, WebDesk, csrf_of

OFFICER, LEADER, OTHER, ADMIN = PEOPLE["officer"], PEOPLE["leader"], PEOPLE["other"], PEOPLE["admin"]
MARKUP = "<script>alert(1)</script>"


def form_id(html: str) -> str:
    found = re.search(r'name="form_id" value="([^"]+)"', html)
    assert found
    return found.group(1)


class TestIntakePages(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def post(self, client: Any, path: str, page: str, **data: str) -> Any:
        return client.post(path, data={"csrf": csrf_of(page), "form_id": form_id(page), **data})

    def test_a_lead_registered_in_the_console_then_opened_as_a_case_by_the_leader(self) -> None:
        officer = self.desk.login(OFFICER)
        page = officer.get("/leads").text
        assert 'data-act="register"' in page
        no_csrf = officer.post("/leads/new/register", data={"township": "taicheng", "channel": "群众举报",
                                                            "summary": "x"})  # fmt: skip
        assert no_csrf.status_code == 403
        data = {"township": "taicheng", "channel": "群众举报", "summary": f"夜间施工扰民{MARKUP}",
                "reporter": "王五", "reporter_contact": "13800138000"}  # fmt: skip
        done = self.post(officer, "/leads/new/register", page, **data)
        assert done.status_code == 303, done.text
        again = self.post(officer, "/leads/new/register", page, **data)  # a double submit
        assert again.headers["location"] == done.headers["location"]
        lead_page = officer.get(done.headers["location"]).text
        assert "&lt;script&gt;" in lead_page and MARKUP not in lead_page
        assert "王五" not in lead_page and "13800138000" not in lead_page  # masked for an officer
        assert 'data-act="accept"' not in lead_page  # the leader decides (art 54)
        listed = officer.get("/leads").text
        assert listed.count("夜间施工扰民") == 1
        leader = self.desk.login(LEADER)
        mine = leader.get(done.headers["location"]).text
        assert "王五" in mine and 'data-act="accept"' in mine
        assert self.desk.login(OTHER).get(done.headers["location"]).status_code == 403
        ref = done.headers["location"].split("/")[2].split("?")[0]
        opened = self.post(leader, f"/leads/{ref}/accept", mine, matter="SC-CF-001", party="某建筑公司",
                           summary="夜间施工", opinion="同意立案")  # fmt: skip
        assert opened.status_code == 303 and opened.headers["location"].startswith("/cases/"), opened.text
        case = opened.headers["location"].split("/")[2].split("?")[0]
        record = self.store.read_stream(f"case-{case}")[0]
        assert record.type == "CaseOpened" and record.metadata["channel"] == "web"
        assert "已立案" in leader.get(f"/leads/{ref}").text

    def test_an_application_received_corrected_and_accepted_in_the_console(self) -> None:
        officer = self.desk.login(OFFICER)
        page = officer.get("/applications").text
        received = self.post(officer, "/applications/new/receive", page, township="taicheng",
                             matter="CG-XK-001", applicant=f"李四{MARKUP}", summary="临时占道")  # fmt: skip
        assert received.status_code == 303, received.text
        where = received.headers["location"].split("?")[0]
        shown = officer.get(where).text
        assert "待答复" in shown and MARKUP not in shown and "&lt;script&gt;" in shown
        assert 'data-act="correct"' in shown and 'data-act="resubmitted"' not in shown
        assert self.desk.login(OTHER).get(where).status_code == 403
        empty = self.post(officer, f"{where}/correct", shown, materials=" ")
        assert empty.status_code in (400, 422) and "application-state" in empty.text
        corrected = self.post(officer, f"{where}/correct", shown, materials="占道平面图\n安全承诺书")
        assert corrected.status_code == 303, corrected.text
        shown = officer.get(where).text
        assert "待补正" in shown and "占道平面图；安全承诺书" in shown and 'data-act="resubmitted"' in shown
        assert self.post(officer, f"{where}/resubmitted", shown).status_code == 303
        shown = officer.get(where).text
        accepted = self.post(officer, f"{where}/accept", shown)
        assert accepted.status_code == 303 and accepted.headers["location"].startswith("/cases/")
        assert "已受理" in officer.get(where).text
        looked = officer.get("/applications/lookup", params={"ref": where.split("/")[-1]})
        assert looked.headers["location"] == where

    def test_the_licensing_clock_pauses_and_resumes_from_the_case_page(self) -> None:
        officer = self.desk.login(OFFICER)
        page = officer.get("/applications").text
        received = self.post(officer, "/applications/new/receive", page, township="taicheng",
                             matter="CG-XK-001", applicant="李四")  # fmt: skip
        where = received.headers["location"].split("?")[0]
        accepted = self.post(officer, f"{where}/accept", officer.get(where).text)
        case_path = accepted.headers["location"].split("?")[0]
        case = case_path.split("/")[2]
        body = {"officers": [OFFICER, PEOPLE["officer2"]]}
        assert self.desk.api(LEADER, "POST", f"/api/cases/{case}/dispatch", json=body).status_code == 200
        case_page = officer.get(case_path).text
        assert 'data-act="pause-clock"' in case_page, "no 中止 form on a licensing case"
        # a licensing case waits for no 事先告知 or 不予处罚 (they were offered, then refused)
        waiting = case_page.split("本阶段可办理：")[1].split("</p>")[0]
        assert "事先告知" not in waiting and "不予处罚" not in waiting and "准予许可" in waiting
        leader_page = self.desk.login(LEADER).get(case_path).text
        assert 'data-act="decide-no-penalty"' not in leader_page and 'data-act="grant-licence"' in leader_page
        form = case_page[case_page.index('data-act="pause-clock"'):]
        version = re.search(r'name="expected_version" value="(\d+)"', form)
        data = {"csrf": csrf_of(case_page), "form_id": form_id(form), "kind": "检验",
                "reason": "委托检测机构检验，约十个工作日"}  # fmt: skip
        if version:
            data["expected_version"] = version.group(1)
        paused = officer.post(f"{case_path}/acts/pause-clock", data=data)
        assert paused.status_code == 303, paused.text
        assert self.store.read_stream(f"case-{case}")[-1].type == "ClockPaused"
        case_page = officer.get(case_path).text
        assert 'data-act="resume-clock"' in case_page and 'data-act="pause-clock"' not in case_page

    def test_the_townships_opinion_then_the_administrators_personnel_action(self) -> None:
        leader = self.desk.login(LEADER)
        page = leader.get("/roster").text
        assert 'data-act="opinion"' in page and 'data-act="personnel"' not in page  # administrators
        done = self.post(leader, "/roster/opinion", page, township="taicheng", officer_id=OFFICER,
                         action="award", agrees="yes", opinion=f"同意推荐{MARKUP}")  # fmt: skip
        assert done.status_code == 303, done.text
        page = leader.get("/roster").text
        assert "同意推荐&lt;script&gt;" in page and MARKUP not in page
        admin = self.desk.login(ADMIN)
        page = admin.get("/roster?township=taicheng").text
        acted = self.post(admin, "/roster/personnel", page, township="taicheng", officer_id=OFFICER,
                          action="award", details="年度评优")  # fmt: skip
        assert acted.status_code == 303, acted.text
        types = [r.type for r in self.store.read_stream("roster-taicheng")]
        assert types[-2:] == ["PersonnelOpinionRecorded", "PersonnelActionRecorded"]
        forged = admin.post("/roster/personnel", data={"township": "taicheng", "officer_id": OFFICER,
                                                       "action": "award", "details": "x"})  # fmt: skip
        assert forged.status_code == 403  # no CSRF token
        bad = self.post(admin, "/roster/personnel", admin.get("/roster?township=taicheng").text,
                        township="taicheng", officer_id=OFFICER, action="demotion", details="x")  # fmt: skip
        assert bad.status_code == 400 and 'role="alert"' in bad.text
        assert len(self.store.read_stream("roster-taicheng")) == len(types)  # refused: nothing appended

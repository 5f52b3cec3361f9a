"""The deadline board, the yearly assessment, and the designated legal reviewer's queue."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PASSWORD, PEOPLE, WebDesk
from workflow.cases import commands as cmd
from workflow.cases.rules_review import MAJOR_MARKS

OFFICER, OFFICER2, LEADER, SUPERVISOR = (PEOPLE[r] for r in ("officer", "officer2", "leader", "supervisor"))
MAJOR = MAJOR_MARKS[0]
REVIEWER = "tc-006"  # a team member not dispatched to the desk's cases


class TestCountyPages(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        accounts = self.desk.ctx.accounts
        first = accounts.create(REVIEWER, by="ad-001", channel="cli")
        accounts.change_password(REVIEWER, first, PASSWORD, channel="cli")
        yield
        self.desk.close()

    def notified(self) -> str:
        case = self.desk.dispatched(party="李四 <i>x</i>")
        for act, body in (("record-evidence", {"kind": "书证", "text": "照片"}),
                          ("notify-penalty", {"basis": "《价格法》第四十二条", "circumstance": "一般",
                                              "sanctions": [{"kind": "fine", "amount": 500}]})):  # fmt: skip
            response = self.desk.api(OFFICER, "POST", f"/api/cases/{case}/{act}", json=body)
            assert response.status_code == 200, response.text
        return case

    def designate(self, person: str) -> None:
        service = self.desk.ctx.cases("cli", LEADER)
        service.designate(cmd.DesignateDuty(actor=LEADER, township="taicheng", person=person,
                                            duty="legal_reviewer"))  # fmt: skip

    def test_the_deadline_board_lists_cases_with_their_deadlines(self) -> None:
        case = self.desk.dispatched()
        supervisor = self.desk.login(SUPERVISOR)
        page = supervisor.get("/deadlines").text
        assert f"/cases/{case}" in page and "期限看板" in page and "台城镇" in page
        assert f"/cases/{case}" in supervisor.get("/deadlines", params={"township": "taicheng"}).text
        other = supervisor.get("/deadlines", params={"township": "guozhen"}).text
        assert f"/cases/{case}" not in other
        leader = self.desk.login(LEADER).get("/deadlines").text
        assert f"/cases/{case}" in leader
        outsider = self.desk.login(PEOPLE["other"]).get("/deadlines").text
        assert f"/cases/{case}" not in outsider

    def test_the_yearly_assessment_is_the_assessment_document(self) -> None:
        from workflow import clock

        year = clock.local_day(clock.now()).year
        supervisor = self.desk.login(SUPERVISOR)
        doc = supervisor.get(f"/assessment/{year}")
        assert doc.status_code == 200 and f"{year}年度乡镇综合行政执法人员考核结果" in doc.text
        assert "script-src" not in doc.headers["content-security-policy"]
        assert supervisor.get(f"/assessment/{year + 1}").status_code == 400
        assert self.desk.login(OFFICER).get(f"/assessment/{year}").status_code == 403

    def test_the_designated_reviewer_sees_the_cases_to_review_and_not_their_own(self) -> None:
        case = self.notified()
        reviewer = self.desk.login(OFFICER2)
        assert "/queue" not in reviewer.get("/my").text  # not designated: no queue in the nav
        assert f"/cases/{case}" not in reviewer.get("/queue").text
        self.designate(OFFICER2)
        self.designate(REVIEWER)
        assert '/queue">法制审核' in reviewer.get("/my").text
        own = reviewer.get("/queue").text
        assert "您是本乡镇指定的法制审核人员" in own and f"/cases/{case}" not in own  # handles it
        page = self.desk.login(REVIEWER).get("/queue").text
        assert f"/cases/{case}" in page.split("其他可审核")[1]  # not major: not required
        assert "李四 &lt;i&gt;x&lt;/i&gt;" in page
        major = {"grounds": [MAJOR], "reason": "案情复杂"}
        assert self.desk.api(LEADER, "POST", f"/api/cases/{case}/mark-major", json=major).status_code == 200
        page = self.desk.login(REVIEWER).get("/queue").text
        assert f"/cases/{case}" in page.split("其他可审核")[0]  # major: needs the review first
        leader = self.desk.login(LEADER).get("/queue").text
        assert f"/cases/{case}" in leader and "尚未指定" not in leader

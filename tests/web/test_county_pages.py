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

    def test_the_review_form_is_for_the_designated_reviewer_who_did_not_investigate(self) -> None:
        """《行政处罚法》第五十八条: the handler refuses anyone else, so nobody else is offered
        the form (an investigator of the case saw it and was refused on submit); the result
        is the domain's list (通过/退回), not a box to type `passed` into."""
        case = self.notified()
        self.designate(OFFICER2)  # designated, but dispatched to this case
        for person in (OFFICER, OFFICER2):
            page = self.desk.login(person).get(f"/cases/{case}").text
            assert 'data-act="record-legal-review"' not in page, person
        acts = self.desk.api(OFFICER2, "GET", f"/api/cases/{case}/acts").json()["acts"]
        assert "record-legal-review" not in acts and "waive-defence" in acts
        reviewer = self.desk.login(REVIEWER)
        page = reviewer.get(f"/cases/{case}").text
        assert 'data-act="record-legal-review"' not in page  # not designated yet
        self.designate(REVIEWER)
        page = reviewer.get(f"/cases/{case}").text
        form = page.split('data-act="record-legal-review"')[1].split("</form>")[0]
        assert '<select name="result">' in form
        assert '<option value="passed">通过</option>' in form and '<option value="returned">退回</option>' in form
        assert ">result<" not in form and "审核结论" in form
        data = {"csrf": form.split('name="csrf" value="')[1].split('"')[0], "result": "returned",
                "opinion": "事实不清，补充调查", "form_id": "review-1",
                "expected_version": form.split('name="expected_version" value="')[1].split('"')[0]}  # fmt: skip
        done = reviewer.post(f"/cases/{case}/acts/record-legal-review", data=data)
        assert done.status_code == 303, done.text
        history = self.desk.api(SUPERVISOR, "GET", f"/api/cases/{case}/history").json()
        rows = history["events"] if isinstance(history, dict) else history
        [review] = [r for r in rows if r["type"] == "LegalReviewRecorded"]
        assert review["data"]["result"] == "returned" and review["actor"] == REVIEWER

    def test_the_procedure_forms_offer_the_people_and_values_the_rules_name(self) -> None:
        """回避: one of the case's officers; 听证主持人: a team member who did not investigate
        (art. 64); 集体讨论: the leadership (art. 57); 重大案件情形 and 不予处罚 grounds from
        the domain's lists; the case names its officers by name."""
        case = self.notified()
        page = self.desk.login(LEADER).get(f"/cases/{case}").text
        recuse = page.split('data-act="recuse-officer"')[1].split("</form>")[0]
        officers = recuse.split('<select name="officer"')[1].split("</select>")[0]
        assert f'value="{OFFICER}"' in officers and f'value="{OFFICER2}"' in officers
        assert officers.count("<option") == 2
        decide = page.split('data-act="decide-no-penalty"')[1].split("</form>")[0]
        assert 'value="not_established"' in decide and "违法事实不能成立" in decide
        major = page.split('data-act="mark-major"')[1].split("</form>")[0]
        assert all(f'name="grounds" value="{m}"' in major for m in MAJOR_MARKS)
        named = page.split("<dt>执法人员</dt>")[1].split("</dd>")[0]
        assert f"（{OFFICER}）" in named and not named.startswith(OFFICER)  # a name before the id
        case = self.desk.dispatched()  # 20,000 yuan: a 较大数额罚款, hearing-eligible (art. 63)
        for act, body in (("record-evidence", {"kind": "书证", "text": "照片"}),
                          ("notify-penalty", {"basis": "《价格法》第四十二条", "circumstance": "一般",
                                              "sanctions": [{"kind": "fine", "amount": 20000}]}),
                          ("request-hearing", {})):  # fmt: skip
            response = self.desk.api(OFFICER, "POST", f"/api/cases/{case}/{act}", json=body)
            assert response.status_code == 200, response.text
        page = self.desk.login(LEADER).get(f"/cases/{case}").text
        schedule = page.split('data-act="schedule-hearing"')[1].split("</form>")[0]
        chairs = schedule.split('<select name="chair"')[1].split("</select>")[0]
        assert f'value="{OFFICER}"' not in chairs and f'value="{OFFICER2}"' not in chairs
        assert f'value="{LEADER}"' in chairs

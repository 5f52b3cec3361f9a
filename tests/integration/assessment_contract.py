"""The graded yearly assessment (年度考核), on every store backend.

The demo county runs to 30 November 2026; the test adds an inspection, inquiries and duty
evaluations, issues the 2026 grades on 2 January 2027, and recomputes every grade
independently from the raw events (`assessment_recompute`).
"""

from __future__ import annotations

import copy
import tomllib
from datetime import date

import pytest

from events import EventStore
from projections import oversight
from projections.engine import ProjectionEngine
from projections.queries_oversight import officer_records, team_totals
from projections.registry import all_projections
from tests.demo_cache import demo
from tests.integration.assessment_recompute import recompute, recompute_teams
from tests.integration.backends import settle
from tests.integration.documents_desk import Desk
from workers.oversight import daily
from workflow.accountability import assessment as service
from workflow.accountability import (
    duty,
    evaluators,
    inquiries,
    inspections,
    policy_history,
    reinstatement,
    yearfacts,
)
from workflow.accountability.policy import load_policy, parse_policy
from workflow.accountability.types import DutyGrade, Ground, Sanction, Scope
from workflow.documents.kinds import DocumentKind
from workflow.errors import NotAuthorised, NotFound, RuleViolation
from workflow.execution.events import Method
from workflow.organisation import service as org_service
from workflow.organisation.county import shipped_county_path
from workflow.organisation.service import init_county
from workflow.organisation.types import PersonnelAction

JAN2 = date(2027, 1, 2)
DEC = date(2026, 12, 5)
NAMED, CRITICISED, FAILING, EXCELLENT, SECONDED = "tc-005", "tc-006", "tc-007", "tc-008", "tc-012"


def raw_policy() -> dict[str, object]:
    return tomllib.loads(shipped_county_path().read_text(encoding="utf-8"))["accountability"]


class AssessmentContract:
    store: EventStore
    url: str

    def year(self) -> None:
        """Inspection findings, an inquiry decided, duty reports graded."""
        plan = inspections.plan(self.store, "sv-001", township="taicheng", scope=[Scope.ON_SITE],
                                planned_for=date(2026, 9, 10), inspectors=[], on=date(2026, 9, 1))  # fmt: skip
        ref = plan.stream_id.removeprefix("inspection-")
        inspections.record(self.store, "sv-001", ref, on=date(2026, 9, 10), findings=[
            {"scope": "on_site", "text": "未出示执法证件", "officers": [NAMED]},
            {"scope": "equipment", "text": "执法记录仪损坏"}])  # fmt: skip
        opened = inquiries.open_inquiry(self.store, "sv-001", officer=CRITICISED, ground=Ground.INACTION,
                                        details="接报不出警", on=date(2026, 10, 8))  # fmt: skip
        inquiry = opened.stream_id.removeprefix("inquiry-")
        inquiries.state_case(self.store, CRITICISED, inquiry, waived=True, on=date(2026, 10, 9))
        inquiries.decide(self.store, "sv-001", inquiry, sanction=Sanction.CIRCULAR_CRITICISM,
                         reasons="属实", on=date(2026, 10, 15))  # fmt: skip
        team = inquiries.open_inquiry(self.store, "sv-001", officer=None, township="gengzhen",
                                      ground=Ground.NOT_RESPONSIBLE, details="整改不力", on=date(2026, 10, 8))  # fmt: skip
        ref = team.stream_id.removeprefix("inquiry-")
        inquiries.state_case(self.store, "gz-001", ref, statement="已部署整改", on=date(2026, 10, 9))
        inquiries.decide(self.store, "sv-001", ref, sanction=Sanction.WRITTEN_REVIEW, reasons="属实",
                         on=date(2026, 10, 15))  # fmt: skip
        evaluators.name_evaluators(self.store, "tc-001", township="taicheng", year=2026, on=DEC,
                                   evaluators=["tc-001", "tc-002", "tc-003"])  # fmt: skip
        for officer, grade in ((FAILING, DutyGrade.INCOMPETENT), (EXCELLENT, DutyGrade.EXCELLENT),
                               (SECONDED, DutyGrade.EXCELLENT)):  # fmt: skip
            duty.submit(self.store, officer, year=2026, text="全年工作总结", on=DEC)
            for evaluator in ("tc-001", "tc-002", "tc-003"):
                duty.evaluate(self.store, evaluator, officer, year=2026, grade=grade, on=DEC)

    def test_grades_are_issued_once_and_recompute_from_the_raw_events(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("CASEWORK_NOW", "2026-11-26T10:00:00")  # the circular contract's county
        self.store.close()
        demo(self.url, seed=7, cases=120)
        self.store = self.reopen()
        monkeypatch.setenv("CASEWORK_NOW", "2026-11-30T10:00:00")  # before the demo's duty reports
        self.year()
        monkeypatch.setenv("CASEWORK_NOW", "2027-01-02T09:00:00")
        settle(self.store)
        grades, now = service.issue(self.store, 2026)
        again, now_again = service.issue(self.store, 2026)
        assert now and not now_again and again.officers == grades.officers
        lines = {o["officer_id"]: o for o in grades.officers}
        expected = recompute(self.store, 2026, raw_policy())
        assert {k: (v["score"], v["grade"]) for k, v in lines.items()} == expected
        assert "tc-009" in lines  # removed in August 2026: still assessed for 2026
        assert {x["input"] for x in lines[NAMED]["inputs"]} >= {"finding"}
        assert {x["input"] for x in lines[CRITICISED]["inputs"]} >= {"sanction:circular_criticism"}
        assert (lines[FAILING]["grade"], lines[FAILING]["duty"]) == ("不合格", "不称职")
        counted = {x["input"] for o in grades.officers for x in o["inputs"]}
        assert {"overdue", "defective", "erroneous"} <= counted  # the demo's case figures count
        notices = self.store.read_stream(f"notice-failed-2026-{FAILING}")
        assert [e.type for e in notices] == ["FailedAssessmentNoticeIssued"]
        [team] = [t for t in grades.teams if t["township"] == "taicheng"]
        members = [o["score"] for o in grades.officers if o["township"] == "taicheng"]
        assert team["members_mean"] == round(sum(members) / len(members), 2)
        unnamed = sum(1 for e in self.store.iter_all() if e.type == "InspectionRecorded"
                      and e.stream_id.startswith("inspection-taicheng-")
                      for f in e.data["findings"] if not f["officers"])  # fmt: skip
        assert unnamed >= 1 and [x["count"] for x in team["inputs"]] == [unnamed]
        teams = {t["township"]: (t["score"], t["grade"]) for t in grades.teams}
        assert teams == recompute_teams(self.store, 2026, raw_policy())  # score and grade, every team
        [gengzhen] = [t for t in grades.teams if t["township"] == "gengzhen"]
        assert "sanction:written_review" in {x["input"] for x in gengzhen["inputs"]}  # the team's own inquiry
        self.rewards(lines)
        self.failed_followed(lines, grades.teams)

    def failed_followed(self, lines: dict[str, dict[str, object]], teams: list[dict[str, object]]) -> None:
        """年度考核不合格: the notice to the supervisors (not a decision) bears out an inquiry on
        that ground; an officer or team not graded 不合格 cannot be inquired into on it."""
        failing = sorted(k for k, v in lines.items() if v["grade"] == "不合格")
        notices = service.failed_notices(self.store, date(2027, 1, 2))
        assert FAILING in failing and sorted(n["officer_id"] for n in notices) == failing
        assert service.failed_notices(self.store, date(2026, 12, 31)) == []  # 2025, 2024: none issued
        kw = {"ground": Ground.FAILED_ASSESSMENT, "details": "年度考核不合格"}
        def opened_so_far() -> int:
            settle(self.store)
            return sum(1 for e in self.store.iter_all() if e.type == "InquiryOpened")

        before = opened_so_far()
        with pytest.raises(RuleViolation):
            inquiries.open_inquiry(self.store, "sv-001", officer=EXCELLENT, **kw)
        passed = [t["township"] for t in teams if t["grade"] != "不合格"]
        with pytest.raises(RuleViolation):
            inquiries.open_inquiry(self.store, "sv-001", township=passed[0], **kw)
        assert opened_so_far() == before
        opened = inquiries.open_inquiry(self.store, "sv-001", officer=FAILING, **kw)
        [event] = self.store.read_stream(opened.stream_id)
        assert (event.data["officer_id"], event.data["ground"]) == (FAILING, "failed_assessment")

    def rewards(self, lines: dict[str, dict[str, object]]) -> None:
        excellent = [k for k, v in lines.items() if v["grade"] == "优秀"]
        assert EXCELLENT in excellent and SECONDED in excellent
        service.reward(self.store, "ad-001", EXCELLENT, year=2026)
        with pytest.raises(RuleViolation):  # seconded: the township's opinion first
            service.reward(self.store, "ad-001", SECONDED, year=2026)
        org_service.record_opinion(self.store, "tc-001", officer_id=SECONDED,
                                   action=PersonnelAction.AWARD, opinion="同意评优")  # fmt: skip
        service.reward(self.store, "ad-001", SECONDED, year=2026)
        with pytest.raises(RuleViolation):
            service.reward(self.store, "ad-001", FAILING, year=2026)
        with pytest.raises(NotAuthorised):
            service.reward(self.store, "sv-001", EXCELLENT, year=2026)
        awards = [e for e in self.store.read_stream("roster-taicheng") if e.type == "PersonnelActionRecorded"]
        assert sorted(e.data["officer_id"] for e in awards) == [EXCELLENT, SECONDED]

    def test_a_year_is_graded_only_once_it_is_over_and_by_whom_the_county_says(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("CASEWORK_NOW", "2026-12-31T20:00:00")
        init_county(self.store)
        with pytest.raises(RuleViolation):
            service.issue(self.store, 2026)
        monkeypatch.setenv("CASEWORK_NOW", "2027-01-02T09:00:00")
        for actor in ("tc-001", "tc-005"):
            with pytest.raises(NotAuthorised):
                service.issue(self.store, 2026, actor=actor)
        with pytest.raises(NotFound):
            service.reward(self.store, "ad-001", "tc-005", year=2026)
        assert self.store.read_stream("grades-2026") == []
        settle(self.store)  # gap-safe readers see the county once its writes are settled
        grades, now = service.issue(self.store, 2026, actor="sv-001")
        assert now and {o["grade"] for o in grades.officers} == {"合格"}  # a quiet year

    def test_a_year_counts_only_its_own_events_and_decisions_overturned(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """2026: a decision of tc-004/tc-005 revoked on 复议, a finding, an inquiry decided;
        2027: one finding only. Each year's grades read that year alone (issue #8)."""
        monkeypatch.setenv("CASEWORK_NOW", "2028-01-02T09:00:00")
        init_county(self.store)
        d = Desk(self.store)
        case = d.decided()
        number = d.documents.issue(case, DocumentKind.DECISION, "tc-004")[0].event.number
        d.execution.serve(case, number, Method.PERSONAL, None, "tc-004")
        d.execution.seek_remedy(case, "review", "五台县人民政府", None, "tc-004")
        d.jump(60)
        d.execution.decide_remedy(case, "review", "撤销", date(2026, 7, 30), "tc-004")
        for year, officer in ((2026, NAMED), (2027, CRITICISED)):
            self.finding(year, officer)
        opened = inquiries.open_inquiry(self.store, "sv-001", officer=NAMED, ground=Ground.OVERTURNED,
                                        details="处罚决定被撤销", cases=[case], on=date(2026, 9, 1))  # fmt: skip
        ref = opened.stream_id.removeprefix("inquiry-")
        inquiries.state_case(self.store, NAMED, ref, waived=True, on=date(2026, 9, 2))
        inquiries.decide(self.store, "sv-001", ref, sanction=Sanction.TALK, reasons="属实",
                         on=date(2026, 9, 3))  # fmt: skip
        settle(self.store)
        first, _ = service.issue(self.store, 2026)
        second, _ = service.issue(self.store, 2027)
        inputs = {y.year: {o["officer_id"]: {x["input"]: x["count"] for x in o["inputs"]}
                           for o in y.officers} for y in (first, second)}  # fmt: skip
        assert inputs[2026]["tc-004"] == {"overturned": 1}
        assert inputs[2026][NAMED] == {"overturned": 1, "finding": 1, "sanction:talk": 1}
        assert inputs[2027]["tc-004"] == {} and inputs[2027][NAMED] == {}
        assert inputs[2027][CRITICISED] == {"finding": 1} and CRITICISED not in _named(inputs[2026])
        for year in (2026, 2027):
            expected = recompute(self.store, year, raw_policy())
            graded = first if year == 2026 else second
            assert {o["officer_id"]: (o["score"], o["grade"]) for o in graded.officers} == expected
        engine = ProjectionEngine(self.store, all_projections())
        engine.catch_up("oversight")
        with self.store.engine.connect() as conn:
            record = officer_records(conn, engine.tables("oversight"), ["tc-004", "tc-006"])
        assert [(x["case_id"], x["outcome"]) for x in record["tc-004"]["overturned"]] == [(case, "撤销")]
        assert record["tc-006"]["overturned"] == [] and team_totals(record)["overturned"] == 1
        assert oversight.OVERTURNING == yearfacts.OVERTURNING == {"撤销", "变更", "确认违法"}

    def test_an_officer_away_all_year_is_not_graded_one_away_part_of_it_is(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """调离执法岗位 in June 2026 of tc-005 (never restored) and tc-006 (restored in March
        2027): both graded for 2026, the 调离 counting against it; for 2027 only tc-006."""
        monkeypatch.setenv("CASEWORK_NOW", "2028-01-02T09:00:00")
        init_county(self.store)
        for officer in (NAMED, CRITICISED):
            opened = inquiries.open_inquiry(self.store, "sv-001", officer=officer, ground=Ground.MISCONDUCT,
                                            details="作风粗暴", on=date(2026, 6, 1))  # fmt: skip
            ref = opened.stream_id.removeprefix("inquiry-")
            inquiries.state_case(self.store, officer, ref, waived=True, on=date(2026, 6, 2))
            inquiries.agree(self.store, "sv-001", ref, sanction=Sanction.REASSIGN, on=date(2026, 6, 3))
            inquiries.decide(self.store, "tc-001", ref, sanction=Sanction.REASSIGN, reasons="作风粗暴",
                             on=date(2026, 6, 4))  # fmt: skip
        reinstatement.agree(self.store, "sv-001", CRITICISED, on=date(2027, 3, 1))
        reinstatement.reinstate(self.store, "tc-001", CRITICISED, reasons="整改到位", on=date(2027, 3, 2))
        settle(self.store)
        first, _ = service.issue(self.store, 2026)
        second, _ = service.issue(self.store, 2027)
        then = {o["officer_id"]: o for o in first.officers}
        now = {o["officer_id"]: o for o in second.officers}
        assert [x["input"] for x in then[NAMED]["inputs"]] == ["sanction:reassign"]
        assert CRITICISED in then and CRITICISED in now and NAMED not in now  # away all of 2027
        assert now[CRITICISED]["inputs"] == [] and "tc-004" in now
        for year, grades in ((2026, first), (2027, second)):
            mine = {o["officer_id"]: (o["score"], o["grade"]) for o in grades.officers}
            assert mine == recompute(self.store, year, raw_policy())
            teams = {t["township"]: (t["score"], t["grade"]) for t in grades.teams}
            assert teams == recompute_teams(self.store, year, raw_policy())
        [team] = [t for t in second.teams if t["township"] == "taicheng"]
        assert team["members"] == sum(1 for o in second.officers if o["township"] == "taicheng")

    def finding(self, year: int, officer: str) -> None:
        plan = inspections.plan(self.store, "sv-001", township="taicheng", scope=[Scope.ON_SITE],
                                planned_for=date(year, 5, 10), inspectors=[], on=date(year, 5, 1))  # fmt: skip
        inspections.record(self.store, "sv-001", plan.stream_id, on=date(year, 5, 10), findings=[
            {"scope": "on_site", "text": "未出示执法证件", "officers": [officer]}])  # fmt: skip


    def test_a_past_year_is_graded_by_the_policy_in_force_that_year(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The county file's [accountability] table is recorded when it changes (daily sweep,
        issue); 2026 is graded by the 2026 policy although the file changed in 2027."""
        monkeypatch.setenv("CASEWORK_NOW", "2028-01-02T09:00:00")
        init_county(self.store)
        old = load_policy()
        raw = copy.deepcopy(old.raw)
        raw["assessment"].update(base=70, finding=-20)
        new = parse_policy(raw)
        engine = ProjectionEngine(self.store, all_projections())
        swept = [daily(self.store, engine, old, date(2026, 3, d))["policy_recorded"] for d in (1, 2)]
        assert swept == [1, 0]  # recorded once: unchanged the next day
        for year in (2026, 2027):
            self.finding(year, NAMED)
        assert daily(self.store, engine, new, date(2027, 2, 1))["policy_recorded"] == 1
        settle(self.store)
        first, _ = service.issue(self.store, 2026, policy=new)  # today's file is the new one
        second, _ = service.issue(self.store, 2027, policy=new)
        assert [p.effective for p in policy_history.history(self.store)] == ["2026-03-01", "2027-02-01"]
        assert first.policy["points"]["base"] == 85 and second.policy["points"]["base"] == 70
        one = {o["officer_id"]: (o["score"], o["grade"]) for o in first.officers}
        two = {o["officer_id"]: (o["score"], o["grade"]) for o in second.officers}
        assert one[NAMED] == (82.0, "合格") and two[NAMED] == (50.0, "不合格")
        assert one == recompute(self.store, 2026, old.raw) and two == recompute(self.store, 2027, raw)


def _named(officers: dict[str, dict[str, int]]) -> set[str]:
    return {o for o, counted in officers.items() if counted}

"""Accountability inquiries (责任追究), on every store backend: steps, refusals, authorisation.

A backend subclass provides `self.store` (fresh and empty per test); CASEWORK_NOW fixes
the day to 2026-06-15, so the statement period (5 days, county file) runs to 06-20.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from projections.engine import ProjectionEngine
from projections.queries_roster import roster
from projections.registry import all_projections
from tests.integration.backends import settle
from tests.integration.county_contract import CountyContract
from workflow.accountability import inquiries as service
from workflow.accountability import inspections
from workflow.accountability.types import Ground, Sanction, Scope
from workflow.cases import commands as c
from workflow.cases.service import CaseService
from workflow.errors import NotAuthorised, NotFound, RuleViolation
from workflow.organisation import service as org_service
from workflow.organisation.snapshot import load_directory
from workflow.organisation.types import RemovalReason

SUPERVISOR, LEADER, DEPUTY, STAFF, SECONDED = "sv-001", "tc-001", "tc-002", "tc-005", "tc-012"
AFTER = date(2026, 6, 21)  # the statement period is over


class InquiryContract(CountyContract):

    def opened(self, officer: str | None = STAFF, **extra: Any) -> str:
        args: dict[str, Any] = {"ground": Ground.INACTION, "details": "多次接报不出警", **extra}
        result = service.open_inquiry(self.store, SUPERVISOR, officer=officer, **args)
        return result.stream_id.removeprefix(service.PREFIX)

    def test_the_officer_states_their_case_before_the_decision(self) -> None:
        ref = self.opened()
        decide = service.decide
        self.refused(RuleViolation, decide, SUPERVISOR, ref, sanction=Sanction.CIRCULAR_CRITICISM,
                     reasons="r")  # fmt: skip
        service.state_case(self.store, STAFF, ref, statement="当日在外执行其他任务")
        self.refused(RuleViolation, service.state_case, STAFF, ref, statement="again")
        decide(self.store, SUPERVISOR, ref, sanction=Sanction.CIRCULAR_CRITICISM, reasons="属实")
        inquiry = service.load_inquiry(self.store, ref)
        assert (inquiry.sanction, inquiry.stated) == ("circular_criticism", True)
        self.refused(RuleViolation, decide, SUPERVISOR, ref, sanction=Sanction.TALK, reasons="r")

    def test_silence_lets_the_decision_come_after_the_statement_period(self) -> None:
        ref = self.opened()
        service.decide(self.store, LEADER, ref, sanction=Sanction.TALK, reasons="r", on=AFTER)
        assert service.load_inquiry(self.store, ref).sanction == "talk"

    def test_a_seconded_officer_needs_the_township_opinion_first(self) -> None:
        ref = self.opened(SECONDED)
        service.state_case(self.store, SECONDED, ref, waived=True)
        self.refused(RuleViolation, service.decide, SUPERVISOR, ref, sanction=Sanction.TALK, reasons="r")
        self.refused(NotAuthorised, service.give_opinion, DEPUTY, ref, opinion="同意")
        service.give_opinion(self.store, LEADER, ref, opinion="同意谈话提醒")
        service.decide(self.store, SUPERVISOR, ref, sanction=Sanction.TALK, reasons="r")
        assert service.load_inquiry(self.store, ref).sanction == "talk"

    def test_dismissal_records_the_removal_and_the_officer_can_no_longer_act(self) -> None:
        ref = self.opened()
        service.state_case(self.store, STAFF, ref, waived=True)
        self.refused(RuleViolation, service.decide, LEADER, ref, sanction=Sanction.DISMISS, reasons="r")
        self.refused(NotAuthorised, service.agree, LEADER, ref, sanction=Sanction.DISMISS)
        service.agree(self.store, SUPERVISOR, ref, sanction=Sanction.DISMISS, comments="同意清退")
        self.refused(NotAuthorised, service.decide, SUPERVISOR, ref, sanction=Sanction.DISMISS, reasons="r")
        self.refused(NotAuthorised, service.decide, DEPUTY, ref, sanction=Sanction.DISMISS, reasons="r")
        service.decide(self.store, LEADER, ref, sanction=Sanction.DISMISS, reasons="长期不作为")
        person = load_directory(self.store).person(STAFF)
        assert person is not None and person.removed and person.removal_reason == "不作为"
        [decided] = [e for e in self.store.read_stream(f"inquiry-{ref}") if e.type == "InquiryDecided"]
        removal = [e for e in self.store.read_stream("roster-taicheng") if e.type == "OfficerRemoved"]
        assert [e.position for e in removal] == [decided.data["removal_position"]]
        with pytest.raises(NotAuthorised):  # a removed officer acts on nothing
            CaseService(self.store, lambda: load_directory(self.store)).execute(
                c.OpenCase(actor=STAFF, township="taicheng", matter="SC-CF-001", party="p", summary="s"))
        engine = ProjectionEngine(self.store, all_projections())
        settle(self.store)
        engine.catch_up("roster")
        with self.store.engine.connect() as conn:
            [team] = roster(conn, engine.tables("roster"), date(2026, 6, 15), township="taicheng")
        assert STAFF in {p["id"] for p in team["removed"]}

    def test_a_retried_dismissal_completes_without_a_second_removal(self) -> None:
        ref = self.opened()
        service.state_case(self.store, STAFF, ref, waived=True)
        service.agree(self.store, SUPERVISOR, ref, sanction=Sanction.DISMISS)
        org_service.remove_officer(self.store, LEADER, officer_id=STAFF, reason=RemovalReason.INACTION,
                                   details=f"r（责任追究 {ref}）", command_id=f"inquiry:{ref}:dismiss")  # fmt: skip
        service.decide(self.store, LEADER, ref, sanction=Sanction.DISMISS, reasons="r")
        removals = [e for e in self.store.read_stream("roster-taicheng") if e.type == "OfficerRemoved"]
        assert len(removals) == 1 and service.load_inquiry(self.store, ref).sanction == "dismiss"

    @pytest.mark.parametrize(
        ("actor", "allowed"),
        [(SUPERVISOR, True), (LEADER, False), (STAFF, False), ("ad-001", False), ("gz-001", False)],
    )
    def test_only_a_supervisor_opens_an_inquiry(self, actor: str, allowed: bool) -> None:
        act = service.open_inquiry
        kwargs = {"officer": STAFF, "ground": Ground.MISCONDUCT, "details": "d"}
        if allowed:
            act(self.store, actor, **kwargs)
        else:
            self.refused(NotAuthorised, act, actor, **kwargs)

    @pytest.mark.parametrize(
        ("actor", "may_see"),
        [(SUPERVISOR, True), ("ad-001", True), (LEADER, True), (DEPUTY, True), (STAFF, True),
         ("tc-006", False), ("gz-001", False)],
    )  # fmt: skip
    def test_who_may_see_an_inquiry(self, actor: str, may_see: bool) -> None:
        ref = self.opened()
        if may_see:
            assert service.show(self.store, actor, ref).officer_id == STAFF
        else:
            with pytest.raises(NotAuthorised):
                service.show(self.store, actor, ref)

    @pytest.mark.parametrize(
        ("sanction", "deciders"),
        [(Sanction.TALK, {SUPERVISOR, LEADER}), (Sanction.CIRCULAR_CRITICISM, {SUPERVISOR}),
         (Sanction.REFER, {SUPERVISOR})],
    )  # fmt: skip
    def test_who_may_take_each_decision(self, sanction: Sanction, deciders: set[str]) -> None:
        for actor in (SUPERVISOR, LEADER, DEPUTY, STAFF, "gz-001", "ad-001"):
            ref = self.opened()
            if actor in deciders:
                service.decide(self.store, actor, ref, sanction=sanction, reasons="r", on=AFTER,
                               organ="五台县纪委监委")  # fmt: skip
            else:
                self.refused(NotAuthorised, service.decide, actor, ref, sanction=sanction,
                             reasons="r", on=AFTER, organ="五台县纪委监委")  # fmt: skip

    def test_evidence_must_be_on_record(self) -> None:
        open_ = service.open_inquiry
        kw: dict[str, Any] = {"officer": STAFF, "details": "d"}
        self.refused(RuleViolation, open_, SUPERVISOR, ground=Ground.FINDING, **kw)
        self.refused(RuleViolation, open_, SUPERVISOR, ground=Ground.REPEATED_OVERDUE, **kw)
        self.refused(NotFound, open_, SUPERVISOR, ground=Ground.OVERTURNED, cases=["gengzhen-P-2026-1"], **kw)
        directory = load_directory(self.store)
        case = CaseService(self.store, lambda: directory).execute(
            c.OpenCase(actor="tc-006", township="taicheng", matter="SC-CF-001", party="p", summary="s"))
        self.refused(RuleViolation, open_, SUPERVISOR, ground=Ground.ERRONEOUS_REVIEW,
                     cases=[str(case.case_id)], **kw)  # fmt: skip
        plan = inspections.plan(self.store, SUPERVISOR, township="taicheng", scope=[Scope.ON_SITE],
                                planned_for=date(2026, 6, 15), inspectors=[])  # fmt: skip
        ref = plan.stream_id.removeprefix("inspection-")
        inspections.record(self.store, SUPERVISOR, ref, findings=[
            {"scope": "on_site", "text": "未出示执法证", "officers": ["tc-006"]}])  # fmt: skip
        self.refused(RuleViolation, open_, SUPERVISOR, ground=Ground.FINDING, findings=[f"{ref}/F1"], **kw)
        self.refused(NotFound, open_, SUPERVISOR, ground=Ground.FINDING, findings=[f"{ref}/F9"], **kw)
        opened = open_(self.store, SUPERVISOR, officer="tc-006", ground=Ground.FINDING, details="d",
                       findings=[f"{ref}/F1"])  # fmt: skip
        assert opened.version == 1

    def test_case_grounds_are_borne_out_by_the_cases(self) -> None:
        """多次超期办案: two or more cases, each past its deadline on the day the inquiry opens;
        复议诉讼被撤销或变更: a decision overturned on record (the assessment's own rules)."""
        open_ = service.open_inquiry
        directory = load_directory(self.store)
        cases = [str(CaseService(self.store, lambda: directory).execute(
            c.OpenCase(actor="tc-006", township="taicheng", matter="SC-CF-001", party="p", summary="s")).case_id)
            for _ in range(2)]  # fmt: skip
        [due] = {e.data["due"] for case in cases for e in self.store.read_stream(f"case-{case}")
                 if e.type == "CaseOpened"}  # fmt: skip
        late, in_time = date.fromisoformat(due) + timedelta(days=1), date.fromisoformat(due)
        kw: dict[str, Any] = {"officer": "tc-006", "details": "d", "ground": Ground.REPEATED_OVERDUE}
        self.refused(RuleViolation, open_, SUPERVISOR, cases=cases, on=in_time, **kw)  # not past it yet
        self.refused(RuleViolation, open_, SUPERVISOR, cases=cases[:1], on=late, **kw)  # once is not 多次
        overturned = {**kw, "ground": Ground.OVERTURNED}
        self.refused(RuleViolation, open_, SUPERVISOR, cases=cases[:1], on=late, **overturned)  # not overturned
        opened = open_(self.store, SUPERVISOR, cases=cases, on=late, **kw)
        [event] = self.store.read_stream(opened.stream_id)
        assert event.data["cases"] == [f"case-{case}" for case in cases]

    def test_a_team_inquiry_is_stated_by_its_leader_and_cannot_dismiss(self) -> None:
        ref = self.opened(None, township="taicheng", ground=Ground.NOT_RESPONSIBLE)
        self.refused(NotAuthorised, service.state_case, STAFF, ref, statement="x")
        service.state_case(self.store, LEADER, ref, statement="已组织整改")
        service.agree(self.store, SUPERVISOR, ref, sanction=Sanction.DISMISS)
        self.refused(RuleViolation, service.decide, LEADER, ref, sanction=Sanction.DISMISS, reasons="r")
        service.decide(self.store, SUPERVISOR, ref, sanction=Sanction.CIRCULAR_CRITICISM, reasons="r")

    def test_nobody_decides_their_own_case(self) -> None:
        """回避 (《公职人员政务处分法》第四十七条): the township leader may decide 不予追究 for a
        member of the team, but not in an inquiry into themself or into their own team."""
        decide = service.decide
        for ref in (self.opened(LEADER), self.opened(None, township="taicheng", ground=Ground.NOT_RESPONSIBLE)):
            head = self.head()
            with pytest.raises(RuleViolation) as refused:
                decide(self.store, LEADER, ref, sanction=Sanction.NONE, reasons="r", on=AFTER)
            assert (refused.value.rule, refused.value.statute) == ("recusal", "《公职人员政务处分法》第四十七条（回避）")
            assert self.head() == head
            decide(self.store, SUPERVISOR, ref, sanction=Sanction.NONE, reasons="r", on=AFTER)
            assert service.load_inquiry(self.store, ref).sanction == "none"
        other = self.opened(STAFF)
        decide(self.store, LEADER, other, sanction=Sanction.NONE, reasons="r", on=AFTER)  # a member: allowed
        assert service.load_inquiry(self.store, other).sanction == "none"

    def test_a_removed_officer_cannot_be_inquired_into_again(self) -> None:
        org_service.remove_officer(self.store, LEADER, officer_id=STAFF,
                                   reason=RemovalReason.MISCONDUCT, details="d")  # fmt: skip
        self.refused(RuleViolation, service.open_inquiry, SUPERVISOR, officer=STAFF,
                     ground=Ground.MISCONDUCT, details="d")  # fmt: skip

    def test_the_month_circular_names_inspections_and_inquiries_decided(self) -> None:
        from workflow.reports.circular.figures import compile_figures
        from workflow.reports.circular.render import to_html

        plan = inspections.plan(self.store, SUPERVISOR, township="taicheng", scope=[Scope.ON_SITE],
                                planned_for=date(2026, 6, 10), inspectors=[], on=date(2026, 6, 1))  # fmt: skip
        ref = plan.stream_id.removeprefix("inspection-")
        inspections.record(self.store, SUPERVISOR, ref, on=date(2026, 6, 10), rectify_by=date(2026, 6, 12),
                           findings=[{"scope": "on_site", "text": "未亮证", "officers": [STAFF]}])  # fmt: skip
        inquiry = self.opened(on=date(2026, 6, 2))
        service.decide(self.store, SUPERVISOR, inquiry, sanction=Sanction.CIRCULAR_CRITICISM,
                       reasons="属实", on=date(2026, 6, 10))  # fmt: skip
        settle(self.store)
        figures = compile_figures(self.store, "2026-06", date(2026, 6, 15))
        o = figures.oversight
        assert (o["inspections"], o["findings"], o["inquiries_opened"], o["inquiries_decided"]) == (1, 1, 1, 1)
        assert [r["inspection_id"] for r in o["overdue"]] == [ref]
        html = to_html(figures)
        assert "十、监督检查与责任追究情况" in html and "通报批评" in html and ref in html

    def test_referral_to_the_discipline_organ_is_recorded_and_shown(self) -> None:
        from projections.queries_oversight import officer_records
        from workflow.reports.circular.figures import compile_figures
        from workflow.reports.circular.render import to_html

        ref = self.opened(on=date(2026, 6, 2))
        kw: dict[str, Any] = {"sanction": Sanction.REFER, "reasons": "涉嫌违纪", "on": date(2026, 6, 10)}
        self.refused(ValueError, service.decide, SUPERVISOR, ref, **kw)  # the organ is named
        self.refused(NotAuthorised, service.decide, LEADER, ref, **kw, organ="五台县纪委监委")
        service.decide(self.store, SUPERVISOR, ref, **kw, organ="五台县纪委监委")
        kinds = [e.type for e in self.store.read_stream(f"inquiry-{ref}")]
        assert kinds == ["InquiryOpened", "InquiryDecided", "InquiryReferred"]
        assert service.load_inquiry(self.store, ref).referred_to == "五台县纪委监委"
        engine = ProjectionEngine(self.store, all_projections())
        settle(self.store)
        engine.catch_up("oversight")
        with self.store.engine.connect() as conn:
            record = officer_records(conn, engine.tables("oversight"), [STAFF])[STAFF]
        assert [(q["sanction"], q["referred_to"]) for q in record["inquiries"]] == [("refer", "五台县纪委监委")]
        html = to_html(compile_figures(self.store, "2026-06", date(2026, 6, 15)))
        assert "移送纪检监察机关（移送五台县纪委监委）" in html

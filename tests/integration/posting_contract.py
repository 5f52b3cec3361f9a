"""调离执法岗位 and 恢复执法岗位 on every store backend: an inquiry's 调离 posts the officer
away (no case act while away; counted apart from 清退 in the roster and the circular), whom
the county file names restores them, and 清退 while away is for good.

A backend subclass provides `self.store`; CASEWORK_NOW fixes the day to 2026-06-15.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from projections.engine import ProjectionEngine
from projections.queries_accountability import accountability
from projections.queries_roster import roster
from projections.registry import all_projections
from tests.integration.backends import settle
from tests.integration.county_contract import CountyContract
from workflow.accountability import inquiries as service
from workflow.accountability import reinstatement
from workflow.accountability.types import Ground, Sanction
from workflow.cases import commands as c
from workflow.cases.service import CaseService
from workflow.errors import NotAuthorised, RuleViolation
from workflow.organisation import service as org_service
from workflow.organisation.snapshot import load_directory
from workflow.organisation.types import PersonnelAction, RemovalReason
from workflow.reports.circular.figures import compile_figures, summary
from workflow.reports.circular.render import to_html

SUPERVISOR, LEADER, DEPUTY, STAFF, SECONDED = "sv-001", "tc-001", "tc-002", "tc-005", "tc-012"


class PostingContract(CountyContract):

    def posted_away(self, officer: str = STAFF) -> str:
        opened = service.open_inquiry(self.store, SUPERVISOR, officer=officer, ground=Ground.MISCONDUCT,
                                      details="执法作风粗暴", on=date(2026, 6, 2))  # fmt: skip
        ref = opened.stream_id.removeprefix(service.PREFIX)
        service.state_case(self.store, officer, ref, waived=True, on=date(2026, 6, 3))
        if officer == SECONDED:  # 派驻: the township's opinion before the 调离
            service.give_opinion(self.store, LEADER, ref, opinion="同意调离", on=date(2026, 6, 3))
        service.agree(self.store, SUPERVISOR, ref, sanction=Sanction.REASSIGN, on=date(2026, 6, 4))
        service.decide(self.store, LEADER, ref, sanction=Sanction.REASSIGN, reasons="办案作风粗暴",
                       on=date(2026, 6, 5))  # fmt: skip
        return ref

    def opens_a_case(self) -> None:
        CaseService(self.store, lambda: load_directory(self.store)).execute(
            c.OpenCase(actor=STAFF, township="taicheng", matter="SC-CF-001", party="p", summary="s"))

    def team(self, on: date = date(2026, 6, 15)) -> dict[str, Any]:
        engine = ProjectionEngine(self.store, all_projections())
        settle(self.store)
        engine.catch_up("roster")
        with self.store.engine.connect() as conn:
            [team] = roster(conn, engine.tables("roster"), on, township="taicheng")
        return team

    def record(self) -> dict[str, Any]:
        """The officer's 执法责任档案 as the accountability read model holds it."""
        engine = ProjectionEngine(self.store, all_projections())
        settle(self.store)
        engine.catch_up("accountability")
        with self.store.engine.connect() as conn:
            [found] = accountability(conn, engine.tables("accountability"), date(2026, 6, 15), officer=STAFF)
        return found

    def test_posting_away_is_not_removal_and_acts_on_no_case(self) -> None:
        ref = self.posted_away()
        person = load_directory(self.store).person(STAFF)
        assert person is not None and person.away and not person.dismissed and not person.on_team
        assert (person.away_details or "").endswith(f"（责任追究 {ref}）")
        kinds = [e.type for e in self.store.read_stream("roster-taicheng")][-1:]
        assert kinds == ["OfficerPostedAway"]
        with pytest.raises(NotAuthorised, match="posted away"):  # acts on no case while away
            self.opens_a_case()
        team = self.team()
        assert [p["id"] for p in team["posted_away"]] == [STAFF] and team["removed"] == []
        assert STAFF not in [p["id"] for p in team["township_staff"]]
        settle(self.store)
        figures = compile_figures(self.store, "2026-06", date(2026, 6, 15))
        assert [r.officer_id for r in figures.postings] == [STAFF] and figures.removals == []
        line = summary(figures)  # the figures line (`CircularIssued`, `casework circular --json`)
        assert (line["postings"], line["removals"]) == (1, 0)
        html = to_html(figures)
        assert "本月调离执法岗位" in html and "本月无执法人员被清退" in html
        self.refused(RuleViolation, service.decide, LEADER, ref, sanction=Sanction.REASSIGN, reasons="again")

    def test_whom_the_county_file_names_restores_the_officer(self) -> None:
        self.refused(RuleViolation, reinstatement.reinstate, LEADER, STAFF, reasons="未调离")
        ref = self.posted_away()
        [away] = self.record()["postings"]
        assert (away["on"], away["ended_on"], away["agreed_on"]) == ("2026-06-05", None, None)
        for actor in (SUPERVISOR, DEPUTY, STAFF, "gz-001"):  # the county's SAMPLE: the leader
            self.refused(NotAuthorised, reinstatement.reinstate, actor, STAFF, reasons="整改到位")
        self.refused(RuleViolation, reinstatement.reinstate, LEADER, STAFF, reasons="整改到位")  # agreement first
        for actor in (LEADER, DEPUTY, STAFF, "gz-001"):  # the county's SAMPLE: the supervisor agrees
            self.refused(NotAuthorised, reinstatement.agree, actor, STAFF, comments="同意")
        reinstatement.agree(self.store, SUPERVISOR, STAFF, comments="同意恢复", on=date(2026, 6, 11))
        self.refused(RuleViolation, reinstatement.agree, SUPERVISOR, STAFF, comments="again")
        self.refused(ValueError, reinstatement.reinstate, LEADER, STAFF, reasons="  ")
        reinstatement.reinstate(self.store, LEADER, STAFF, reasons="整改到位", on=date(2026, 6, 12))
        kinds = [e.type for e in self.store.read_stream("roster-taicheng")][-3:]
        assert kinds == ["OfficerPostedAway", "ReinstatementAgreed", "OfficerReinstated"]
        assert self.record()["postings"] == [  # the record keeps the posting, and its end
            {"on": "2026-06-05", "details": f"办案作风粗暴（责任追究 {ref}）", "agreed_on": "2026-06-11",
             "ended_on": "2026-06-12", "ended_by": "reinstated", "end_details": "整改到位"}]  # fmt: skip
        person = load_directory(self.store).person(STAFF)
        assert person is not None and person.on_team and not person.away and not person.removed
        self.opens_a_case()  # back on duty: acts again
        team = self.team()
        assert team["posted_away"] == [] and STAFF in [p["id"] for p in team["township_staff"]]
        assert [p["id"] for p in self.team(date(2026, 6, 8))["posted_away"]] == [STAFF]  # as it stood
        settle(self.store)
        month = compile_figures(self.store, "2026-06", date(2026, 6, 15))
        assert [r.officer_id for r in month.postings] == [STAFF]  # posted away in the month, back since
        self.refused(RuleViolation, reinstatement.reinstate, LEADER, STAFF, reasons="再次")

    def test_a_seconded_officer_is_restored_only_with_the_township_opinion(self) -> None:
        """派驻人员: 提拔重用、评优评先、调离 consult the township (seed: 必须征求乡镇意见); so
        does the way back (恢复执法岗位), through the same `opinion_for` rule."""
        self.posted_away(SECONDED)
        reinstatement.agree(self.store, SUPERVISOR, SECONDED, comments="同意恢复", on=date(2026, 6, 11))
        head = self.head()
        with pytest.raises(RuleViolation) as refused:
            reinstatement.reinstate(self.store, LEADER, SECONDED, reasons="整改到位", on=date(2026, 6, 12))
        assert refused.value.rule == "township-opinion" and self.head() == head
        reinstate = PersonnelAction.REINSTATEMENT
        self.refused(NotAuthorised, org_service.record_opinion, DEPUTY, officer_id=SECONDED,
                     action=reinstate, opinion="同意")  # fmt: skip
        self.refused(RuleViolation, org_service.record_personnel_action, "ad-001", officer_id=SECONDED,
                     action=reinstate, details="x")  # fmt: skip
        org_service.record_opinion(self.store, LEADER, officer_id=SECONDED, action=reinstate,
                                   opinion="乡镇同意恢复其执法岗位", on=date(2026, 6, 11))  # fmt: skip
        reinstatement.reinstate(self.store, LEADER, SECONDED, reasons="整改到位", on=date(2026, 6, 12))
        person = load_directory(self.store).person(SECONDED)
        assert person is not None and person.on_team and not person.away
        assert [o.used for o in person.opinions if o.action is reinstate] == [True]  # spent on this one

    def test_township_staff_are_restored_without_an_opinion(self) -> None:
        self.posted_away(STAFF)
        reinstatement.agree(self.store, SUPERVISOR, STAFF, on=date(2026, 6, 11))
        reinstatement.reinstate(self.store, LEADER, STAFF, reasons="整改到位", on=date(2026, 6, 12))
        person = load_directory(self.store).person(STAFF)
        assert person is not None and person.on_team and person.opinions == []

    def test_removal_while_posted_away_is_for_good(self) -> None:
        self.posted_away()
        org_service.remove_officer(self.store, LEADER, officer_id=STAFF, reason=RemovalReason.MISCONDUCT,
                                   details="再次违纪", on=date(2026, 6, 10))  # fmt: skip
        person = load_directory(self.store).person(STAFF)
        assert person is not None and person.dismissed and not person.away
        [away] = self.record()["postings"]
        assert (away["ended_on"], away["ended_by"], away["end_details"]) == ("2026-06-10", "removed", "再次违纪")
        team = self.team()
        assert [p["id"] for p in team["removed"]] == [STAFF] and team["posted_away"] == []
        before = self.team(date(2026, 6, 8))  # as it stood between the posting and the removal
        assert [p["id"] for p in before["posted_away"]] == [STAFF] and before["removed"] == []
        assert STAFF not in [p["id"] for p in before["township_staff"]]
        self.refused(RuleViolation, reinstatement.reinstate, LEADER, STAFF, reasons="整改到位")

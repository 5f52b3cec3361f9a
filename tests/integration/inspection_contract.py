"""Supervisory inspections (监督检查) with rectification, on every store backend.

A backend subclass provides `self.store` (fresh and empty per test). The county is the
shipped 五台县; the business day is fixed by CASEWORK_NOW.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from projections.engine import ProjectionEngine
from projections.queries_oversight import findings_naming, inspections, open_rectifications
from projections.registry import all_projections
from tests.integration.backends import settle
from tests.integration.county_contract import CountyContract
from workers.oversight import sweep_rectifications
from workflow.accountability import inspections as service
from workflow.accountability.types import Scope, Verification
from workflow.cases import commands as c
from workflow.cases.service import CaseService
from workflow.errors import NotAuthorised, NotFound, RuleViolation
from workflow.organisation.snapshot import load_directory

HELD = date(2026, 6, 15)
SUPERVISOR, LEADER, DEPUTY, OFFICER, OTHER_LEADER = "sv-001", "tc-001", "tc-002", "tc-005", "gz-001"


def finding(**extra: Any) -> dict[str, Any]:
    return {"scope": "case_files", "text": "立案审批表缺少负责人签名", **extra}


class InspectionContract(CountyContract):

    def planned(self, actor: str = SUPERVISOR, township: str = "taicheng") -> str:
        result = service.plan(self.store, actor, township=township, scope=[Scope.CASE_FILES],
                              planned_for=HELD, inspectors=[])  # fmt: skip
        return result.stream_id.removeprefix(service.PREFIX)

    def ordered(self, due: date = date(2026, 7, 15), **extra: Any) -> str:
        ref = self.planned()
        service.record(self.store, SUPERVISOR, ref, findings=[finding(officers=[OFFICER], **extra)],
                       rectify_by=due)  # fmt: skip
        return ref

    def case(self, township: str = "taicheng", opener: str = "tc-006") -> str:
        directory = load_directory(self.store)
        desk = CaseService(self.store, lambda: directory)
        opened = desk.execute(c.OpenCase(actor=opener, township=township, matter="SC-CF-001",
                                         party="某商户", summary="无照经营"))  # fmt: skip
        return str(opened.case_id)

    def engine(self) -> ProjectionEngine:
        settle(self.store)
        return ProjectionEngine(self.store, all_projections())

    def read(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        engine = self.engine()
        engine.catch_up("oversight")
        with self.store.engine.connect() as conn:
            return query(conn, engine.tables("oversight"), *args, **kwargs)

    def test_an_inspection_runs_from_plan_to_accepted_rectification(self) -> None:
        case = self.case()
        ref = self.ordered(cases=[case])
        assert service.load_inspection(self.store, ref).status == "ordered"
        named = self.read(findings_naming, [OFFICER])
        assert [(f["inspection_id"], f["cases"]) for f in named] == [(ref, [f"case-{case}"])]
        service.report(self.store, LEADER, ref, text="已补签并建立审批台账")
        service.verify(self.store, SUPERVISOR, ref, outcome=Verification.ACCEPTED)
        assert service.load_inspection(self.store, ref).status == "accepted"
        [row] = self.read(inspections, HELD)
        assert (row["inspection_id"], row["status"], row["findings"]) == (ref, "accepted", 1)

    def test_numbers_run_per_township_and_year_without_gaps(self) -> None:
        refs = [self.planned(), self.planned(), self.planned(township="gengzhen")]
        assert refs == ["taicheng-2026-1", "taicheng-2026-2", "gengzhen-2026-1"]

    def test_a_reopened_rectification_is_reported_again_then_accepted(self) -> None:
        ref = self.ordered()
        service.report(self.store, DEPUTY, ref, text="整改完毕")
        service.verify(self.store, SUPERVISOR, ref, outcome=Verification.REOPENED,
                       comments="台账不全", new_due=date(2026, 7, 30))  # fmt: skip
        reopened = service.load_inspection(self.store, ref)
        assert (reopened.status, reopened.due) == ("reopened", date(2026, 7, 30))
        service.report(self.store, DEPUTY, ref, text="已补全台账")
        service.verify(self.store, SUPERVISOR, ref, outcome=Verification.ACCEPTED)
        assert service.load_inspection(self.store, ref).status == "accepted"

    @pytest.mark.parametrize(
        "bad",
        [
            {"findings": [finding(officers=["gz-005"])]},  # not on this team
            {"findings": [finding(officers=["nobody"])]},
            {"findings": [finding(scope="gossip")]},
            {"findings": [finding(text="  ")]},
            {"findings": [], "rectify_by": date(2026, 7, 1)},  # nothing to rectify
            {"findings": [finding()], "rectify_by": date(2026, 6, 15)},  # not after the day
            {"findings": [finding()], "rectify_by": date(2026, 9, 1)},  # past the county's 60 days
            {"findings": [finding()], "on": date(2026, 6, 16)},  # a day still to come
        ],
    )
    def test_a_bad_record_is_refused_and_appends_nothing(self, bad: dict[str, Any]) -> None:
        ref = self.planned()
        head = self.head()
        with pytest.raises((RuleViolation, NotFound, ValueError)):
            service.record(self.store, SUPERVISOR, ref, **bad)
        assert self.head() == head

    def test_a_case_of_another_township_cannot_be_named(self) -> None:
        other = self.case("gengzhen", "gz-006")
        ref = self.planned()
        head = self.head()
        with pytest.raises(NotFound):
            service.record(self.store, SUPERVISOR, ref, findings=[finding(cases=[other])])
        assert self.head() == head

    def test_out_of_order_steps_are_refused(self) -> None:
        ref = self.planned()
        service.record(self.store, SUPERVISOR, ref, findings=[finding()])  # no rectification
        head = self.head()
        with pytest.raises(RuleViolation):
            service.record(self.store, SUPERVISOR, ref, findings=[finding()])
        with pytest.raises(RuleViolation):
            service.report(self.store, LEADER, ref, text="x")
        with pytest.raises(RuleViolation):
            service.verify(self.store, SUPERVISOR, ref, outcome=Verification.ACCEPTED)
        ordered = self.ordered()
        with pytest.raises(RuleViolation):
            service.verify(self.store, SUPERVISOR, ordered, outcome=Verification.ACCEPTED)
        assert self.head() == head + len(self.store.read_stream(service.PREFIX + ordered))

    @pytest.mark.parametrize(
        ("actor", "plan", "report"),
        [
            (SUPERVISOR, True, False),
            (LEADER, True, True),
            (DEPUTY, True, True),
            (OFFICER, False, False),
            (OTHER_LEADER, False, False),
            ("ad-001", False, False),
        ],
    )
    def test_who_may_inspect_and_who_reports(self, actor: str, plan: bool, report: bool) -> None:
        head = self.head()
        if plan:
            self.planned(actor)
            assert self.head() == head + 1
        else:
            with pytest.raises(NotAuthorised):
                self.planned(actor)
            assert self.since(head) == []
        ref = self.ordered()
        head = self.head()
        if report:
            service.report(self.store, actor, ref, text="已整改")
            assert self.head() == head + 1
            return
        with pytest.raises(NotAuthorised):
            service.report(self.store, actor, ref, text="已整改")
        assert self.since(head) == []

    def test_only_the_inspectors_or_a_supervisor_sign_off_a_rectification(self) -> None:
        """The inspected team's leader reported it; they may not accept or reopen it."""
        ref = self.ordered()  # planned by a supervisor: the inspectors are [SUPERVISOR]
        service.report(self.store, LEADER, ref, text="已整改")
        head = self.head()
        for actor in (LEADER, DEPUTY, OTHER_LEADER, OFFICER):
            with pytest.raises(NotAuthorised):
                service.verify(self.store, actor, ref, outcome=Verification.ACCEPTED)
            with pytest.raises(NotAuthorised):
                service.verify(self.store, actor, ref, outcome=Verification.REOPENED,
                               new_due=date(2026, 7, 30))  # fmt: skip
        assert self.head() == head
        # any county supervisor may, not only the one who inspected
        service.verify(self.store, "sv-002", ref, outcome=Verification.REOPENED, new_due=date(2026, 7, 30))
        service.report(self.store, LEADER, ref, text="已补全")
        service.verify(self.store, SUPERVISOR, ref, outcome=Verification.ACCEPTED)
        assert service.load_inspection(self.store, ref).status == "accepted"

    def test_a_team_inspecting_itself_signs_off_as_its_named_inspector(self) -> None:
        ref = self.planned(LEADER)  # the leader plans with themself as inspector
        service.record(self.store, LEADER, ref, findings=[finding()], rectify_by=date(2026, 7, 15))
        service.report(self.store, DEPUTY, ref, text="已整改")
        with pytest.raises(NotAuthorised):  # the deputy is no inspector of it
            service.verify(self.store, DEPUTY, ref, outcome=Verification.ACCEPTED)
        service.verify(self.store, LEADER, ref, outcome=Verification.ACCEPTED)
        assert service.load_inspection(self.store, ref).status == "accepted"

    def test_overdue_rectifications_are_on_the_board_and_noticed_once(self) -> None:
        ref = self.ordered(due=date(2026, 6, 20))
        later = date(2026, 6, 25)
        [row] = self.read(open_rectifications, later)
        assert (row["inspection_id"], row["overdue"], row["days_over"]) == (ref, True, 5)
        first = sweep_rectifications(self.store, self.engine(), later)
        again = sweep_rectifications(self.store, self.engine(), later)
        assert (first["rectification_notices"], again["rectification_notices"]) == (1, 0)
        notice = self.store.read_stream(f"notice-rectification-{ref}-2026-06-20")
        assert [(e.type, e.data["days_over"]) for e in notice] == [
            ("RectificationOverdueNoticeIssued", 5)
        ]
        service.report(self.store, LEADER, ref, text="已整改")
        [row] = self.read(open_rectifications, later)
        assert (row["status"], row["overdue"]) == ("reported", False)

    def test_rectification_files_are_handed_in_by_the_team_while_it_is_open(self) -> None:
        digest = "ab" * 32
        kw: dict[str, Any] = {"file_name": "整改报告.pdf", "file_sha256": digest, "size": 10}
        ref = self.planned()
        self.refused(RuleViolation, service.attach, LEADER, ref, **kw)  # nothing ordered yet
        service.record(self.store, SUPERVISOR, ref, findings=[finding()], rectify_by=date(2026, 7, 1))
        for actor in (OFFICER, OTHER_LEADER, SUPERVISOR, "ad-001"):
            self.refused(NotAuthorised, service.attach, actor, ref, **kw)
        service.attach(self.store, DEPUTY, ref, **kw)
        service.report(self.store, LEADER, ref, text="已整改")
        service.attach(self.store, LEADER, ref, **{**kw, "file_name": "照片.jpg"})
        service.verify(self.store, SUPERVISOR, ref, outcome=Verification.ACCEPTED)
        self.refused(RuleViolation, service.attach, LEADER, ref, **kw)  # accepted: closed
        assert [f["file_name"] for f in service.files(self.store, ref)] == ["整改报告.pdf", "照片.jpg"]
        assert service.load_inspection(self.store, ref).status == "accepted"

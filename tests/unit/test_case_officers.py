"""Two valid officers at every act, 更换办案人员 and 回避 (arts. 42–43): refuse and allow."""

from __future__ import annotations

from tests.unit.case_fakes import World
from tests.unit.test_case_rules import P, dispatched, refused
from workflow.cases import commands as c


def test_an_act_with_fewer_than_two_valid_officers_is_refused_until_reassigned() -> None:
    w = World()
    dispatched(w)
    w.directory.people["tc-o2"].removed = True  # 清退 after dispatch
    evidence = c.RecordEvidence(actor="tc-o1", case=P, kind="k", text="t")
    refused(w, evidence, "第四十二条", "two-officers-act")
    reassign = c.ReassignCase(actor="tc-lead", case=P, officers=("tc-o1", "tc-o3"), reason="")
    refused(w, reassign, "第四十二条", "reassign-reason")
    w.do(c.ReassignCase(actor="tc-lead", case=P, officers=("tc-o1", "tc-o3"), reason="乙已清退"))
    assert w.do(evidence).events == ("EvidenceRecorded",)


def test_reassign_checks_the_new_officers() -> None:
    w = World()
    dispatched(w)
    bad = c.ReassignCase(actor="tc-lead", case=P, officers=("tc-o1", "tc-nocert"), reason="r")
    refused(w, bad, "第四十二条", "certificate")
    same = c.ReassignCase(actor="tc-lead", case=P, officers=("tc-o1", "tc-o2"), reason="r")
    refused(w, same, "第四十二条", "reassign-changes")


def test_recusal_is_decided_by_the_leader_and_the_officer_leaves_for_good() -> None:
    w = World()
    dispatched(w)
    by_deputy = c.RecuseOfficer(
        actor="tc-dep", case=P, officer="tc-o2", applicant="party", reason="亲属"
    )
    refused(w, by_deputy, "第四十三条", "recusal-by-leader")
    stranger = c.RecuseOfficer(
        actor="tc-lead", case=P, officer="tc-o3", applicant="party", reason="r"
    )
    refused(w, stranger, "第四十三条", "recusal-officer")
    w.do(
        c.RecuseOfficer(
            actor="tc-lead", case=P, officer="tc-o2", applicant="party", reason="系当事人亲属"
        )
    )
    case = w.service.load(P)
    assert case.officers == ("tc-o1",) and case.recused == ("tc-o2",)
    refused(
        w,
        c.RecordEvidence(actor="tc-o1", case=P, kind="k", text="t"),
        "第四十二条",
        "two-officers-act",
    )
    back = c.ReassignCase(actor="tc-lead", case=P, officers=("tc-o1", "tc-o2"), reason="r")
    refused(w, back, "第四十三条", "officer-recused")
    w.do(c.ReassignCase(actor="tc-lead", case=P, officers=("tc-o1", "tc-o3"), reason="回避后补充"))
    assert w.do(c.RecordEvidence(actor="tc-o1", case=P, kind="k", text="t")).state == "dispatched"


def test_a_refused_recusal_keeps_the_officer() -> None:
    w = World()
    dispatched(w)
    w.do(
        c.RecuseOfficer(
            actor="tc-lead",
            case=P,
            officer="tc-o2",
            applicant="party",
            reason="无依据",
            granted=False,
        )
    )
    assert w.service.load(P).officers == ("tc-o1", "tc-o2")


# limitation (art. 36) -------------------------------------------------------------------

from datetime import date  # noqa: E402

import pytest  # noqa: E402


def open_with(w: World, **kw: object) -> object:
    return c.OpenCase(
        actor="tc-o1", township="taicheng", matter="M-P1", party="p", summary="s", **kw
    )  # type: ignore[arg-type]


def test_limitation_two_years_to_discovery_not_to_opening() -> None:
    w = World()  # opening day 1 June 2026
    old = open_with(w, violation_date=date(2024, 5, 1))
    refused(w, old, "第三十六条", "limitation")
    found_in_time = open_with(w, violation_date=date(2024, 5, 1), discovered_on=date(2026, 4, 30))
    assert w.do(found_in_time).state == "opened"


def test_limitation_five_years_for_grave_harm_and_from_the_end_of_a_continuing_one() -> None:
    w = World()
    refused(w, open_with(w, violation_date=date(2022, 1, 1)), "第三十六条", "limitation")
    assert w.do(open_with(w, violation_date=date(2022, 1, 1), grave_harm=True)).state == "opened"
    continuing = open_with(w, violation_date=date(2022, 1, 1), violation_end=date(2025, 12, 31))
    assert w.do(continuing).state == "opened"
    backwards = open_with(w, violation_date=date(2025, 1, 1), violation_end=date(2024, 1, 1))
    refused(w, backwards, "第三十六条", "violation-date")


def test_an_unknown_violation_date_is_recorded_as_a_warning() -> None:
    w = World()
    w.do(open_with(w, violation_unknown="群众举报，发生时间待查"))
    case = w.service.load("taicheng-P-2026-1")
    assert "群众举报，发生时间待查" in case.limitation_note and "第三十六条" in case.limitation_note


@pytest.mark.violation_date_required
def test_a_penalty_case_is_not_opened_without_its_violation_date_or_why_unknown() -> None:
    w = World()
    refused(w, open_with(w), "第三十六条", "violation-date-required")
    refused(w, open_with(w, violation_unknown="  "), "第三十六条", "violation-date-required")
    assert w.do(open_with(w, violation_date=date(2026, 5, 28))).state == "opened"
    assert w.do(open_with(w, violation_unknown="举报人记不清日期")).state == "opened"
    assert w.licence().state == "opened"  # a licence application has no violation


@pytest.mark.violation_date_required
def test_an_on_the_spot_case_is_dated_the_day_itself() -> None:
    from tests.unit.test_case_spot import spot

    w = World()
    result = w.service.on_the_spot(spot())
    assert result.case is not None
    assert result.case.violation_date == result.case.opened_at.date()  # type: ignore[union-attr]

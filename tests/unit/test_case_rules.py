"""Each rule of the case lifecycle: one refusal (statute in the message) and one allowed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from tests.unit.case_fakes import PARTY, World
from workflow.cases import commands as c
from workflow.errors import NotAuthorised, RuleViolation

P = "taicheng-P-2026-1"


L = "taicheng-L-2026-1"


def refused(world: World, command: object, statute: str, rule: str | None = None) -> RuleViolation:
    before = world.store.count()
    with pytest.raises(RuleViolation) as info:
        world.do(command)
    assert statute in str(info.value)
    if rule:
        assert info.value.rule == rule
    assert world.store.count() == before, "a refused command appended something"
    return info.value


def open_penalty(w: World, matter: str = "M-P1", **kw: object) -> str:
    w.do(
        c.OpenCase(
            actor="tc-o1",
            township="taicheng",
            matter=matter,
            party="张三",
            summary="无照经营",
            **{**PARTY, **kw},
        )
    )  # type: ignore[arg-type]
    return P


def dispatched(w: World, matter: str = "M-P1") -> str:
    case = open_penalty(w, matter)
    w.advance(hours=1)
    w.do(c.DispatchCase(actor="tc-lead", case=case, officers=("tc-o1", "tc-o2")))
    w.advance(hours=1)
    w.do(c.RecordEvidence(actor="tc-o1", case=case, kind="现场笔录", text="现场检查"))
    return case


def notified(w: World, amount: float = 20_000, matter: str = "M-P1") -> str:
    case = dispatched(w, matter)
    w.advance(hours=1)
    w.do(c.NotifyPenalty(actor="tc-o1", case=case, amount=amount, basis="第十三条"))
    return case


def open_licence(w: World) -> str:
    w.licence()
    w.advance(hours=1)
    w.do(c.DispatchCase(actor="tc-dep", case=L, officers=("tc-o1", "tc-o2")))
    return L


# open -----------------------------------------------------------------------------------


def test_open_refuses_matter_not_in_catalogue() -> None:
    w = World()
    refused(
        w,
        c.OpenCase(actor="tc-o1", township="taicheng", matter="NOPE", party="x", summary="y"),
        "第二十四条",
        "matter-in-catalogue",
    )


def test_open_refuses_matter_before_catalogue_in_force() -> None:
    w = World("2026-04-30T10:00:00+08:00")
    refused(
        w,
        c.OpenCase(actor="tc-o1", township="taicheng", matter="M-P1", party="x", summary="y"),
        "第二十四条",
        "matter-in-catalogue",
    )


def test_open_refuses_kind_mismatch() -> None:
    w = World()
    refused(
        w,
        c.OpenCase(
            actor="tc-o1",
            township="taicheng",
            matter="M-L1",
            party="x",
            summary="y",
            kind="penalty",
        ),
        "第二十四条",
        "kind-matches",
    )


def test_open_refuses_a_licensing_item_without_an_application() -> None:
    w = World()
    direct = c.OpenCase(actor="tc-o1", township="taicheng", matter="M-L1", party="x", summary="y")
    refused(w, direct, "《行政许可法》第二十九条、第三十二条", "licence-application")
    lead = replace(direct, source="taicheng-S-2026-1")  # a lead (线索) is no application
    refused(w, lead, "第三十二条", "licence-application")
    assert w.licence().case_id == L  # received, then 受理: the case opens


def test_open_refuses_violation_beyond_two_years() -> None:
    w = World()
    refused(
        w,
        c.OpenCase(
            actor="tc-o1",
            township="taicheng",
            matter="M-P1",
            party="x",
            summary="y",
            violation_date=date(2024, 5, 31),
        ),
        "第三十六条",
        "limitation",
    )


def test_open_allows_violation_within_two_years_and_numbers() -> None:
    w = World()
    r = w.do(
        c.OpenCase(
            actor="tc-o1",
            township="taicheng",
            matter="M-P1",
            party="x",
            summary="y",
            violation_date=date(2024, 6, 1),
        )
    )
    assert r.case_id == "taicheng-P-2026-1"
    assert r.number == "台城镇综执罚〔2026〕1号"
    r2 = w.licence(party="x", summary="y")
    assert r2.number == "台城镇综执许〔2026〕1号"
    r3 = w.do(c.OpenCase(actor="tc-o2", township="taicheng", matter="M-P2", party="x", summary="y"))
    assert r3.number == "台城镇综执罚〔2026〕2号"


def test_open_refuses_uncertified_officer() -> None:
    w = World()
    refused(
        w,
        c.OpenCase(actor="tc-nocert", township="taicheng", matter="M-P1", party="x", summary="y"),
        "第四十二条",
        "certificate",
    )


def test_open_in_other_township_not_authorised() -> None:
    w = World()
    with pytest.raises(NotAuthorised):
        w.do(c.OpenCase(actor="gz-o1", township="taicheng", matter="M-P1", party="x", summary="y"))
    assert w.store.count() == 0


# dispatch -------------------------------------------------------------------------------


def test_dispatch_refuses_one_officer() -> None:
    w = World()
    case = open_penalty(w)
    refused(
        w,
        c.DispatchCase(actor="tc-lead", case=case, officers=("tc-o1",)),
        "第四十二条",
        "two-officers",
    )
    refused(
        w, c.DispatchCase(actor="tc-lead", case=case, officers=("tc-o1", "tc-o1")), "第四十二条"
    )


def test_dispatch_refuses_officer_of_other_team() -> None:
    w = World()
    case = open_penalty(w)
    refused(
        w,
        c.DispatchCase(actor="tc-lead", case=case, officers=("tc-o1", "gz-o1")),
        "第四十二条",
        "officer-on-team",
    )


def test_dispatch_refuses_removed_officer() -> None:
    w = World()
    case = open_penalty(w)
    refused(
        w,
        c.DispatchCase(actor="tc-lead", case=case, officers=("tc-o1", "tc-gone")),
        "第四十二条",
        "officer-removed",
    )


def test_dispatch_refuses_expired_certificate() -> None:
    w = World()
    case = open_penalty(w)
    refused(
        w,
        c.DispatchCase(actor="tc-lead", case=case, officers=("tc-o1", "tc-nocert")),
        "第四十二条",
        "certificate",
    )


def test_dispatch_by_officer_not_authorised() -> None:
    w = World()
    case = open_penalty(w)
    with pytest.raises(NotAuthorised):
        w.do(c.DispatchCase(actor="tc-o1", case=case, officers=("tc-o1", "tc-o2")))


def test_dispatch_allowed_by_deputy() -> None:
    w = World()
    case = open_penalty(w)
    r = w.do(c.DispatchCase(actor="tc-dep", case=case, officers=("tc-o1", "tc-o2")))
    assert r.state == "dispatched"


# evidence -------------------------------------------------------------------------------


def test_evidence_by_undispatched_officer_not_authorised() -> None:
    w = World()
    case = dispatched(w)
    with pytest.raises(NotAuthorised):
        w.do(c.RecordEvidence(actor="tc-o3", case=case, kind="照片", text="x"))


def test_evidence_refuses_undispatched_leader() -> None:
    w = World()
    case = dispatched(w)
    refused(
        w,
        c.RecordEvidence(actor="tc-lead", case=case, kind="照片", text="x"),
        "第四十七条",
        "dispatched-officer",
    )


def test_evidence_allowed_with_file_hash() -> None:
    w = World()
    case = dispatched(w)
    r = w.do(
        c.RecordEvidence(
            actor="tc-o2",
            case=case,
            kind="照片",
            text="x",
            file_name="a.jpg",
            file_sha256="ab" * 32,
        )
    )
    assert r.events == ("EvidenceRecorded",)
    assert r.case.evidence == 2


# notify ---------------------------------------------------------------------------------


def test_notify_refuses_licensing_case() -> None:
    w = World()
    case = open_licence(w)
    w.do(c.RecordEvidence(actor="tc-o1", case=case, kind="材料", text="申请书"))
    refused(
        w,
        c.NotifyPenalty(actor="tc-o1", case=case, amount=100, basis="x"),
        "第四十四条",
        "penalty-case",
    )


def test_notify_refuses_missing_basis_and_rights() -> None:
    w = World()
    case = dispatched(w)
    refused(
        w,
        c.NotifyPenalty(actor="tc-o1", case=case, amount=100, basis=" "),
        "第四十四条",
        "notice-basis",
    )
    refused(
        w,
        c.NotifyPenalty(actor="tc-o1", case=case, amount=100, basis="b", rights_told=False),
        "第四十四条",
        "notice-rights",
    )


def test_notify_refuses_without_evidence() -> None:
    w = World()
    case = open_penalty(w)
    w.advance(hours=1)
    w.do(c.DispatchCase(actor="tc-lead", case=case, officers=("tc-o1", "tc-o2")))
    refused(
        w,
        c.NotifyPenalty(actor="tc-o1", case=case, amount=100, basis="b"),
        "第四十条",
        "evidence-first",
    )


def test_notify_allowed_tells_hearing_right_when_eligible() -> None:
    w = World()
    case = notified(w, 20_000)
    loaded = w.service.load(case)
    assert loaded.hearing_eligible
    assert loaded.deadlines["hearing_request"].due == date(2026, 6, 8)


# hearing --------------------------------------------------------------------------------


def test_hearing_refuses_ineligible_sanction() -> None:
    w = World()
    case = notified(w, 500)
    refused(w, c.RequestHearing(actor="tc-o1", case=case), "第六十三条", "hearing-eligible")


def test_hearing_refuses_after_five_working_days() -> None:
    w = World()
    case = notified(w, 20_000)
    w.advance(days=8)  # notified Mon 1 June; due Mon 8 June; now Tue 9 June
    refused(w, c.RequestHearing(actor="tc-o1", case=case), "第六十四条", "hearing-deadline")


def test_hearing_allowed_within_period() -> None:
    w = World()
    case = notified(w, 20_000)
    w.advance(days=3)
    assert w.do(c.RequestHearing(actor="tc-o1", case=case)).state == "hearing"
    w.do(
        c.ScheduleHearing(
            actor="tc-lead", case=case, on=date(2026, 6, 15), place="会议室", chair="tc-o3"
        )
    )
    w.now = w.now.replace(day=15)
    held = c.HoldHearing(actor="tc-o3", case=case, record_file="笔录.pdf", record_sha256="ab" * 32)
    assert w.do(held).events == ("HearingHeld",)


# decide ---------------------------------------------------------------------------------


def test_decide_refuses_during_defence_period() -> None:
    w = World()
    case = notified(w, 500)
    w.advance(days=1)
    refused(
        w,
        c.DecidePenalty(actor="tc-lead", case=case, amount=500, basis="b"),
        "第四十五条",
        "defence-period",
    )


def test_decide_allowed_after_waiver() -> None:
    w = World()
    case = notified(w, 500)
    w.do(c.WaiveDefence(actor="tc-o1", case=case))
    r = w.do(c.DecidePenalty(actor="tc-lead", case=case, amount=500, basis="b"))
    assert r.state == "penalty_decided"
    assert "fine_payment" not in r.case.deadlines  # 15 days from service (art 67), not from here


def test_decide_refuses_heavier_than_notice() -> None:
    w = World()
    case = notified(w, 500)
    w.do(c.WaiveDefence(actor="tc-o1", case=case))
    refused(
        w,
        c.DecidePenalty(actor="tc-lead", case=case, amount=800, basis="b"),
        "第四十五条",
        "no-heavier",
    )


def test_decide_major_refuses_without_legal_review() -> None:
    w = World()
    case = notified(w, 60_000)
    w.do(c.WaiveDefence(actor="tc-o1", case=case))
    refused(
        w,
        c.DecidePenalty(actor="tc-lead", case=case, amount=60_000, basis="b"),
        "第五十八条",
        "legal-review",
    )
    w.service.designate(
        c.DesignateDuty(actor="tc-lead", township="taicheng", person="tc-o3", duty="legal_reviewer")
    )
    w.do(c.RecordLegalReview(actor="tc-o3", case=case, opinion="同意", result="passed"))
    w.do(
        c.HoldDiscussion(
            actor="tc-lead",
            case=case,
            participants=("tc-lead", "tc-dep"),
            conclusion="同意",
            result="penalty",
        )
    )
    assert (
        w.do(
            c.DecidePenalty(actor="tc-lead", case=case, amount=60_000, basis="b")
        ).case.decided_amount
        == 60_000
    )


def test_decide_refuses_before_hearing_held() -> None:
    w = World()
    case = notified(w, 20_000)
    w.do(c.RequestHearing(actor="tc-o1", case=case))
    refused(
        w,
        c.DecidePenalty(actor="tc-lead", case=case, amount=100, basis="b"),
        "第六十五条",
        "hearing-held",
    )


def test_decide_refuses_after_90_days_unless_extended() -> None:
    w = World()
    case = notified(w, 500)
    w.do(c.WaiveDefence(actor="tc-o1", case=case))
    w.service.max_backdate = timedelta(days=365)
    w.now = w.now + timedelta(days=95)
    refused(
        w,
        c.DecidePenalty(actor="tc-lead", case=case, amount=500, basis="b"),
        "第六十条",
        "decision-deadline",
    )
    late = c.ExtendDeadline(actor="tc-lead", case=case, days=30, reason="案情复杂")
    refused(w, late, "第六十条", "extension-before-deadline")


def test_extension_before_the_deadline_within_the_caps() -> None:
    w = World()
    case = notified(w, 500)
    w.do(c.WaiveDefence(actor="tc-o1", case=case))
    w.now = w.now + timedelta(days=85)
    refused(
        w,
        c.ExtendDeadline(actor="tc-lead", case=case, days=31, reason="r"),
        "第六十条",
        "extension-days",
    )
    w.do(c.ExtendDeadline(actor="tc-lead", case=case, days=30, reason="案情复杂"))
    again = c.ExtendDeadline(actor="tc-lead", case=case, days=20, reason="仍需鉴定")
    refused(w, again, "第六十条", "extension-discussion")
    w.do(
        c.HoldDiscussion(
            actor="tc-lead",
            case=case,
            participants=("tc-lead", "tc-dep"),
            conclusion="同意再次延期",
            result="extend",
        )
    )
    refused(w, replace(again, days=31), "第六十条", "extension-days")  # total cap 60
    w.do(again)
    w.now = w.now + timedelta(days=30)
    assert (
        w.do(c.DecidePenalty(actor="tc-lead", case=case, amount=500, basis="b")).state
        == "penalty_decided"
    )


def test_licence_extension_once_up_to_ten_working_days() -> None:
    w = World()
    case = open_licence(w)
    refused(
        w,
        c.ExtendDeadline(actor="tc-lead", case=case, days=11, reason="r"),
        "第四十二条",
        "extension-days",
    )
    w.do(c.ExtendDeadline(actor="tc-lead", case=case, days=10, reason="需现场核查"))
    refused(
        w,
        c.ExtendDeadline(actor="tc-lead", case=case, days=1, reason="r"),
        "第四十二条",
        "licence-extension-once",
    )


# licensing ------------------------------------------------------------------------------


def test_grant_refuses_after_twenty_working_days() -> None:
    w = World()
    case = open_licence(w)
    w.now += timedelta(days=30)  # 20 working days from 1 June 2026 is 29 June (端午 19 June)
    refused(
        w,
        c.GrantLicence(actor="tc-lead", case=case),
        "《行政许可法》第四十二条",
        "decision-deadline",
    )
    w2 = World()
    case = open_licence(w2)
    w2.now += timedelta(days=25)  # before 29 June: the extension comes in time
    w2.do(c.ExtendDeadline(actor="tc-lead", case=case, days=10, reason="需要现场核查"))
    w2.now += timedelta(days=5)
    assert w2.do(c.GrantLicence(actor="tc-lead", case=case)).state == "licence_granted"


def test_grant_refuses_penalty_case() -> None:
    w = World()
    case = dispatched(w)
    refused(
        w, c.GrantLicence(actor="tc-lead", case=case), "《行政许可法》第三十八条", "licensing-case"
    )


def granted(w: World) -> str:
    case = open_licence(w)
    w.advance(hours=1)
    w.do(c.GrantLicence(actor="tc-lead", case=case))  # Mon 1 June: issue by 15 June
    w.advance(hours=1)
    return case


def test_a_granted_licence_is_issued_before_the_case_closes() -> None:
    w = World()
    case = granted(w)
    close = c.CloseCase(actor="tc-o1", case=case, outcome="licence_issued")
    refused(w, close, "《行政许可法》第四十四条", "licence-issued-first")
    refused(w, c.IssueLicence(actor="tc-o1", case=case, document_number=" "), "第四十四条",
            "licence-document")  # fmt: skip
    with pytest.raises(NotAuthorised):  # an officer not dispatched to the case
        w.do(c.IssueLicence(actor="tc-o3", case=case, document_number="许〔2026〕1号"))
    issued = w.do(c.IssueLicence(actor="tc-o1", case=case, document_number="许〔2026〕1号"))
    assert issued.events == ("LicenceIssued",) and "licence_issue" not in issued.case.deadlines
    refused(w, c.IssueLicence(actor="tc-o1", case=case, document_number="x"), "第四十四条",
            "licence-issued-once")  # fmt: skip
    assert w.do(close).state == "closed"


def test_a_licence_issued_after_ten_working_days_records_why() -> None:
    w = World()
    case = granted(w)
    w.now += timedelta(days=15)  # Tue 16 June: past the 10 working days (15 June)
    late = c.IssueLicence(actor="tc-o1", case=case, document_number="许〔2026〕2号")
    refused(w, late, "《行政许可法》第四十四条", "licence-issue-late")
    w.do(replace(late, delay_reason="申请人外出未能领取"))
    (event,) = [r for r in w.store.read_stream(f"case-{case}") if r.type == "LicenceIssued"]
    assert event.data["late"] and event.data["due"] == "2026-06-15"
    assert event.data["delay_reason"] == "申请人外出未能领取"


def test_refuse_licence_needs_reason() -> None:
    w = World()
    case = open_licence(w)
    refused(
        w, c.RefuseLicence(actor="tc-lead", case=case, reason=""), "第三十八条", "refusal-reason"
    )
    assert (
        w.do(c.RefuseLicence(actor="tc-lead", case=case, reason="不符合条件")).state
        == "licence_refused"
    )


# extend ---------------------------------------------------------------------------------


def test_extend_refuses_deputy_and_missing_reason() -> None:
    w = World()
    case = open_licence(w)
    refused(
        w,
        c.ExtendDeadline(actor="tc-dep", case=case, days=5, reason="r"),
        "第四十二条",
        "extension-by-leader",
    )
    refused(
        w,
        c.ExtendDeadline(actor="tc-lead", case=case, days=5, reason=""),
        "第四十二条",
        "extension-reason",
    )
    refused(
        w,
        c.ExtendDeadline(actor="tc-lead", case=case, days=11, reason="r"),
        "第四十二条",
        "extension-days",
    )
    assert (
        w.do(c.ExtendDeadline(actor="tc-lead", case=case, days=10, reason="r")).case.extended_days
        == 10
    )


# close and review -----------------------------------------------------------------------


def test_close_refuses_undecided_and_drop_without_reason() -> None:
    w = World()
    case = open_penalty(w)
    refused(
        w, c.CloseCase(actor="tc-lead", case=case, outcome="dropped"), "第五十七条", "drop-reason"
    )
    refused(
        w,
        c.CloseCase(actor="tc-lead", case=case, outcome="executed"),
        "第五十七条",
        "close-outcome",
    )
    assert (
        w.do(c.CloseCase(actor="tc-lead", case=case, outcome="dropped", reason="不予立案")).state
        == "closed"
    )


def test_close_dispatched_refused_by_lifecycle() -> None:
    w = World()
    case = dispatched(w)
    refused(
        w,
        c.CloseCase(actor="tc-lead", case=case, outcome="dropped", reason="r"),
        "行政处罚法",
        "lifecycle",
    )


def test_review_refuses_open_case_and_bad_verdict() -> None:
    w = World()
    case = open_penalty(w)
    refused(
        w,
        c.ReviewCase(actor="sup", case=case, verdict="qualified", findings="f"),
        "行政处罚法",
        "lifecycle",
    )
    w.do(c.CloseCase(actor="tc-lead", case=case, outcome="dropped", reason="r"))
    refused(
        w,
        c.ReviewCase(actor="sup", case=case, verdict="great", findings="f"),
        "第七十五条",
        "verdict",
    )
    refused(w, c.ReviewCase(actor="sup", case=case, verdict="defective", findings=""), "第七十五条")
    assert (
        w.do(c.ReviewCase(actor="sup", case=case, verdict="defective", findings="文书不全")).state
        == "reviewed"
    )


def test_review_by_officer_not_authorised() -> None:
    w = World()
    case = open_penalty(w)
    w.do(c.CloseCase(actor="tc-lead", case=case, outcome="dropped", reason="r"))
    with pytest.raises(NotAuthorised):
        w.do(c.ReviewCase(actor="tc-lead", case=case, verdict="qualified", findings="f"))


# business time --------------------------------------------------------------------------


def test_backdate_beyond_72_hours_refused_and_within_allowed() -> None:
    w = World()
    case = open_penalty(w, at=None)
    w.advance(days=5)
    refused(
        w,
        c.DispatchCase(
            actor="tc-lead", case=case, officers=("tc-o1", "tc-o2"), at=w.now - timedelta(hours=73)
        ),
        "第四十七条",
        "backdate-limit",
    )
    late = c.DispatchCase(
        actor="tc-lead", case=case, officers=("tc-o1", "tc-o2"), at=w.now - timedelta(hours=71)
    )
    refused(w, late, "第四十七条", "late-reason")  # more than an hour back: 补录原因 required
    from dataclasses import replace

    w.do(replace(late, late_reason="现场无网络，返回后补录"))
    record = w.store.streams[f"case-{case}"][-1]
    assert record.metadata["late_reason"] == "现场无网络，返回后补录"


def test_time_never_runs_backwards_within_case() -> None:
    w = World()
    case = open_penalty(w)
    w.advance(hours=2)
    w.do(c.DispatchCase(actor="tc-lead", case=case, officers=("tc-o1", "tc-o2")))
    refused(
        w,
        c.RecordEvidence(
            actor="tc-o1", case=case, kind="k", text="t", at=w.now - timedelta(hours=1)
        ),
        "第四十七条",
        "time-order",
    )


def test_future_time_refused() -> None:
    w = World()
    refused(
        w,
        c.OpenCase(
            actor="tc-o1",
            township="taicheng",
            matter="M-P1",
            party="x",
            summary="y",
            at=w.now + timedelta(hours=1),
        ),
        "第四十七条",
        "future-time",
    )


def test_repeated_command_id_does_nothing_twice() -> None:
    w = World()
    case = open_penalty(w, command_id="open-1")
    again = w.do(
        c.OpenCase(
            actor="tc-o1",
            township="taicheng",
            matter="M-P1",
            party="张三",
            summary="无照经营",
            command_id="open-1",
        )
    )
    assert again.duplicate and again.case_id == "taicheng-P-2026-1"
    w.do(c.DispatchCase(actor="tc-lead", case=case, officers=("tc-o1", "tc-o2"), command_id="d-1"))
    count = w.store.count()
    assert w.do(
        c.DispatchCase(actor="tc-lead", case=case, officers=("tc-o1", "tc-o2"), command_id="d-1")
    ).duplicate
    assert w.store.count() == count


def test_thresholds_are_configurable() -> None:
    from dataclasses import replace

    from workflow.cases.config import RuleConfig

    w = World()
    w.service.config = replace(RuleConfig(), hearing_fine_individual=5000)
    case = notified(w, 6_000)
    assert w.do(c.RequestHearing(actor="tc-o1", case=case)).state == "hearing"

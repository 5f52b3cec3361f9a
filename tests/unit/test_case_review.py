"""法制审核 (art. 58), 集体讨论 and who decides (art. 57), the hearing procedure (arts. 64–65).

Each rule: one refusal (statute in the message, nothing appended) and one allowed path.
"""

from __future__ import annotations

from datetime import date

from tests.unit.case_fakes import World
from tests.unit.test_case_rules import P, dispatched, notified, refused
from workflow.cases import commands as c

RECORD = "ab" * 32


def designate(w: World, person: str, duty: str = "legal_reviewer", actor: str = "tc-lead") -> None:
    w.service.designate(c.DesignateDuty(actor=actor, township="taicheng", person=person, duty=duty))


def waived(w: World, amount: float) -> str:
    case = notified(w, amount)
    w.do(c.WaiveDefence(actor="tc-o1", case=case))
    return case


def review(w: World, result: str = "passed", actor: str = "tc-o3") -> object:
    return w.do(c.RecordLegalReview(actor=actor, case=P, opinion="意见", result=result))


def discuss(
    w: World, result: str = "penalty", people: tuple[str, ...] = ("tc-lead", "tc-dep")
) -> object:
    return w.do(
        c.HoldDiscussion(
            actor="tc-lead", case=P, participants=people, conclusion="同意", result=result
        )
    )


def decide(amount: float, actor: str = "tc-lead") -> c.DecidePenalty:
    return c.DecidePenalty(actor=actor, case=P, amount=amount, basis="b")


# designations ---------------------------------------------------------------------------


def test_only_the_leader_designates_and_a_decider_is_a_deputy() -> None:
    w = World()
    before = w.store.count()
    for person, duty, actor, rule in [
        ("tc-o3", "legal_reviewer", "tc-dep", "designate-by-leader"),
        ("tc-o3", "decider", "tc-lead", "decider-deputy"),
        ("gz-lead", "decider", "tc-lead", "decider-deputy"),
    ]:
        try:
            designate(w, person, duty, actor)
        except Exception as exc:  # noqa: BLE001 - the rule is asserted below
            assert getattr(exc, "rule", None) == rule and "第五十" in str(exc)
        else:
            raise AssertionError(f"{person} {duty} by {actor} was allowed")
    assert w.store.count() == before
    designate(w, "tc-dep", "decider")
    assert w.service.duties("taicheng").holds(
        "tc-dep", __import__("workflow.cases.duties").cases.duties.Duty.DECIDER
    )


# legal review ---------------------------------------------------------------------------


def test_review_refuses_an_undesignated_reviewer_and_an_investigator() -> None:
    w = World()
    waived(w, 60_000)
    refused(
        w,
        c.RecordLegalReview(actor="tc-dep", case=P, opinion="o", result="passed"),
        "第五十八条",
        "reviewer-designated",
    )
    designate(w, "tc-o1")
    refused(
        w,
        c.RecordLegalReview(actor="tc-o1", case=P, opinion="o", result="passed"),
        "第五十八条",
        "reviewer-not-handler",
    )
    designate(w, "tc-o3")
    refused(
        w,
        c.RecordLegalReview(actor="tc-o3", case=P, opinion="o", result="maybe"),
        "第五十八条",
        "review-result",
    )
    assert review(w).events == ("LegalReviewRecorded",)  # type: ignore[attr-defined]


def test_a_returned_review_does_not_satisfy_the_decision() -> None:
    w = World()
    designate(w, "tc-o3")
    waived(w, 60_000)
    discuss(w)
    review(w, "returned")
    error = refused(w, decide(60_000), "第五十八条", "legal-review")
    assert "退回" in str(error)
    review(w, "passed")
    assert w.do(decide(60_000)).state == "penalty_decided"


def test_a_schema_1_review_reads_as_legacy_and_is_not_passed() -> None:
    w = World()
    designate(w, "tc-o3")
    waived(w, 60_000)
    discuss(w)
    review(w)
    stream = w.store.streams[f"case-{P}"]
    old = stream[-1]
    stream[-1] = old._replace(
        schema_version=1, data={"opinion": "不同意，事实不清", "at": old.data["at"]}
    )
    case = w.service.load(P)
    assert case.review_result == "legacy" and not case.legal_reviewed
    refused(w, decide(60_000), "第五十八条", "legal-review")


def test_a_small_fine_needs_no_review_a_marked_complex_case_does() -> None:
    w = World()
    designate(w, "tc-o3")
    waived(w, 500)
    refused(
        w,
        c.MarkMajor(actor="tc-lead", case=P, grounds=("很复杂",), reason="r"),
        "第五十八条",
        "major-grounds",
    )
    w.do(c.MarkMajor(actor="tc-lead", case=P, grounds=("疑难复杂",), reason="法律适用有争议"))
    refused(w, decide(500), "第五十八条", "legal-review")
    review(w)
    assert w.do(decide(500)).state == "penalty_decided"  # 疑难复杂 needs no discussion


# collective discussion and who decides -------------------------------------------------


def test_a_major_decision_needs_a_collective_discussion_and_follows_it() -> None:
    w = World()
    designate(w, "tc-o3")
    waived(w, 60_000)
    review(w)
    refused(w, decide(60_000), "第五十七条", "collective-discussion")
    discuss(w, "no_penalty")
    refused(w, decide(60_000), "第五十七条", "follow-discussion")
    discuss(w, "penalty")
    assert w.do(decide(60_000)).state == "penalty_decided"


def test_discussion_is_presided_by_the_leader_with_the_leadership() -> None:
    w = World()
    waived(w, 60_000)
    refused(
        w,
        c.HoldDiscussion(
            actor="tc-dep",
            case=P,
            participants=("tc-lead", "tc-dep"),
            conclusion="c",
            result="penalty",
        ),
        "第五十七条",
        "discussion-by-leader",
    )
    refused(
        w,
        c.HoldDiscussion(
            actor="tc-lead",
            case=P,
            participants=("tc-lead", "tc-o1"),
            conclusion="c",
            result="penalty",
        ),
        "第五十七条",
        "discussion-participants",
    )
    refused(
        w,
        c.HoldDiscussion(
            actor="tc-lead", case=P, participants=("tc-lead",), conclusion="c", result="penalty"
        ),
        "第五十七条",
        "discussion-participants",
    )
    assert discuss(w).events == ("CollectiveDiscussionHeld",)  # type: ignore[attr-defined]


def test_a_deputy_decides_only_when_authorised() -> None:
    w = World()
    waived(w, 500)
    refused(w, decide(500, "tc-dep"), "第五十七条", "decider-authorised")
    designate(w, "tc-dep", "decider")
    assert w.do(decide(500, "tc-dep")).state == "penalty_decided"


def test_an_investigator_may_not_alone_decide_a_major_case() -> None:
    w = World()
    designate(w, "tc-o3")
    w.do(
        c.OpenCase(
            actor="tc-o1",
            township="taicheng",
            matter="M-P1",
            party="张三",
            summary="s",
            party_id_number="140922198503120018",
            party_address="a",
        )
    )
    w.advance(hours=1)
    w.do(c.DispatchCase(actor="tc-lead", case=P, officers=("tc-lead", "tc-o1")))
    w.do(c.RecordEvidence(actor="tc-o1", case=P, kind="k", text="t"))
    w.do(c.NotifyPenalty(actor="tc-o1", case=P, amount=60_000, basis="b"))
    w.do(c.WaiveDefence(actor="tc-o1", case=P))
    review(w)
    refused(w, decide(60_000), "第五十七条", "decider-not-investigator")
    discuss(w)
    assert w.do(decide(60_000)).state == "penalty_decided"


# hearing procedure ---------------------------------------------------------------------


def requested(w: World) -> str:
    case = notified(w, 20_000)  # Mon 1 June 2026
    w.do(c.RequestHearing(actor="tc-o1", case=case))
    return case


def schedule(on: date, chair: str = "tc-o3", **kw: object) -> c.ScheduleHearing:
    return c.ScheduleHearing(actor="tc-lead", case=P, on=on, place="会议室", chair=chair, **kw)  # type: ignore[arg-type]


def test_schedule_refuses_short_notice_an_investigator_chair_and_an_outsider() -> None:
    w = World()
    requested(w)
    refused(w, schedule(date(2026, 6, 9)), "第六十四条", "hearing-notice-7-days")
    refused(w, schedule(date(2026, 6, 15), "tc-o2"), "第六十四条", "hearing-chair-not-investigator")
    refused(w, schedule(date(2026, 6, 15), "gz-o1"), "第六十四条", "hearing-chair")
    refused(w, schedule(date(2026, 6, 15), public=False), "第六十四条", "hearing-public")
    assert w.do(schedule(date(2026, 6, 10))).events == ("HearingScheduled",)  # 7 working days


def test_held_only_on_the_day_by_the_chair_with_a_record() -> None:
    w = World()
    requested(w)
    w.do(schedule(date(2026, 6, 15)))
    early = c.HoldHearing(actor="tc-o3", case=P, record_sha256=RECORD)
    refused(w, early, "第六十四条", "hearing-day")
    w.now = w.now.replace(day=15)
    refused(
        w,
        c.HoldHearing(actor="tc-o1", case=P, record_sha256=RECORD),
        "第六十四条",
        "hearing-by-chair",
    )
    refused(w, c.HoldHearing(actor="tc-o3", case=P), "第六十四条", "hearing-record")
    assert w.do(early).events == ("HearingHeld",)
    refused(w, decide(20_000), "第五十八条", "legal-review")  # 经过听证 → 法制审核
    designate(w, "tc-dep")
    review(w, actor="tc-dep")
    decided = w.do(decide(20_000))
    assert decided.state == "penalty_decided"
    assert w.store.streams[f"case-{P}"][-1].data["hearing_record_sha256"] == RECORD


def test_a_no_show_ends_the_hearing_as_waived() -> None:
    w = World()
    requested(w)
    refused(w, decide(20_000), "第六十五条", "hearing-held")
    w.do(schedule(date(2026, 6, 15)))
    w.now = w.now.replace(day=15)
    refused(
        w, c.AbandonHearing(actor="tc-o3", case=P, reason=" "), "第六十四条", "hearing-abandoned"
    )
    w.do(c.AbandonHearing(actor="tc-o3", case=P, reason="当事人无正当理由未到场"))
    assert w.do(decide(20_000)).state == "penalty_decided"
    refused(w, c.HoldHearing(actor="tc-o3", case=P, record_sha256=RECORD), "第五章", "lifecycle")


def test_dispatched_case_helper_still_opens() -> None:
    w = World()
    assert dispatched(w) == P

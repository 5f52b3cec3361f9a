"""Issue 9 rules the README table now lists that had no refuse-and-allow unit test of their
own: hearing-scheduled, hearing-once, hearing-waived (处罚法 64), already-waived (45),
discussion-result (57), recusal-applicant, recusal-reason (43), party-kind (59),
designee (58). Each refuses with its article and appends
nothing, then the same act, put right, is recorded."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.case_fakes import PARTY, World
from tests.unit.test_case_review import RECORD, requested, schedule
from tests.unit.test_case_rules import L, P, dispatched, notified, refused
from workflow.cases import commands as c
from workflow.errors import RuleViolation


def test_a_hearing_is_held_only_once_it_is_scheduled() -> None:
    w = World()
    requested(w)
    held = c.HoldHearing(actor="tc-o3", case=P, record_sha256=RECORD)
    refused(w, held, "第六十四条", "hearing-scheduled")
    w.do(schedule(date(2026, 6, 15)))
    w.now = w.now.replace(day=15)
    assert w.do(held).events == ("HearingHeld",)


def test_a_hearing_that_ended_is_not_held_or_abandoned_again() -> None:
    w = World()
    requested(w)
    w.do(schedule(date(2026, 6, 15)))
    w.now = w.now.replace(day=15)
    w.do(c.HoldHearing(actor="tc-o3", case=P, record_sha256=RECORD))
    again = c.HoldHearing(actor="tc-o3", case=P, record_sha256=RECORD)
    refused(w, again, "第六十四条", "hearing-once")
    gone = c.AbandonHearing(actor="tc-o3", case=P, reason="当事人中途退场")
    refused(w, gone, "第六十四条", "hearing-once")


def test_a_discussion_concludes_with_a_known_result() -> None:
    w = World()
    dispatched(w)
    people = ("tc-lead", "tc-dep")
    odd = c.HoldDiscussion(actor="tc-lead", case=P, participants=people, conclusion="再议",
                           result="maybe")  # fmt: skip
    refused(w, odd, "第五十七条", "discussion-result")
    done = w.do(c.HoldDiscussion(actor="tc-lead", case=P, participants=people,
                                 conclusion="同意不予处罚", result="no_penalty"))  # fmt: skip
    assert done.events == ("CollectiveDiscussionHeld",)


def test_a_recusal_names_who_applied_for_it() -> None:
    w = World()
    dispatched(w)
    by_whom = c.RecuseOfficer(actor="tc-lead", case=P, officer="tc-o2", applicant="neighbour",
                              reason="与当事人系近亲属")  # fmt: skip
    refused(w, by_whom, "第四十三条", "recusal-applicant")
    done = w.do(c.RecuseOfficer(actor="tc-lead", case=P, officer="tc-o2", applicant="officer",
                                reason="与当事人系近亲属"))  # fmt: skip
    assert done.events == ("RecusalDecided",)


def test_a_party_is_an_individual_or_an_organisation() -> None:
    w = World()

    def opening(kind: str) -> c.OpenCase:
        return c.OpenCase(actor="tc-o1", township="taicheng", matter="M-P1", party="张三",
                          summary="无照经营", party_kind=kind, **PARTY)  # type: ignore[arg-type]  # fmt: skip

    refused(w, opening("公司"), "第五十九条", "party-kind")
    assert w.do(opening("个人")).case_id == P
    assert w.service.load(P).party_detail.kind.value == "individual"


def test_a_waived_defence_is_waived_once_and_no_hearing_follows() -> None:
    w = World()
    notified(w, 20_000)
    waive = c.WaiveDefence(actor="tc-o1", case=P)
    assert w.do(waive).events == ("DefenceWaived",)
    refused(w, waive, "第四十五条", "already-waived")
    refused(w, c.RequestHearing(actor="tc-o1", case=P), "第六十四条", "hearing-waived")


def test_a_hearing_is_requested_by_a_party_who_has_not_waived() -> None:
    w = World()
    notified(w, 20_000)
    assert w.do(c.RequestHearing(actor="tc-o1", case=P)).state == "hearing"


def test_a_recusal_states_its_reason() -> None:
    w = World()
    dispatched(w)
    blank = c.RecuseOfficer(actor="tc-lead", case=P, officer="tc-o2", applicant="party", reason=" ")
    refused(w, blank, "第四十三条", "recusal-reason")
    done = w.do(c.RecuseOfficer(actor="tc-lead", case=P, officer="tc-o2", applicant="party",
                                reason="系当事人近亲属"))  # fmt: skip
    assert done.events == ("RecusalDecided",)


def test_a_duty_goes_to_a_person_on_the_roster() -> None:
    w = World()
    before = w.store.count()
    stranger = c.DesignateDuty(actor="tc-lead", township="taicheng", person="tc-nobody",
                               duty="legal_reviewer")  # fmt: skip
    with pytest.raises(RuleViolation) as info:
        w.service.designate(stranger)
    assert info.value.rule == "designee" and "第五十八条" in str(info.value)
    assert w.store.count() == before
    w.service.designate(c.DesignateDuty(actor="tc-lead", township="taicheng", person="tc-o3",
                                        duty="legal_reviewer"))  # fmt: skip
    assert w.store.count() == before + 1


def test_each_act_states_what_the_law_asks_it_to_state() -> None:
    """Blank 证据内容 (art 47), 认定理由 (58), 讨论结论 (57), 听证地点 (64) are refused with
    their rule, appending nothing; the same act with the text is recorded."""
    w = World()
    dispatched(w)
    blank_then_filled = [
        (lambda t: c.RecordEvidence(actor="tc-o1", case=P, kind="现场笔录", text=t),
         "第四十七条", "evidence-text"),
        (lambda t: c.MarkMajor(actor="tc-lead", case=P, grounds=("疑难复杂",), reason=t),
         "第五十八条", "major-reason"),
        (lambda t: c.HoldDiscussion(actor="tc-lead", case=P, participants=("tc-lead", "tc-dep"),
                                    conclusion=t, result="penalty"), "第五十七条",
         "discussion-conclusion"),
    ]  # fmt: skip
    for build, statute, rule in blank_then_filled:
        refused(w, build(" "), statute, rule)
        assert w.do(build("写明的内容")).events
    w.do(c.NotifyPenalty(actor="tc-o1", case=P, amount=20_000, basis="第十三条"))
    w.do(c.RequestHearing(actor="tc-o1", case=P))
    nowhere = c.ScheduleHearing(actor="tc-lead", case=P, on=date(2026, 6, 15), place=" ",
                                chair="tc-o3")  # fmt: skip
    refused(w, nowhere, "第六十四条", "hearing-place")
    assert w.do(schedule(date(2026, 6, 15))).events == ("HearingScheduled",)


def test_a_penalty_case_states_each_required_text() -> None:
    """证据种类 (46), 违法事实 (44), 审核意见 (58), 处罚依据 (59), 不能执行的理由 (57),
    评查意见 (75): blank refused with the rule, appending nothing; written, recorded."""
    w = World()
    dispatched(w)
    w.service.designate(c.DesignateDuty(actor="tc-lead", township="taicheng", person="tc-o3",
                                        duty="legal_reviewer"))  # fmt: skip
    steps = [
        (lambda t: c.RecordEvidence(actor="tc-o1", case=P, kind=t, text="询问"),
         "第四十六条", "evidence-kind"),
        (lambda t: c.NotifyPenalty(actor="tc-o1", case=P, amount=500, basis="第十三条", facts=t),
         "第四十四条", "notice-facts"),
        (lambda t: c.RecordLegalReview(actor="tc-o3", case=P, opinion=t, result="passed"),
         "第五十八条", "review-opinion"),
    ]  # fmt: skip
    for build, statute, rule in steps:
        refused(w, build(" "), statute, rule)
        assert w.do(build("写明的内容")).events
    w.do(c.WaiveDefence(actor="tc-o1", case=P))
    refused(w, c.DecidePenalty(actor="tc-lead", case=P, amount=500, basis=" "), "第五十九条",
            "decision-basis")  # fmt: skip
    assert w.do(c.DecidePenalty(actor="tc-lead", case=P, amount=500, basis="第十三条")).events
    close = c.CloseCase(actor="tc-o1", case=P, outcome="unexecutable", reason=" ")
    refused(w, close, "第五十七条", "unexecutable-reason")
    assert w.do(c.CloseCase(actor="tc-o1", case=P, outcome="unexecutable", reason="当事人死亡")).events
    refused(w, c.ReviewCase(actor="sup", case=P, verdict="qualified", findings=" "), "第七十五条",
            "review-findings")  # fmt: skip
    assert w.do(c.ReviewCase(actor="sup", case=P, verdict="qualified", findings="卷宗齐全")).events


def test_a_licence_application_and_its_pause_state_their_texts() -> None:
    """申请人 (许可法 32) and the pause's 事由 (45): blank refused, written recorded."""
    from workflow.cases.application_service import ApplicationService, ReceiveApplication

    w = World()
    apps = ApplicationService(w.service)
    before = w.store.count()
    with pytest.raises(RuleViolation) as info:
        apps.receive(ReceiveApplication(actor="tc-o1", township="taicheng", matter="M-L1",
                                        applicant=" ", summary="申请临时占道"))  # fmt: skip
    assert info.value.rule == "applicant" and "第三十二条" in str(info.value)
    assert w.store.count() == before
    w.licence()
    w.advance(hours=1)
    w.do(c.DispatchCase(actor="tc-dep", case=L, officers=("tc-o1", "tc-o2")))
    refused(w, c.PauseClock(actor="tc-o1", case=L, kind="检验", reason=" "), "第四十五条",
            "pause-reason")  # fmt: skip
    assert w.do(c.PauseClock(actor="tc-o1", case=L, kind="检验", reason="送检，约五个工作日")).events

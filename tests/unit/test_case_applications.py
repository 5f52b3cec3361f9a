"""The licensing front end (《行政许可法》第三十二、四十四、四十五条): received, answered within
5 working days (受理/不予受理/一次性告知补正), deemed accepted from receipt when not answered;
the 20-working-day clock from 受理, paused for 检验/鉴定…; each rule refuses and allows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.unit.case_fakes import World
from tests.unit.test_case_rules import refused
from workflow.cases import commands as c
from workflow.cases.application_service import (
    AnswerApplication,
    ApplicationService,
    ReceiveApplication,
)
from workflow.errors import RuleViolation

A = "taicheng-A-2026-1"
L = "taicheng-L-2026-1"


def service(w: World) -> ApplicationService:
    return ApplicationService(w.service)


def receive(w: World) -> dict[str, object]:
    return service(w).receive(ReceiveApplication(
        actor="tc-o1", township="taicheng", matter="M-L1", applicant="李四", summary="申请临时占道",
    ))  # fmt: skip


def answer(w: World, kind: str, **kw: object) -> object:
    return service(w).answer(AnswerApplication(actor="tc-o1", application=A, answer=kind, **kw))  # type: ignore[arg-type]


def refuses(w: World, kind: str, statute: str, rule: str, **kw: object) -> None:
    before = w.store.count()
    with pytest.raises(RuleViolation) as info:
        answer(w, kind, **kw)
    assert statute in str(info.value) and info.value.rule == rule
    assert w.store.count() == before


def test_receive_refuses_a_penalty_item_and_allows_a_licensing_one() -> None:
    w = World()
    with pytest.raises(RuleViolation, match="第二十四条"):
        service(w).receive(ReceiveApplication(actor="tc-o1", township="taicheng", matter="M-P1",
                                              applicant="x", summary="y"))  # fmt: skip
    view = receive(w)
    assert (view["application_id"], view["state"], view["answer_due"]) == (A, "received", "2026-06-08")


def test_correction_is_told_once_with_every_material_then_accepted() -> None:
    w = World()
    receive(w)
    refuses(w, "correct", "第三十二条", "correction-materials", materials=(" ",))
    answer(w, "correct", materials=("占道平面图", "施工方案"))
    refuses(w, "accept", "第三十二条", "application-answered")
    answer(w, "resubmitted")
    refuses(w, "correct", "第三十二条", "correction-once", materials=("营业执照",))
    w.advance(days=1)
    result = answer(w, "accept")
    case = w.service.load(L)
    assert result.case_id == L and case.source == A  # type: ignore[attr-defined]
    assert case.deadlines["decision"].due == date(2026, 7, 1)  # 20 working days from 2 June (端午 19 June)


def test_reject_needs_reasons() -> None:
    w = World()
    receive(w)
    refuses(w, "reject", "第三十二条", "application-reason", reason=" ")
    assert answer(w, "reject", reason="不属于本机关职权范围，告知向县住建局申请")["state"] == "rejected"  # type: ignore[index]


def test_no_answer_in_5_working_days_is_accepted_from_receipt() -> None:
    w = World()  # received Mon 1 June 2026: answer due Mon 8 June
    receive(w)
    w.advance(days=9)
    refuses(w, "reject", "第三十二条", "application-deemed-accepted", reason="r")
    refuses(w, "correct", "第三十二条", "application-deemed-accepted", materials=("m",))
    answer(w, "accept")
    case = w.service.load(L)
    assert case.deadlines["decision"].due == date(2026, 6, 30)  # 20 working days from 1 June (端午 19 June)
    assert service(w).load(A)[1].deemed


def test_the_clock_pauses_for_an_inspection_and_resumes_later() -> None:
    w = World()
    receive(w)
    answer(w, "accept")
    w.advance(hours=1)
    w.do(c.DispatchCase(actor="tc-lead", case=L, officers=("tc-o1", "tc-o2")))
    before = w.service.load(L).deadlines["decision"].due
    refused(w, c.PauseClock(actor="tc-o1", case=L, kind="喝茶", reason="r"), "第四十五条", "pause-kind")
    refused(w, c.ResumeClock(actor="tc-o1", case=L), "第四十五条", "resume-paused")
    w.do(c.PauseClock(actor="tc-o1", case=L, kind="检验", reason="送检占道设施，约需五个工作日"))
    refused(w, c.PauseClock(actor="tc-o1", case=L, kind="鉴定", reason="r"), "第四十五条", "pause-once")
    w.now += timedelta(days=7)  # Mon 1 June → Mon 8 June: 5 working days
    w.do(c.ResumeClock(actor="tc-o1", case=L))
    after = w.service.load(L).deadlines["decision"].due
    assert (before, after) == (date(2026, 6, 30), date(2026, 7, 7))


def test_a_penalty_clock_does_not_pause() -> None:
    from tests.unit.test_case_rules import P, dispatched

    w = World()
    dispatched(w)
    refused(w, c.PauseClock(actor="tc-o1", case=P, kind="鉴定", reason="r"), "第四十五条",
            "pause-licensing")  # fmt: skip


def test_unanswered_applications_are_pending_and_overdue_after_5_working_days() -> None:
    w = World()  # received Mon 1 June 2026: answer due Mon 8 June
    receive(w)
    [due] = service(w).pending("taicheng", date(2026, 6, 8))
    assert (due["application_id"], due["answer_due"], due["overdue"]) == (A, "2026-06-08", False)
    assert service(w).pending("taicheng", date(2026, 6, 9))[0]["overdue"] is True
    answer(w, "correct", materials=("占道平面图",))  # now waiting for the applicant, not us
    assert service(w).pending("taicheng", date(2026, 6, 9)) == []

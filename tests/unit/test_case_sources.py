"""Leads and 立案审批 (《行政处罚法》第五十四条): each rule refuses (nothing appended) and allows."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.case_fakes import PARTY, World
from workflow.cases import commands as c
from workflow.cases.source_service import AcceptSource, RegisterSource, RejectSource, SourceService
from workflow.errors import NotAuthorised, RuleViolation

S = "taicheng-S-2026-1"


def service(w: World) -> SourceService:
    return SourceService(w.service)


def register(w: World, **kw: object) -> dict[str, object]:
    fields = {"actor": "tc-o1", "township": "taicheng", "channel": "群众举报",
              "summary": "东街有人无照经营", "reporter": "赵六", "reporter_contact": "13800000000",
              **kw}  # fmt: skip
    return service(w).register(RegisterSource(**fields))  # type: ignore[arg-type]


def opening(**kw: object) -> c.OpenCase:
    return c.OpenCase(actor="", township="", matter="M-P1", party="张三", summary="无照经营",
                      **{**PARTY, **kw})  # type: ignore[arg-type]  # fmt: skip


def refused(w: World, call: object, statute: str, rule: str) -> None:
    before = w.store.count()
    with pytest.raises(RuleViolation) as info:
        call()  # type: ignore[operator]
    assert statute in str(info.value) and info.value.rule == rule
    assert w.store.count() == before, "a refused command appended something"


def test_register_refuses_an_unknown_channel_and_allows_a_known_one() -> None:
    w = World()
    refused(w, lambda: register(w, channel="小道消息"), "第五十四条", "source-channel")
    view = register(w, discovered_on=date(2026, 5, 30))
    assert view["source_id"] == S and view["state"] == "pending"
    assert view["decision_due"] == "2026-06-16"  # 1 June + 15 days, county default
    assert view["discovered_on"] == "2026-05-30"


def test_the_reporter_is_confidential() -> None:
    w = World()
    register(w)
    shown = service(w).show(S, reveal=False)
    assert shown["reporter"] == "（保密）" and "138" not in str(shown)
    assert service(w).show(S, reveal=True)["reporter"] == "赵六"


def test_only_the_leader_decides_and_the_case_records_its_source() -> None:
    w = World()
    register(w, discovered_on=date(2026, 5, 20))
    w.advance(hours=2)
    by_officer = AcceptSource(actor="tc-o1", source=S, opinion="同意", opening=opening())
    refused(w, lambda: service(w).accept(by_officer), "第五十四条", "source-by-leader")
    by_deputy = AcceptSource(actor="tc-dep", source=S, opinion="同意", opening=opening())
    refused(w, lambda: service(w).accept(by_deputy), "第五十四条", "source-by-leader")
    result = service(w).accept(AcceptSource(actor="tc-lead", source=S, opinion="同意立案",
                                            opening=opening()))  # fmt: skip
    case = w.service.load(result.case_id)
    assert (case.source, case.source_channel) == (S, "群众举报")
    view = service(w).show(S, reveal=True)
    assert (view["state"], view["case_id"]) == ("accepted", result.case_id)
    again = AcceptSource(actor="tc-lead", source=S, opinion="同意", opening=opening())
    refused(w, lambda: service(w).accept(again), "第五十四条", "source-decided")


def test_a_case_opened_directly_is_its_own_source() -> None:
    w = World()
    result = w.do(c.OpenCase(actor="tc-o1", township="taicheng", matter="M-P1", party="x",
                             summary="y", **PARTY))  # type: ignore[arg-type]  # fmt: skip
    case = w.service.load(result.case_id)
    assert (case.source, case.source_channel) == (result.case_id, "直接立案")


def test_limitation_counts_to_the_leads_discovery() -> None:
    w = World()
    register(w, discovered_on=date(2026, 5, 1))
    w.advance(hours=1)
    in_time = opening(violation_date=date(2024, 5, 10))  # 2 years to 1 May 2026: in time
    result = service(w).accept(AcceptSource(actor="tc-lead", source=S, opinion="同意",
                                            opening=in_time))  # fmt: skip
    assert w.service.load(result.case_id).violation_date == date(2024, 5, 10)
    register(w, discovered_on=date(2026, 5, 1))
    late = opening(violation_date=date(2024, 4, 20))
    accept = AcceptSource(actor="tc-lead", source="taicheng-S-2026-2", opinion="同意",
                          opening=late)  # fmt: skip
    refused(w, lambda: service(w).accept(accept), "第三十六条", "limitation")
    assert service(w).show("taicheng-S-2026-2", reveal=True)["state"] == "pending"


def test_reject_needs_reasons_and_late_decisions_are_flagged() -> None:
    w = World()
    register(w)
    w.advance(days=20)
    no_reason = RejectSource(actor="tc-lead", source=S, reason=" ")
    refused(w, lambda: service(w).reject(no_reason), "第五十四条", "source-reason")
    assert [s.source_id for s in service(w).pending("taicheng", date(2026, 6, 21))] == [S]
    view = service(w).reject(RejectSource(actor="tc-lead", source=S, reason="经核查无违法事实"))
    assert view["state"] == "rejected" and view["late"] is True
    assert service(w).pending("taicheng", date(2026, 6, 21)) == []


def test_another_townships_leader_may_not_decide() -> None:
    w = World()
    register(w)
    with pytest.raises(NotAuthorised):
        service(w).reject(RejectSource(actor="gz-lead", source=S, reason="r"))


def test_a_case_names_a_lead_only_when_the_leader_approved_it() -> None:
    w = World()
    register(w)
    claimed = c.OpenCase(actor="tc-o1", township="taicheng", matter="M-P1", party="x",
                         summary="y", source=S, **PARTY)  # type: ignore[arg-type]  # fmt: skip
    refused(w, lambda: w.do(claimed), "第五十四条", "source-approved")
    service(w).accept(AcceptSource(actor="tc-lead", source=S, opinion="同意", opening=opening()))
    refused(w, lambda: w.do(claimed), "第五十四条", "source-approved")  # already opened


def test_case_show_names_the_source() -> None:
    from workflow.cases.view import case_view, render_case

    w = World()
    register(w)
    result = service(w).accept(AcceptSource(actor="tc-lead", source=S, opinion="同意",
                                            opening=opening()))  # fmt: skip
    view = case_view(w.service.load(result.case_id), date(2026, 6, 2))
    assert (view["source"], view["source_channel"]) == (S, "群众举报")
    assert f"来源 群众举报 {S}" in render_case(view)


def test_a_deputy_authorised_on_record_may_decide() -> None:
    w = World()
    register(w)
    w.service.designate(c.DesignateDuty(actor="tc-lead", township="taicheng", person="tc-dep",
                                        duty="decider"))  # fmt: skip
    view = service(w).reject(RejectSource(actor="tc-dep", source=S, reason="线索不属实"))
    assert view["state"] == "rejected" and view["late"] is False

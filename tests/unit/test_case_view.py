"""`case show`: deadlines with working days left, overdue flags, Mon–Fri estimates past 2026."""

from __future__ import annotations

from datetime import date

from tests.unit.case_fakes import World
from workflow.cases import commands as c
from workflow.cases.view import case_view, history_rows, render_case


def test_show_counts_working_days_and_flags_overdue() -> None:
    w = World()
    w.do(c.OpenCase(actor="tc-o1", township="taicheng", matter="M-P1", party="张三", summary="s"))
    case = w.service.load("taicheng-P-2026-1")
    view = case_view(case, date(2026, 6, 1))
    decision = view["deadlines"][0]
    assert decision["due"] == "2026-08-31" and decision["days_left"] == 91  # Sun 30 Aug rolls
    assert decision["working_days_left"] > 50 and not decision["overdue"]
    late = case_view(case, date(2026, 9, 1))["deadlines"][0]
    assert late["overdue"] and late["days_left"] == -1
    text = render_case(view)
    assert "台城镇综执罚〔2026〕1号" in text and "工作日" in text


def test_licence_deadline_into_2027_is_marked_estimated() -> None:
    w = World("2026-12-21T10:00:00+08:00")
    w.licence(summary="s")
    case = w.service.load("taicheng-L-2026-1")
    deadline = case.deadlines["decision"]
    assert deadline.due.year == 2027 and deadline.estimated
    view = case_view(case, date(2026, 12, 21))
    assert view["deadlines"][0]["calendar_estimated"]
    assert "Mon–Fri estimate" in render_case(view)


def test_history_rows_carry_actor_role_and_hash() -> None:
    w = World()
    w.do(c.OpenCase(actor="tc-o1", township="taicheng", matter="M-P1", party="张三", summary="s"))
    w.advance(hours=1)
    w.do(c.DispatchCase(actor="tc-dep", case="taicheng-P-2026-1", officers=("tc-o1", "tc-o2")))
    rows = history_rows(w.service.history("taicheng-P-2026-1"))
    assert [(r["actor"], r["role"], r["type"]) for r in rows] == [
        ("tc-o1", "officer", "CaseOpened"),
        ("tc-dep", "deputy", "CaseDispatched"),
    ]
    assert rows[1]["at"] == "2026-06-01 11:00"  # business time, shown in Asia/Shanghai
    assert rows[1]["data"]["officers"] == ["tc-o1", "tc-o2"]

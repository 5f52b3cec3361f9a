"""Deadlines on a year whose holidays are unknown are Mon–Fri estimates: an act after such
a deadline is recorded with a flag (`on_estimate`) instead of refused, since the real
deadline can only be later (holidays lengthen periods); on a known year it is refused."""

from __future__ import annotations

from datetime import timedelta

from tests.unit.case_fakes import World
from tests.unit.test_case_rules import P, open_penalty, refused
from workflow.cases import commands as c


def test_an_extension_past_an_exact_deadline_is_refused() -> None:
    w = World()  # 1 June 2026: the decision is due 31 August 2026 (known calendar)
    open_penalty(w)
    w.now += timedelta(days=95)
    extend = c.ExtendDeadline(actor="tc-lead", case=P, days=30, reason="需要鉴定")
    refused(w, extend, "第六十条", "extension-before-deadline")


def test_an_extension_past_an_estimated_deadline_is_recorded_with_a_flag() -> None:
    w = World("2026-11-16T10:00:00+08:00")  # due 2027-02-15 by Mon–Fri: 2027 is not known
    open_penalty(w)
    case = w.service.load(P)
    assert case.deadlines["decision"].estimated
    w.now += timedelta(days=92)
    w.do(c.ExtendDeadline(actor="tc-lead", case=P, days=30, reason="需要鉴定"))
    data = w.store.streams[f"case-{P}"][-1].data
    assert data["on_estimate"] is True and data["due_estimated"] is True

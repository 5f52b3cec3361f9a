"""`case show` names what the case waits for, who may do it and by when, in GLOSSARY words."""

from __future__ import annotations

from datetime import date

from tests.unit.case_fakes import World
from tests.unit.test_case_rules import P, dispatched, notified, open_penalty
from workflow.cases import commands as c
from workflow.cases.view import case_view, render_case


def test_each_state_names_the_next_act_who_and_by_when() -> None:
    w = World()
    open_penalty(w)
    view = case_view(w.service.load(P), date(2026, 6, 1))
    assert view["state_zh"] == "已立案" and view["waiting_for"]["who"] == "队长或副队长"
    assert view["waiting_for"]["by"] == "2026-08-31"  # 90 days (art. 60), Sunday rolled to Monday
    w2 = World()
    dispatched(w2)
    wait = case_view(w2.service.load(P), date(2026, 6, 1))["waiting_for"]
    assert "tc-o1" in wait["who"] and "调查取证" in wait["act"]
    w3 = World()
    notified(w3, 20_000)
    view = case_view(w3.service.load(P), date(2026, 6, 1))
    assert view["state_zh"] == "已告知" and view["waiting_for"]["who"] == "当事人"
    assert view["waiting_for"]["by"] == "2026-06-08"
    w3.do(c.RequestHearing(actor="tc-o1", case=P))
    w3.do(
        c.ScheduleHearing(actor="tc-lead", case=P, on=date(2026, 6, 15), place="p", chair="tc-o3")
    )
    view = case_view(w3.service.load(P), date(2026, 6, 1))
    assert view["waiting_for"] == {"act": "举行听证", "who": "听证主持人 tc-o3", "by": "2026-06-15"}
    text = render_case(view)
    assert (
        "听证中 (hearing)" in text and "待办 举行听证：由 听证主持人 tc-o3，期限 2026-06-15" in text
    )

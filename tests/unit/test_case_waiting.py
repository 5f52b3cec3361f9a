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


def test_a_case_left_with_one_officer_waits_for_the_leadership_to_reassign() -> None:
    """After a 回避 the case holds one officer: every act is refused (处罚法 art 42) until
    the leader or a deputy reassigns, so that is what `case show` names; then the
    officers again."""
    w = World()
    dispatched(w)
    w.do(c.RecuseOfficer(actor="tc-lead", case=P, officer="tc-o2", applicant="party",
                         reason="系当事人近亲属"))  # fmt: skip
    wait = case_view(w.service.load(P), date(2026, 6, 1))["waiting_for"]
    assert "更换办案人员" in wait["act"] and wait["who"] == "队长或副队长"
    w.do(c.ReassignCase(actor="tc-lead", case=P, officers=("tc-o1", "tc-o3"), reason="补充"))
    wait = case_view(w.service.load(P), date(2026, 6, 1))["waiting_for"]
    assert "调查取证" in wait["act"] and "tc-o3" in wait["who"]


def test_a_paused_licence_waits_for_the_clock_to_resume() -> None:
    from tests.unit.test_case_rules import L, open_licence

    w = World()
    open_licence(w)
    w.do(c.PauseClock(actor="tc-o1", case=L, kind="检验", reason="送检，约五个工作日"))
    wait = case_view(w.service.load(L), date(2026, 6, 1))["waiting_for"]
    assert "许可期限中止（检验" in wait["act"] and "case resume" in wait["act"]
    w.do(c.ResumeClock(actor="tc-o1", case=L))
    wait = case_view(w.service.load(L), date(2026, 6, 1))["waiting_for"]
    assert "准予或不予许可" in wait["act"]

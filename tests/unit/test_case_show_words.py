"""`case show` as people read it (issue 12, points 7 and 9): Chinese states, what was
decided, how it ended, the verdict, and no countdown on deadlines that no longer bind."""

from __future__ import annotations

from datetime import date

from tests.unit.case_fakes import World
from workflow.cases import commands as c
from workflow.cases.view import case_view, render_case


def test_a_closed_case_shows_its_end_and_no_countdown() -> None:
    w = World()
    w.do(c.OpenCase(actor="tc-o1", township="taicheng", matter="M-P1", party="张三", summary="s"))
    w.do(c.CloseCase(actor="tc-lead", case="taicheng-P-2026-1", outcome="dropped", reason="不予立案"))
    view = case_view(w.service.load("taicheng-P-2026-1"), date(2026, 12, 1))
    assert view["state_zh"] == "已结案" and view["outcome_zh"] == "撤案"
    text = render_case(view)
    assert "状态 已结案 (closed)" in text and "结案 撤案" in text
    assert "剩 -" not in text and "剩" not in text, text


def test_what_was_decided_and_the_verdict_are_shown() -> None:
    w = World()
    w.do(c.OpenCase(actor="tc-o1", township="taicheng", matter="M-P1", party="张三", summary="s"))
    view = case_view(w.service.load("taicheng-P-2026-1"), date(2026, 6, 2))
    view.update(state="reviewed", decided_amount=500.0, outcome="executed", verdict="defective")
    text = render_case(view)
    assert "决定处罚 罚款 500 元" in text and "结案 处罚决定已执行" in text
    assert "案卷评查 有瑕疵" in text and "已评查" in text
    assert "reviewed" in text.splitlines()[1], "the code stays beside the label"

"""Refusals read in people's words (issue 12, point 8): the act, who may do it, and why."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.case_fakes import World
from tests.unit.test_case_rules import notified
from workflow.cases import commands as c
from workflow.cases import words
from workflow.errors import NotAuthorised, RuleViolation


def test_a_decision_after_a_hearing_says_the_hearing_made_it_major() -> None:
    w = World()
    case = notified(w, 20_000)
    w.advance(days=3)
    w.do(c.RequestHearing(actor="tc-o1", case=case))
    w.do(
        c.ScheduleHearing(
            actor="tc-lead", case=case, on=date(2026, 6, 15), place="会议室", chair="tc-o3"
        )
    )
    w.now = w.now.replace(day=15)
    w.do(c.HoldHearing(actor="tc-o3", case=case, record_file="笔录.pdf", record_sha256="ab" * 32))
    with pytest.raises(RuleViolation) as info:
        w.do(c.DecidePenalty(actor="tc-lead", case=case, amount=100, basis="b"))
    assert info.value.rule == "legal-review"
    assert "听证" in info.value.zh and "legal review" in info.value.en, info.value


def test_an_officer_may_not_dispatch_in_chinese() -> None:
    w = World()
    case = notified(w, 500)
    with pytest.raises(NotAuthorised) as info:
        w.do(c.DispatchCase(actor="tc-o1", case=case, officers=("tc-o1", "tc-o2")))
    assert "指派办案人员只能由队长或副队长执行" in info.value.zh, info.value.zh
    assert "DispatchCase" not in str(info.value)


def test_every_case_command_has_words() -> None:
    from workflow.cases.auth import ALLOWED

    assert {cls.__name__ for cls in ALLOWED} <= set(words.ACTS)
    assert words.who_zh({"deputy", "leader"}) == "队长或副队长"
    assert words.who_zh({"officer", "deputy", "leader"}) == "执法人员、队长或副队长"

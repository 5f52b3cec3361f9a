"""A case still under investigation past its unextended 办理期限 waits for what the rules
still accept (不予处罚、移送司法机关、撤案), not for 调查取证、事先告知: a penalty decision
would be refused (处罚法第六十条, rules_decision.check_within), as for a notified case."""

from __future__ import annotations

from datetime import date

from tests.unit.case_fakes import World
from tests.unit.test_case_rules import P, dispatched
from workflow.cases.waiting import waiting_for


def test_an_investigation_past_its_deadline_says_so() -> None:
    w = World()
    dispatched(w)
    case = w.service.load(P)
    due = case.deadlines["decision"].due
    assert "调查取证" in waiting_for(case, due)["act"]  # the last day: still in time
    late = waiting_for(case, date.fromordinal(due.toordinal() + 1))
    assert late["act"].startswith(f"已超过办理期限（{due.isoformat()}）且无延期记录")
    assert "移送司法机关" in late["act"] and late["who"] == "队长或经授权的副队长"
    assert late["by"] is None
    assert "调查取证" in waiting_for(case)["act"]  # no day given: as before

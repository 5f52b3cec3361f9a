"""Service and execution rules without I/O: late fee, months, the 7 working days, methods."""

from __future__ import annotations

from datetime import date

import pytest

from workflow.errors import RuleViolation
from workflow.execution import events as ev
from workflow.execution import rules
from workflow.execution.latefee import late_fee
from workflow.execution.state import Execution

DUE = date(2026, 6, 16)


def test_no_late_fee_until_the_day_after_the_due_day() -> None:
    assert late_fee(500, [(DUE, 500)], [], DUE) == 0
    assert late_fee(500, [(DUE, 500)], [], date(2026, 6, 17)) == 15  # 3% a day
    assert late_fee(500, [(DUE, 500)], [], date(2026, 6, 26)) == 150


def test_late_fee_is_capped_at_the_fine() -> None:
    assert late_fee(500, [(DUE, 500)], [], date(2026, 12, 31)) == 500


def test_a_partial_payment_lowers_the_base_from_its_day() -> None:
    # 300 paid on the 17th (a day late): day 17 accrues on 500, day 18 on 200
    fee = late_fee(500, [(DUE, 500)], [(date(2026, 6, 17), 300)], date(2026, 6, 18))
    assert fee == pytest.approx(21.0)


def test_instalments_accrue_each_from_its_own_day() -> None:
    plan = [(date(2026, 6, 30), 250), (date(2026, 7, 31), 250)]
    assert late_fee(500, plan, [], date(2026, 7, 31)) == pytest.approx(0.03 * 250 * 31)
    assert late_fee(500, plan, [(date(2026, 6, 30), 250)], date(2026, 7, 31)) == 0
    assert late_fee(500, plan, [(date(2026, 7, 2), 250)], date(2026, 7, 31)) == pytest.approx(15.0)


def test_months_end_on_the_last_day_when_shorter() -> None:
    assert rules.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert rules.add_months(date(2026, 6, 1), 6) == date(2026, 12, 1)


def test_a_decision_is_served_within_seven_working_days() -> None:
    issued = date(2026, 6, 1)  # Monday; 7 working days end on Wednesday 10 June
    assert not rules.served_late("decision", issued, date(2026, 6, 10))
    assert rules.served_late("decision", issued, date(2026, 6, 11))
    assert not rules.served_late("notice", issued, date(2026, 7, 1))


def test_deadlines_run_from_service() -> None:
    due = rules.service_due("decision", date(2026, 6, 5))
    assert due == {"payment": "2026-06-20", "review": "2026-08-04", "suit": "2026-12-05"}
    assert rules.service_due("demand", date(2026, 6, 5)) == {"demand": "2026-06-15"}


@pytest.mark.parametrize(
    ("method", "witnesses", "tracking", "rule"),
    [
        ("留置送达", [], "", "left-needs-witness"),
        ("留置送达", ["  "], "", "left-needs-witness"),
        ("邮寄送达", [], "", "post-needs-tracking"),
        ("电子送达", [], "", "electronic-needs-consent"),
        ("公告送达", [], "", "public-notice-last"),
        ("托人带话", [], "", "service-method"),
    ],
)
def test_each_method_has_its_condition(
    method: str, witnesses: list[str], tracking: str, rule: str
) -> None:
    with pytest.raises(RuleViolation) as refused:
        rules.check_method(Execution(), "N1", method, witnesses, tracking)
    assert refused.value.rule == rule


def test_conditions_met_are_allowed() -> None:
    x = Execution()
    x.apply(ev.ElectronicServiceConsented("短信", "ab" * 32, "2026-06-01T01:00:00+00:00"))
    x.apply(
        ev.ServiceFailed("N1", "直接送达", "2026-06-02", "下落不明", "2026-06-02T01:00:00+00:00")
    )
    for method in ("直接送达", "电子送达", "公告送达"):
        rules.check_method(x, "N1", method, [], "")
    rules.check_method(x, "N1", "留置送达", ["村委会 李某"], "")
    rules.check_method(x, "N1", "邮寄送达", [], "EMS123")

"""The late fee (加处罚款, 《行政处罚法》第七十二条第一项): pure arithmetic, no clock.

Each day a part of the fine is overdue, 3% of that overdue part is added; the total late
fee never exceeds the fine. An approved deferral or instalment plan (art 66) replaces the
single due day. A payment counts from the day after it is made (the day of payment is a day late), first against the fine.
"""

from __future__ import annotations

from datetime import date, timedelta

RATE = 0.03  # 每日按罚款数额的百分之三
STATUTE = "《行政处罚法》第七十二条"


def overdue_on(day: date, schedule: list[tuple[date, float]], paid_by: float) -> float:
    """The part of the fine overdue on `day`: instalments due before it, less what was paid."""
    due = sum(amount for due_day, amount in schedule if due_day < day)
    return max(0.0, due - paid_by)


def late_fee(
    fine: float,
    schedule: list[tuple[date, float]],
    payments: list[tuple[date, float]],
    as_of: date,
) -> float:
    """The late fee accrued up to and including `as_of`, capped at the fine."""
    if not schedule or fine <= 0:
        return 0.0
    first_due = min(due_day for due_day, _ in schedule)
    fee = 0.0
    day = first_due + timedelta(days=1)
    while day <= as_of and fee < fine:
        paid_by = sum(amount for paid_on, amount in payments if paid_on < day)
        fee += RATE * overdue_on(day, schedule, paid_by)
        day += timedelta(days=1)
    return round(min(fee, fine), 2)

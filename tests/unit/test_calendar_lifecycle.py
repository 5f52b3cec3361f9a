"""Working days by the PRC calendar, and the one shared lifecycle machine."""

from __future__ import annotations

from datetime import date

from workflow import calendar
from workflow.cases import lifecycle
from workflow.cases.lifecycle import CaseState, Trigger


def test_national_day_holidays_are_skipped() -> None:
    # 2026: 1–7 October holiday (plus 8th), make-up workdays on weekends around it
    assert not calendar.is_working_day(date(2026, 10, 1))
    assert calendar.add_working_days(date(2026, 9, 30), 1) > date(2026, 10, 7)


def test_make_up_workday_counts() -> None:
    # 2026-05-09 is a Saturday make-up workday for the Labour Day holiday
    saturday = date(2026, 5, 9)
    assert saturday.weekday() == 5
    assert calendar.is_working_day(saturday)


def test_beyond_known_years_falls_back_to_weekdays_visibly() -> None:
    day = date(calendar.last_known_year() + 1, 1, 1)
    assert not calendar.is_exact(day)
    assert calendar.is_working_day(day) == (day.weekday() < 5)
    due = calendar.add_working_days(date(2026, 12, 20), 20)
    assert due.year == 2027
    assert calendar.estimated_between(date(2026, 12, 20), due)
    assert not calendar.estimated_between(date(2026, 5, 1), date(2026, 6, 1))


def test_working_days_between_is_inverse_of_add() -> None:
    start = date(2026, 5, 2)
    for n in (0, 1, 5, 20, 30):
        assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n


def test_one_machine_is_shared() -> None:
    assert lifecycle.machine() is lifecycle.machine()
    assert lifecycle.machine().models == []


def test_destinations() -> None:
    assert lifecycle.destination(Trigger.DISPATCH, CaseState.OPENED) is CaseState.DISPATCHED
    assert (
        lifecycle.destination(Trigger.RECORD_EVIDENCE, CaseState.DISPATCHED) is CaseState.DISPATCHED
    )
    assert lifecycle.destination(Trigger.REVIEW, CaseState.DISPATCHED) is None
    assert lifecycle.destination(Trigger.CLOSE, CaseState.OPENED) is CaseState.CLOSED
    assert lifecycle.destination(Trigger.DECIDE_PENALTY, CaseState.OPENED) is None


def test_diagrams_come_from_the_machine() -> None:
    text = lifecycle.mermaid()
    assert text.startswith("stateDiagram-v2\n")
    assert "    [*] --> opened : 立案 (case open)" in text
    assert "    closed --> reviewed : 案卷评查 (case review)" in text
    assert '    state "调查中 dispatched" as dispatched' in text
    assert "record_evidence" not in text, "transitions read as acts and commands, not methods"
    fronts = len(lifecycle.FRONT_STATES) + len(lifecycle.FRONT_EDGES) + 2  # leads, applications
    assert len(text.splitlines()) == len(lifecycle.edges()) + 3 + fronts + len(CaseState)
    dot = lifecycle.dot()
    assert (
        dot.startswith("digraph")
        and '"hearing" -> "penalty_decided" [label="作出处罚决定 (case decide)"];' in dot
    )

"""The holiday calendar as an event, deadlines on rest days, no refusal on a guessed date."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.unit.case_fakes import World
from tests.unit.test_case_rules import P, notified
from workflow import calendar
from workflow.cases import commands as c
from workflow.cases import holidays
from workflow.datafile import InvalidDataFile

NEXT = calendar.last_known_year() + 1
FILE = f"""
year = {NEXT}
source = "国务院办公厅关于{NEXT}年部分节假日安排的通知（示例）"
holidays = ["{NEXT}-01-01", "{NEXT}-02-05..{NEXT}-02-11"]
workdays = ["{NEXT}-02-13"]
"""


@pytest.fixture(autouse=True)
def _forget_loaded_years() -> object:
    yield
    calendar._LOADED.clear()  # noqa: SLF001 - the module keeps loaded years process-wide
    calendar.is_working_day.cache_clear()


def test_a_loaded_year_replaces_the_weekday_guess(tmp_path: Path) -> None:
    w = World()
    path = tmp_path / "holidays.toml"
    path.write_text(FILE, encoding="utf-8")
    spring = date(NEXT, 2, 8)
    assert not calendar.is_exact(spring) and calendar.is_working_day(spring) == (
        spring.weekday() < 5
    )
    result = holidays.load_file(w.store, path, "adm", "admin", "2026-06-01T00:00:00+00:00")  # type: ignore[arg-type]
    assert result["holidays"] == 8 and not result["duplicate"]
    assert calendar.is_exact(spring) and not calendar.is_working_day(spring)
    saturday = date(NEXT, 2, 13)
    if saturday.weekday() >= 5:
        assert calendar.is_working_day(saturday)
    again = holidays.load_file(w.store, path, "adm", "admin", "2026-06-01T00:00:00+00:00")  # type: ignore[arg-type]
    assert again["duplicate"] and w.store.count() == 1
    assert holidays.show(NEXT)["origin"] == "loaded"


def test_a_bad_calendar_file_names_its_problems() -> None:
    bad = f'year = {NEXT}\nsource = ""\nholidays = ["{NEXT}-13-01"]\nworkdays = ["{NEXT + 1}-01-02"]\n'
    with pytest.raises(InvalidDataFile) as info:
        holidays.parse(bad, "h.toml")
    assert len(info.value.problems) == 3


def test_a_calendar_day_period_ending_on_a_rest_day_rolls_to_the_next_working_day() -> None:
    from workflow.cases.decide import calendar_days

    # 1 Sept 2026 + 30 days = 1 Oct 2026 (National Day): the period ends on the first workday
    due, _ = calendar_days(date(2026, 9, 1), 30)
    assert due > date(2026, 10, 7) and calendar.is_working_day(due)
    gap = [date(2026, 10, 1) + timedelta(days=k) for k in range((due - date(2026, 10, 1)).days)]
    assert gap and not any(calendar.is_working_day(d) for d in gap)
    assert calendar_days(date(2026, 9, 1), 30, rollover=False)[0] == date(2026, 10, 1)


def test_a_hearing_request_on_a_guessed_calendar_is_recorded_with_a_flag() -> None:
    w = World(start=f"{NEXT - 1}-12-28T10:00:00+08:00")
    notified(w, 20_000)
    w.advance(days=9)  # past a Mon–Fri guess of five working days
    result = w.do(c.RequestHearing(actor="tc-o1", case=P))
    assert result.state == "hearing"
    assert w.store.streams[f"case-{P}"][-1].data["on_estimate"] is True


def test_a_hearing_request_late_on_a_known_calendar_is_refused() -> None:
    from tests.unit.test_case_rules import refused

    w = World()
    notified(w, 20_000)
    w.advance(days=9)
    refused(w, c.RequestHearing(actor="tc-o1", case=P), "第六十四条", "hearing-deadline")

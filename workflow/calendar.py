"""Working days (工作日) by the PRC statutory holiday calendar, via `chinesecalendar`.

Statutory holidays and make-up workdays (调休) come from `chinesecalendar`. It only
knows the years the State Council has announced; beyond them we fall back to
Monday–Friday and say so: `is_exact(day)` is False and `estimated_between` names the
days, so callers can show "(estimate)" instead of crashing.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import chinese_calendar

# years the county loaded itself (`casework calendar load`): year -> (holidays, make-up workdays)
_LOADED: dict[int, tuple[frozenset[date], frozenset[date]]] = {}


@cache
def _known_years() -> frozenset[int]:
    years = {d.year for d in chinese_calendar.holidays} | {
        d.year for d in chinese_calendar.workdays
    }
    return frozenset(years)


def install(year: int, holidays: frozenset[date], workdays: frozenset[date]) -> None:
    """Use a year's official arrangement loaded by the county (it wins over the package)."""
    if _LOADED.get(year) == (holidays, workdays):
        return
    _LOADED[year] = (holidays, workdays)
    is_working_day.cache_clear()


def loaded_years() -> frozenset[int]:
    return frozenset(_LOADED)


def is_exact(day: date) -> bool:
    """True when the statutory calendar for the day's year is known (not a Mon–Fri guess)."""
    return day.year in _LOADED or day.year in _known_years()


def last_known_year() -> int:
    """The last year for which `chinesecalendar` has the announced holidays."""
    return max(_known_years())


@cache
def is_working_day(day: date) -> bool:
    """A working day: the county's loaded year, else the package's calendar, else Mon–Fri."""
    if day.year in _LOADED:
        holidays, workdays = _LOADED[day.year]
        if day in workdays:
            return True
        return day not in holidays and day.weekday() < 5
    if day.year in _known_years():
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def roll_to_working_day(day: date) -> date:
    """期间届满的最后一日是法定休假日的，以休假日后的第一个工作日为期间届满的日期."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, n: int) -> date:
    """The n-th working day after `day` (the day itself is not counted; n >= 0).

    行政许可法 art. 82 / 行政处罚法 art. 85: periods counted in working days exclude
    statutory holidays. n = 0 gives `day` itself.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    current = day
    remaining = n
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when end < start."""
    if end < start:
        return -working_days_between(end, start)
    return sum(
        1 for k in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=k))
    )


def estimated_between(start: date, end: date) -> bool:
    """True when some day in [start, end] falls outside the known calendar (Mon–Fri guess)."""
    low, high = min(start, end), max(start, end)
    return not (is_exact(low) and is_exact(high))

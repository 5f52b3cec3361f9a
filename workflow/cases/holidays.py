"""The holiday calendar as events (节假日安排): a county loads a year the package does not know.

`chinesecalendar` stops at the last year the State Council has announced. A county loads
the next year's 国务院办公厅 notice from a small TOML file (`casework calendar load FILE`);
the arrangement is an event in the `calendar` stream and is installed into
`workflow.calendar` before each command. A year neither loaded nor known is computed
Monday–Friday and every date from it is marked estimated.

    year = 2027
    source = "国务院办公厅关于2027年部分节假日安排的通知"
    holidays = ["2027-01-01", "2027-02-05..2027-02-11"]
    workdays = ["2027-02-07"]
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from events import EventStore, RecordedEvent
from workflow import calendar
from workflow.cases import events as ev
from workflow.datafile import InvalidDataFile
from workflow.limits import read_data_text
from workflow.messages import from_recorded, to_new_event

STREAM = "calendar"


def _days(items: Any, year: int, what: str, problems: list[str]) -> set[date]:
    found: set[date] = set()
    if not isinstance(items, list):
        problems.append(f"{what}: must be a list of dates or ranges A..B")
        return found
    for item in items:
        try:
            first, _, last = str(item).partition("..")
            start = date.fromisoformat(first.strip())
            end = date.fromisoformat(last.strip()) if last else start
        except ValueError:
            problems.append(f"{what}: {item!r} is not a date or a range A..B")
            continue
        if end < start or start.year != year or end.year != year:
            problems.append(f"{what}: {item!r} is not within {year}")
            continue
        found |= {start + timedelta(days=k) for k in range((end - start).days + 1)}
    return found


def parse(text: str, path: str) -> tuple[int, set[date], set[date], str]:
    """Year, holidays, make-up workdays and source; InvalidDataFile naming each problem."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidDataFile(path, [str(exc)]) from exc
    problems: list[str] = []
    year = raw.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise InvalidDataFile(path, ["year: a year such as 2027"])
    source = str(raw.get("source") or "").strip()
    if not source:
        problems.append("source: name the notice (国务院办公厅关于…节假日安排的通知)")
    holidays = _days(raw.get("holidays", []), year, "holidays", problems)
    workdays = _days(raw.get("workdays", []), year, "workdays", problems)
    problems += [f"{d}: both a holiday and a workday" for d in sorted(holidays & workdays)]
    problems += [f"workdays: {d} is not a weekend day" for d in sorted(workdays) if d.weekday() < 5]
    if problems:
        raise InvalidDataFile(path, problems)
    return year, holidays, workdays, source


def _read(path: str | Path) -> str:
    try:
        return read_data_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidDataFile(str(path), [str(exc)]) from exc


def load_file(
    store: EventStore, path: str | Path, actor: str, role: str, at: str
) -> dict[str, Any]:
    """Record the file's arrangement (idempotent: the same file twice appends nothing)."""
    year, holidays, workdays, source = parse(_read(path), str(path))
    event = ev.HolidayArrangementLoaded(
        year=year,
        holidays=[d.isoformat() for d in sorted(holidays)],
        workdays=[d.isoformat() for d in sorted(workdays)],
        source=source,
        at=at,
    )
    digest = hashlib.sha256(
        json.dumps([year, event.holidays, event.workdays, source], ensure_ascii=False).encode()
    ).hexdigest()[:24]
    result = store.append(
        STREAM,
        [to_new_event(event)],
        command_id=f"calendar:{digest}",
        metadata={"actor": actor, "role": role},
    )
    install_from(store)
    return {"year": year, "holidays": len(holidays), "workdays": len(workdays),
            "source": source, "duplicate": result.duplicate}  # fmt: skip


def install_from(store: EventStore) -> None:
    """Install every loaded year into `workflow.calendar` (the latest load of a year wins)."""
    install_records(store.read_stream(STREAM))


def install_records(records: list[RecordedEvent]) -> None:
    """Install these calendar events, oldest first (a later load of a year wins)."""
    for record in records:
        e = from_recorded(record)
        calendar.install(
            e.year,
            frozenset(date.fromisoformat(d) for d in e.holidays),
            frozenset(date.fromisoformat(d) for d in e.workdays),
        )


def loaded_source(store: EventStore, year: int) -> str:
    """The notice the year's latest loaded arrangement names ("" when none was loaded)."""
    found = [from_recorded(r) for r in store.read_stream(STREAM)]
    return next((e.source for e in reversed(found) if e.year == year), "")


def show(year: int) -> dict[str, Any]:
    """The year's rest days off Mon–Fri and make-up workdays, and where they come from."""
    days = [date(year, 1, 1) + timedelta(days=k) for k in range(366)]
    days = [d for d in days if d.year == year]
    off = [d.isoformat() for d in days if d.weekday() < 5 and not calendar.is_working_day(d)]
    extra = [d.isoformat() for d in days if d.weekday() >= 5 and calendar.is_working_day(d)]
    if year in calendar.loaded_years():
        origin = "loaded"
    elif calendar.is_exact(date(year, 1, 1)):
        origin = "chinesecalendar"
    else:
        origin = "estimated"
    return {
        "year": year,
        "origin": origin,
        "holidays_on_weekdays": off,
        "workdays_on_weekends": extra,
    }

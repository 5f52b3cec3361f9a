"""Sealing months (月度封存) and checking a month against a root read off paper.

A month is a calendar month in Asia/Shanghai; its events are those recorded in it. The
seal is a `MonthSealed` event in the stream `seal-YYYY-MM`, appended with expected
version 0, so a month is sealed once even if the job runs twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from events import ConcurrencyError, EventStore
from events.merkle import ALGORITHM, merkle_root
from workflow.clock import SHANGHAI
from workflow.errors import RuleViolation
from workflow.messages import to_new_event
from workflow.reports.notice_events import MonthSealed, seal_stream

SYSTEM = {"actor": "scheduler", "role": "system", "channel": "system"}  # channel: workflow/origin.py


@dataclass(frozen=True)
class MonthFigures:
    """What the log holds for a month now: root, count, first and last position."""

    month: str
    root: str
    count: int
    first_position: int | None
    last_position: int | None


@dataclass(frozen=True)
class MonthCheck:
    """A month's recomputed root against its seal and (optionally) a root from paper."""

    month: str
    recomputed: str
    sealed: str | None
    paper: str | None

    @property
    def ok(self) -> bool:
        expected = [r for r in (self.sealed, self.paper) if r is not None]
        return bool(expected) and all(r == self.recomputed for r in expected)


def parse_month(text: str) -> tuple[int, int]:
    try:
        year, month = (int(p) for p in text.split("-"))
        date(year, month, 1)
    except ValueError as err:
        raise ValueError(f"not a month (YYYY-MM): {text!r}") from err
    return year, month


def window(month: str) -> tuple[datetime, datetime]:
    """The month's start and the next month's start, Asia/Shanghai, as aware datetimes."""
    year, m = parse_month(month)
    start = datetime(year, m, 1, tzinfo=SHANGHAI)
    end = datetime(year + m // 12, m % 12 + 1, 1, tzinfo=SHANGHAI)
    return start, end


def figures(store: EventStore, month: str) -> MonthFigures:
    start, end = window(month)
    leaves = store.content_hashes(recorded_from=start, recorded_before=end)
    first = leaves[0][0] if leaves else None
    last = leaves[-1][0] if leaves else None
    return MonthFigures(month, merkle_root([h for _, h in leaves]), len(leaves), first, last)


def previous_month(today: date) -> str:
    first = today.replace(day=1)
    year, month = (first.year, first.month - 1) if first.month > 1 else (first.year - 1, 12)
    return f"{year:04d}-{month:02d}"


def seal_month(
    store: EventStore, month: str, today: date, by: dict[str, str] | None = None
) -> tuple[MonthFigures, bool]:
    """Seal a month that has ended; returns its figures and whether this call sealed it.
    `by`: who seals (the event's actor and role; the scheduler when not given)."""
    _, end = window(month)
    if today < end.date():
        raise RuleViolation("month-not-ended", "README: Monthly seals", f"{month} 尚未结束，不能封存",
                            f"{month} has not ended; it cannot be sealed yet")  # fmt: skip
    existing = sealed_root(store, month)
    found = figures(store, month)
    if existing is not None:
        return found, False
    event = MonthSealed(month, found.root, found.count, found.first_position,
                        found.last_position, ALGORITHM, today.isoformat())  # fmt: skip
    try:
        store.append(seal_stream(month), [to_new_event(event)], expected_version=0,
                     metadata=by or SYSTEM)  # fmt: skip
    except ConcurrencyError:
        return found, False
    return found, True


def sealed_root(store: EventStore, month: str) -> str | None:
    events = store.read_stream(seal_stream(month), up_to_version=1)
    return str(events[0].data["root"]) if events else None


def check_month(store: EventStore, month: str, paper_root: str | None = None) -> MonthCheck:
    """Recompute a month's root; compare with its seal and with a root read off paper."""
    paper = paper_root.strip().lower() if paper_root else None
    if paper is not None and not re.fullmatch(r"[0-9a-f]{64}", paper):
        raise ValueError(f"--root: {paper_root!r} is not a Merkle root (64 hex digits)")
    return MonthCheck(month, figures(store, month).root, sealed_root(store, month), paper)


def sealed_months(store: EventStore) -> list[str]:
    """Every month that has a seal, oldest first."""
    months = set()
    for event in store.iter_all():
        if event.type == "MonthSealed":
            months.add(str(event.data["month"]))
    return sorted(months)

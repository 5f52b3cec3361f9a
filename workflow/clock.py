"""Time: stored in UTC, shown in Asia/Shanghai; `CASEWORK_NOW` fixes the clock."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    """The current time in UTC, or `CASEWORK_NOW` (ISO time; naive means Asia/Shanghai)."""
    fixed = os.environ.get("CASEWORK_NOW")
    if fixed:
        return parse_time(fixed)
    return datetime.now(UTC)


def parse_time(text: str) -> datetime:
    """Parse an ISO date or time; naive values are Asia/Shanghai wall time. Returns UTC."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValueError(f"not an ISO date or time: {text!r}") from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=SHANGHAI)
    return value.astimezone(UTC)


def local(moment: datetime) -> datetime:
    """The moment as Asia/Shanghai wall time, for display."""
    return moment.astimezone(SHANGHAI)


def local_day(moment: datetime) -> date:
    """The calendar day in Asia/Shanghai on which the moment falls."""
    return local(moment).date()


def show(moment: datetime) -> str:
    """Format a moment for people: Asia/Shanghai, to the minute."""
    return local(moment).strftime("%Y-%m-%d %H:%M")

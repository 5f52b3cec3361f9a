"""Time: stored in UTC, shown in Asia/Shanghai; `CASEWORK_NOW` fixes the clock.

Every stored event has two times, its business time (`data["at"]`) and its recording
time; an event recorded more than `BACKDATE_THRESHOLD` after its business time is
backdated (补录). Audit, circular and read models all use `is_backdated` from here.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from events import RecordedEvent

SHANGHAI = ZoneInfo("Asia/Shanghai")
BACKDATE_THRESHOLD = timedelta(hours=1)


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
    if not 1900 <= value.year <= 2999:  # 0001-01-01 or 9999-12-31 overflow once shifted
        raise ValueError(f"{text!r} is outside 1900-01-01..2999-12-31")
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


def business_time(event: RecordedEvent) -> datetime | None:
    """The event's business time (`data["at"]`), if it declares one."""
    at = event.data.get("at")
    if not isinstance(at, str):
        return None
    try:
        return parse_time(at)
    except ValueError:
        return None


def backdate_lag(
    business: datetime | None, recorded: datetime, threshold: timedelta = BACKDATE_THRESHOLD
) -> timedelta | None:
    """How long after its business time an event was recorded, if more than the threshold."""
    if business is None:
        return None
    lag = recorded - business
    return lag if lag > threshold else None


def is_backdated(event: RecordedEvent, threshold: timedelta = BACKDATE_THRESHOLD) -> bool:
    """True when the event was recorded more than `threshold` after its business time."""
    return backdate_lag(business_time(event), event.recorded_at, threshold) is not None

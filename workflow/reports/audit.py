"""The supervisor's audit (监督审计): who recorded what, when, and how late.

Every stored event has two times: its business time (`data["at"]`, when the act
happened, as the officer declared it) and its recording time (`recorded_at`, when the
store wrote it — the officer cannot choose it). An event recorded more than
`BACKDATE_THRESHOLD` after its business time is backdated (补录) and shown as such
(`workflow.clock.is_backdated`: read models use it too).

`actor_events` scans the whole log with `iter_all`, filtering by the metadata actor
and a time window. That is fine for a county (a few thousand events a year); at
province scale a projection would index events by actor and recorded day instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from events import EventStore, RecordedEvent
from workflow.cases.case import Case, replay
from workflow.cases.numbering import parse_case_ref
from workflow.cases.ports import DirectoryLike
from workflow.cases.words import EVENT_ZH, ROLE_ZH
from workflow.clock import (
    BACKDATE_THRESHOLD,
    backdate_lag,
    business_time,
    is_backdated,
    local,
    parse_time,
    show,
)
from workflow.errors import NotFound
from workflow.messages import from_recorded

if TYPE_CHECKING:
    from projections.engine import ProjectionEngine


class TimeField(StrEnum):
    """Which time a window filters on: recording time (default) or business time."""

    RECORDED = "recorded"
    BUSINESS = "business"


@dataclass(frozen=True)
class Window:
    """A half-open time window [start, end) in UTC; None means unbounded."""

    start: datetime | None = None
    end: datetime | None = None

    def holds(self, moment: datetime | None) -> bool:
        if moment is None:
            return self.start is None and self.end is None
        if self.start is not None and moment < self.start:
            return False
        return self.end is None or moment < self.end


def window(start: str | None, end: str | None) -> Window:
    """The window from `--from` / `--to` texts; a bare date `--to` includes that whole day."""
    low = parse_time(start) if start else None
    high = parse_time(end) if end else None
    if end and high is not None and _is_date(end):
        high += timedelta(days=1)
    return Window(low, high)


def end_of(text: str) -> datetime:
    """An `--as-of` moment: a bare date means the end of that day (Asia/Shanghai)."""
    moment = parse_time(text)
    return moment + timedelta(days=1, microseconds=-1) if _is_date(text) else moment


def _is_date(text: str) -> bool:
    return len(text.strip()) == 10


def describe_lag(lag: timedelta) -> str:
    """A lag for people: `2d 3h`, `5h 20m`."""
    minutes = int(lag.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    return f"{days}d {hours}h" if days else f"{hours}h {mins}m"


def count_backdated(
    events: Iterable[RecordedEvent], threshold: timedelta = BACKDATE_THRESHOLD
) -> int:
    """How many of the events are backdated (for the monthly circular)."""
    return sum(1 for e in events if is_backdated(e, threshold))


def audit_row(event: RecordedEvent) -> dict[str, Any]:
    """One event as the audit shows it: both times (Asia/Shanghai), who, what, hash, backdating."""
    at = business_time(event)
    lag = backdate_lag(at, event.recorded_at)
    return {
        "position": event.position,
        "stream_id": event.stream_id,
        "version": event.version,
        "at": show(at) if at else None,
        "recorded_at": show(event.recorded_at),
        "recorded_at_exact": local(event.recorded_at).isoformat(),
        "actor": event.metadata.get("actor"),
        "role": event.metadata.get("role"),
        "channel": event.metadata.get("channel"),
        "account": event.metadata.get("account"),
        "type": event.type,
        "data": {k: v for k, v in event.data.items() if k != "at"},
        "hash": event.hash,
        "backdated": lag is not None,
        "backdate": describe_lag(lag) if lag else None,
        "backdate_seconds": int(lag.total_seconds()) if lag else 0,
        "late_reason": event.metadata.get("late_reason"),  # 补录原因 (required past an hour)
    }


def render_row(row: dict[str, Any], with_stream: bool = False) -> str:
    """One audit row as people read it: a heading line (both times, who, the act in Chinese
    and its code; backdated events carry `补录 backdated …`), then one indented line per
    field of the event's data and its hash, so nothing runs past the screen's edge."""
    where = f"{row['stream_id']} " if with_stream else ""
    flag = f" [补录 backdated {row['backdate']}]" if row["backdated"] else ""
    if row.get("late_reason"):
        flag += f" [补录原因 {row['late_reason']}]"
    who = f"{row['actor']}（{ROLE_ZH.get(row['role'] or '', row['role'])}）"
    act = EVENT_ZH.get(row["type"], "")
    heading = (
        f"{where}v{row['version']} {row['at'] or '—'} (记录 {row['recorded_at']}){flag} "
        f"{who} {act + ' ' if act else ''}{row['type']}"
    )
    fields = [f"    {key}: {_shown(value)}" for key, value in row["data"].items()]
    return "\n".join([heading, *fields, f"    hash {row['hash'][:16]}…"])


def _shown(value: Any) -> str:
    """A field's value: text as it is, anything else as JSON (Chinese unescaped)."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def matching(
    events: Iterable[RecordedEvent],
    *,
    actor: str | None = None,
    within: Window = Window(),
    by: TimeField = TimeField.RECORDED,
) -> Iterator[RecordedEvent]:
    """The events recorded by `actor` (any actor if None) whose chosen time is in the window."""
    for event in events:
        if actor is not None and event.metadata.get("actor") != actor:
            continue
        moment = event.recorded_at if by is TimeField.RECORDED else business_time(event)
        if within.holds(moment):
            yield event


def actor_events(
    store: EventStore,
    *,
    actor: str | None = None,
    within: Window = Window(),
    by: TimeField = TimeField.RECORDED,
    index: ProjectionEngine | None = None,
) -> Iterator[RecordedEvent]:
    """Every event of the log recorded by `actor` in the window. With an actor and the
    read-model engine: through the `actors` index (cost follows the matching events);
    otherwise a full scan."""
    if actor is None or index is None:
        return matching(store.iter_all(), actor=actor, within=within, by=by)
    from projections.actors import actor_positions

    index.catch_up("actors")
    with index.engine.connect() as conn:
        found = actor_positions(conn, index.tables("actors"), actor, within.start, within.end,
                                business=by is TimeField.BUSINESS)  # fmt: skip
    return matching(store.read_positions(found), actor=actor, within=within, by=by)


def case_records(
    store: EventStore, directory: DirectoryLike | None, ref: str, as_of: datetime | None = None
) -> list[RecordedEvent]:
    """The case's stored events, only those recorded at or before `as_of` if given."""
    stream_id = parse_case_ref(ref, directory).stream_id
    records = store.read_stream(stream_id, as_of=as_of)
    if records:
        return records
    if as_of is not None and store.stream_version(stream_id):
        raise NotFound(
            f"案件 {ref} 在 {show(as_of)} 时尚未立案",
            f"case {ref} did not exist yet at {as_of.isoformat()}",
        )
    raise NotFound(f"案件 {ref} 不存在", f"no such case: {ref}")


def case_as_of(
    store: EventStore, directory: DirectoryLike | None, ref: str, as_of: datetime
) -> Case:
    """The case exactly as it stood at `as_of`: the fold of the events recorded by then."""
    return replay([from_recorded(r) for r in case_records(store, directory, ref, as_of)])

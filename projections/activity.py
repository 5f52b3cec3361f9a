"""Activity: events per month (Asia/Shanghai), stream kind and event type (月度活动统计)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo

from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, select

from events import RecordedEvent
from projections.engine import Projection, Tables
from projections.sql import upsert_many

SHANGHAI = ZoneInfo("Asia/Shanghai")


class ActivityProjection(Projection):
    """Counts every event by month, the kind of its stream (prefix before '-') and type."""

    name: ClassVar[str] = "activity"
    version: ClassVar[int] = 1
    event_types: ClassVar[frozenset[str] | None] = None
    cost: ClassVar[float] = 0.135  # s of CPU per 100k events (model_bench, 29 Nov 2026 05:07)

    def define(self, metadata: MetaData, prefix: str) -> Tables:
        counts = Table(
            f"{prefix}counts", metadata,
            Column("month", String(7), primary_key=True),
            Column("stream_kind", String(100), primary_key=True),
            Column("event_type", String(200), primary_key=True),
            Column("events", Integer, nullable=False),
            Column("last_position", Integer, nullable=False),
        )  # fmt: skip
        return {"counts": counts}

    def apply(self, conn: Connection, tables: Tables, event: RecordedEvent) -> None:
        self.apply_batch(conn, tables, [event])

    def apply_batch(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        """Count the batch in memory, then upsert each (month, kind, type) once."""
        counts: dict[tuple[str, str, str], list[int]] = {}
        month_of = MonthOf()
        for event in events:
            month = month_of(event.recorded_at)
            key = (month, event.stream_id.split("-", 1)[0], event.type)
            entry = counts.setdefault(key, [0, 0])
            entry[0] += 1
            entry[1] = event.position
        rows = [
            {"month": m, "stream_kind": k, "event_type": t, "events": n, "last_position": p}
            for (m, k, t), (n, p) in counts.items()
        ]
        upsert_many(conn, tables["counts"], rows, ["month", "stream_kind", "event_type"],
                    add=["events"], replace=["last_position"])  # fmt: skip


class MonthOf:
    """The Asia/Shanghai month ("2026-03") of UTC moments; remembers the last month's
    bounds, so a run of events in one month costs two comparisons each, not a conversion."""

    def __init__(self) -> None:
        self.start = self.end = datetime.max.replace(tzinfo=UTC)
        self.month = ""

    def __call__(self, moment: datetime) -> str:
        if self.start <= moment < self.end:
            return self.month
        local = moment.astimezone(SHANGHAI)
        first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        following = (first + timedelta(days=32)).replace(day=1)
        self.start, self.end = first.astimezone(UTC), following.astimezone(UTC)
        self.month = local.strftime("%Y-%m")
        return self.month


def read_counts(conn: Connection, tables: Tables) -> list[tuple[str, str, str, int]]:
    """Every (month, stream kind, event type, events) row, sorted."""
    t = tables["counts"]
    query = select(t.c.month, t.c.stream_kind, t.c.event_type, t.c.events).order_by(
        t.c.month, t.c.stream_kind, t.c.event_type
    )
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute(query).all()]

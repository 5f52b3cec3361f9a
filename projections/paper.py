"""The paper side's events (文书、送达、执行、公示), kept apart so the deadline board, the daily
sweep and the circular read them here instead of scanning the log by type.

One row an event of the types below, as the store gave it (upcast): its position, stream,
type, recording time (the store's UTC text, so "what the log held before T" is a range
on an indexed column) and data. Rows are only ever inserted: a rebuild writes the same.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import ClassVar

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    or_,
    select,
)

from events import RecordedEvent
from events.hashing import format_time, parse_time
from projections.bulk import insert_values
from projections.engine import Projection, Tables
from projections.rows import POSITION, utc_text

EXECUTION = ("DocumentServed", "ServiceFailed", "ElectronicServiceConsented", "PaymentRecorded",
             "PaymentScheduleApproved", "CourtEnforcementApplied", "CourtEnforcementConcluded",
             "SanctionPerformed", "RemedySought", "RemedyDecided", "SpotDecisionFiled")  # fmt: skip
OTHER = ("DocumentIssued", "DecisionPublished", "PenaltyDecided", "OnTheSpotRecorded", "CaseClosed")
PAPER_EVENTS = frozenset(EXECUTION + OTHER)
BY_DATA = ("DocumentIssued", "DecisionPublished")  # in a shared stream: the case is in the data


class PaperProjection(Projection):
    """The paper events by position, indexed by type, stream and recording time."""

    name: ClassVar[str] = "paper"
    version: ClassVar[int] = 1
    event_types: ClassVar[frozenset[str] | None] = PAPER_EVENTS
    cost: ClassVar[float] = 0.47  # s of CPU per 100k events (model_bench, 29 Nov 2026 05:07)

    def define(self, metadata: MetaData, prefix: str) -> Tables:
        events = Table(
            f"{prefix}paper_events", metadata,
            Column("position", POSITION, primary_key=True, autoincrement=False),
            Column("stream_id", String(200), nullable=False, index=True),
            Column("event_type", String(60), nullable=False, index=True),
            Column("schema_version", Integer, nullable=False),
            Column("recorded_at", String(40), nullable=False, index=True),
            Column("data", JSON, nullable=False),
        )  # fmt: skip
        return {"events": events}

    def apply(self, conn: Connection, tables: Tables, event: RecordedEvent) -> None:
        self.apply_batch(conn, tables, [event])

    def apply_batch(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        # a tuple a row in column order (no dict a row); the data's JSON text is most of
        # the cost (`projections.bulk` encodes it once, in C)
        rows = [
            (e.position, e.stream_id, e.type, e.schema_version, utc_text(e.recorded_at), e.data)
            for e in events
        ]
        insert_values(conn, tables["events"], rows)


def paper_events(
    conn: Connection,
    tables: Tables,
    types: tuple[str, ...],
    before: datetime | None = None,
    after: int = 0,
    cases: Collection[str] | None = None,
) -> list[RecordedEvent]:
    """The paper events of these types (recorded before `before`; at positions after
    `after`; of these case ids only), in position order."""
    t = tables["events"]
    query = select(t).where(t.c.event_type.in_(types))
    if cases is not None:  # a case's own streams, and its documents and publications
        ids = sorted(cases)
        own = t.c.stream_id.in_([f"{kind}-{c}" for c in ids for kind in ("case", "execution")])
        shared = and_(t.c.event_type.in_(BY_DATA), t.c.data["case_id"].as_string().in_(ids))
        query = query.where(or_(own, shared))
    if after:  # what came since a fold's last event (workflow.execution.board)
        query = query.where(t.c.position > after)
    if before is not None:  # what the log held then: a circular re-renders the same later
        query = query.where(t.c.recorded_at < format_time(before))
    rows = conn.execute(query.order_by(t.c.position))
    return [
        RecordedEvent(r.position, r.stream_id, 0, r.event_type, r.schema_version, r.data, {},
                      parse_time(r.recorded_at), "", "", "")
        for r in rows
    ]  # fmt: skip

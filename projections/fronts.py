"""Leads and licence applications (线索、许可申请): one row each, for the deadline board.

A lead (《行政处罚法》第五十四条) awaits 立案审批 until its decision due (county file
`source_decision_days`); an application (《行政许可法》第三十二条) awaits 受理, 不予受理 or
补正 within 5 working days of receipt. The row keeps what the board shows: never the
lead's reporter (举报人保密); the applicant is masked at read time for roles that do not
see parties. Which rows still wait and whether they are overdue depends on "today", so
`pending` works that out at read time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    select,
)

from events import RecordedEvent
from projections.engine import Projection, Tables
from projections.rows import Row, load_rows, replace_rows

LEAD_EVENTS = {"SourceRegistered", "SourceAccepted", "SourceRejected", "SourceCaseOpened"}
APPLICATION_EVENTS = {
    "ApplicationReceived", "CorrectionRequested", "ApplicationResubmitted",
    "ApplicationAccepted", "ApplicationRejected", "ApplicationCaseOpened",
}  # fmt: skip
WAITING = {"lead": "pending", "application": "received"}  # the states a decision is due in


class FrontsProjection(Projection):
    """Every lead and licence application: state, township, decision/answer due, its case."""

    name: ClassVar[str] = "fronts"
    version: ClassVar[int] = 1
    event_types: ClassVar[frozenset[str] | None] = frozenset(LEAD_EVENTS | APPLICATION_EVENTS)
    cost: ClassVar[float] = 0.05  # s of CPU per 100k events (model_bench, 29 Nov 2026 05:07)

    def define(self, metadata: MetaData, prefix: str) -> Tables:
        fronts = Table(
            f"{prefix}fronts", metadata,
            Column("stream_id", String(200), primary_key=True),
            Column("ref", String(150), nullable=False),
            Column("kind", String(20), nullable=False),  # lead | application
            Column("number", Text, nullable=False),
            Column("township", String(50), nullable=False, index=True),
            Column("channel", Text, nullable=False),  # 巡查发现… or the item applied for
            Column("applicant", Text, nullable=False),  # "" for a lead (its reporter is secret)
            Column("reported", Boolean, nullable=False),  # a lead named a reporter (kept secret)
            Column("summary", Text, nullable=False),
            Column("state", String(20), nullable=False),
            Column("due", Date, nullable=True),
            Column("due_estimated", Boolean, nullable=False),
            Column("case_id", String(150), nullable=True),
            Column("last_position", Integer, nullable=False),
        )  # fmt: skip
        return {"fronts": fronts}

    def apply(self, conn: Connection, tables: Tables, event: RecordedEvent) -> None:
        self.apply_batch(conn, tables, [event])

    def apply_batch(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        """Fold the batch into the rows it touches, then write each row once."""
        streams = {e.stream_id for e in events}
        rows = {r["stream_id"]: r for r in load_rows(conn, tables["fronts"], "stream_id", streams)}
        for e in events:
            if e.type in FIRST:
                rows[e.stream_id] = FIRST[e.type](e)
            elif e.stream_id in rows:  # a stream that never registered is not a front
                rows[e.stream_id].update(UPDATES[e.type](e.data))
            if e.stream_id in rows:
                rows[e.stream_id]["last_position"] = e.position
        replace_rows(conn, tables["fronts"], "stream_id", streams, list(rows.values()))


def _lead(e: RecordedEvent) -> Row:
    d = e.data
    return {
        "stream_id": e.stream_id, "ref": d["source_id"], "kind": "lead", "number": d["number"],
        "township": d["township"], "channel": d["channel"], "applicant": "",
        "reported": bool(d["reporter"].strip() or d["reporter_contact"].strip()),
        "summary": d["summary"], "state": "pending", "due": date.fromisoformat(d["decision_due"]),
        "due_estimated": bool(d.get("decision_due_estimated")), "case_id": None,
        "last_position": e.position,
    }  # fmt: skip


def _application(e: RecordedEvent) -> Row:
    d = e.data
    return {
        "stream_id": e.stream_id, "ref": d["application_id"], "kind": "application",
        "number": d["number"], "township": d["township"],
        "channel": f"{d['matter_code']} {d['matter_name']}", "applicant": d["applicant"],
        "reported": False,
        "summary": d["summary"], "state": "received", "due": date.fromisoformat(d["answer_due"]),
        "due_estimated": bool(d.get("answer_due_estimated")), "case_id": None,
        "last_position": e.position,
    }  # fmt: skip


def _resubmitted(d: dict[str, Any]) -> dict[str, Any]:
    """补正材料收到: a new 5-working-day window."""
    due = date.fromisoformat(d["answer_due"])
    return {"state": "received", "due": due, "due_estimated": bool(d.get("answer_due_estimated"))}


FIRST: dict[str, Callable[[RecordedEvent], Row]] = {
    "SourceRegistered": _lead,
    "ApplicationReceived": _application,
}
UPDATES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "SourceAccepted": lambda d: {"state": "accepted"},
    "SourceRejected": lambda d: {"state": "rejected"},
    "SourceCaseOpened": lambda d: {"case_id": d["case_id"]},
    "CorrectionRequested": lambda d: {"state": "correcting"},
    "ApplicationResubmitted": _resubmitted,
    "ApplicationAccepted": lambda d: {"state": "accepted"},
    "ApplicationRejected": lambda d: {"state": "rejected"},
    "ApplicationCaseOpened": lambda d: {"case_id": d["case_id"]},
}


@dataclass(frozen=True)
class Front:
    """One lead or application as the board reads it."""

    ref: str
    kind: str
    number: str
    township: str
    channel: str
    applicant: str
    reported: bool
    summary: str
    state: str
    due: date | None
    due_estimated: bool
    case_id: str | None

    def overdue(self, today: date) -> bool:
        return self.state == WAITING[self.kind] and self.due is not None and today > self.due


def pending(
    conn: Connection, tables: Tables, kind: str, *, township: str | None = None
) -> list[Front]:
    """The leads (`kind` lead) or applications awaiting a decision, by due day."""
    t = tables["fronts"]
    query = select(t).where(t.c.kind == kind, t.c.state == WAITING[kind])
    if township is not None:
        query = query.where(t.c.township == township)
    rows = conn.execute(query.order_by(t.c.due, t.c.ref)).mappings()
    return [Front(**{k: r[k] for k in Front.__dataclass_fields__}) for r in rows]

"""Notices (提醒): one row per notice the daily sweep issued, for the inbox of the console.

期限预警 and 超期通知 (a case's statutory deadline, `workflow.reports.notices` and
`paper_notices`), 时效未核对预警 (《行政处罚法》第三十六条), 整改超期通知 (an inspection's
rectification, `workers.oversight`) and 年度考核不合格通知 (`accountability.assessment`).
Each notice is the only event of its own stream, so rows are only ever inserted, keyed by
position: a rebuild writes the same rows. Notices carry no party data, nor does a row.
Whether a notice was since dealt with depends on the case (or inspection) now, so
`workflow.reports.inbox` works that out at read time.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Column,
    ColumnElement,
    Connection,
    Date,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    false,
    func,
    or_,
    select,
    true,
)

from events import RecordedEvent
from projections.bulk import insert_values
from projections.engine import Projection, Tables
from projections.rows import POSITION

KINDS: dict[str, str] = {  # event type → kind of notice
    "DeadlineWarningIssued": "warning",
    "OverdueNoticeIssued": "overdue",
    "LimitationWarningIssued": "limitation",
    "RectificationOverdueNoticeIssued": "rectification",
    "FailedAssessmentNoticeIssued": "failed_assessment",
}
Values = tuple[Any, ...]


class NoticesProjection(Projection):
    """Every notice issued: its kind, case or subject, deadline, due day and days, statute."""

    name: ClassVar[str] = "notices"
    version: ClassVar[int] = 1
    event_types: ClassVar[frozenset[str] | None] = frozenset(KINDS)
    cost: ClassVar[float] = 0.15  # s of CPU per 100k events (model_bench, 29 Nov 2026 07:55)

    def define(self, metadata: MetaData, prefix: str) -> Tables:
        notices = Table(
            f"{prefix}notices", metadata,
            Column("position", POSITION, primary_key=True, autoincrement=False),
            Column("kind", String(20), nullable=False),
            Column("case_id", String(150), nullable=True, index=True),
            Column("number", Text, nullable=True),  # the case's number
            Column("township", String(50), nullable=False, index=True),
            Column("deadline", String(40), nullable=True),  # decision, service, … limitation
            Column("due", Date, nullable=True),
            Column("days_left", Integer, nullable=True),  # a warning's, on the day it was issued
            Column("working_days_left", Integer, nullable=True),
            Column("days_over", Integer, nullable=True),  # an overdue notice's
            Column("statute", Text, nullable=True),
            Column("officers", JSON, nullable=False),  # the case's officers it was sent to
            Column("subject", String(150), nullable=True),  # the officer or inspection it concerns
            Column("year", Integer, nullable=True),  # 年度考核
            Column("score", Float, nullable=True),
            Column("note", Text, nullable=True),  # why the limitation is unchecked; 不合格 reasons
            Column("issued_on", Date, nullable=False, index=True),
        )  # fmt: skip
        return {"notices": notices}

    def apply(self, conn: Connection, tables: Tables, event: RecordedEvent) -> None:
        self.apply_batch(conn, tables, [event])

    def apply_batch(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        insert_values(conn, tables["notices"], [ROWS[e.type](e.position, e.data) for e in events])


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _deadline(kind: str) -> Callable[[int, dict[str, Any]], Values]:
    def row(position: int, d: dict[str, Any]) -> Values:
        return (
            position, kind, d["case_id"], d["number"], d["township"], d["deadline"],
            _day(d["due"]), d.get("days_left"), d.get("working_days_left"), d.get("days_over"),
            d["statute"], list(d["officers"]), None, None, None, None, _day(d["issued_on"]),
        )  # fmt: skip

    return row


def _limitation(position: int, d: dict[str, Any]) -> Values:
    return (
        position, "limitation", d["case_id"], d["number"], d["township"], "limitation", None,
        None, None, None, d["statute"], list(d["officers"]), None, None, None, d["note"],
        _day(d["issued_on"]),
    )  # fmt: skip


def _rectification(position: int, d: dict[str, Any]) -> Values:
    return (
        position, "rectification", None, None, d["township"], "rectification", _day(d["due"]),
        None, None, d["days_over"], None, [], d["inspection_id"], None, None, None,
        _day(d["issued_on"]),
    )  # fmt: skip


def _failed(position: int, d: dict[str, Any]) -> Values:
    return (
        position, "failed_assessment", None, None, d["township"], None, None, None, None, None,
        None, [], d["officer_id"], d["year"], d["score"], "；".join(d["reasons"]),
        _day(d["issued_on"]),
    )  # fmt: skip


ROWS: dict[str, Callable[[int, dict[str, Any]], Values]] = {
    "DeadlineWarningIssued": _deadline("warning"),
    "OverdueNoticeIssued": _deadline("overdue"),
    "LimitationWarningIssued": _limitation,
    "RectificationOverdueNoticeIssued": _rectification,
    "FailedAssessmentNoticeIssued": _failed,
}


def scope_filter(
    table: Table,
    *,
    township: str | None = None,
    cases: Collection[str] | None = None,
    officer: str | None = None,
) -> ColumnElement[bool]:
    """Which notices a reader sees: of a township (None: all); with `cases`, only those of
    these cases, and the 年度考核 notice about `officer`."""
    t = table.c
    where: list[ColumnElement[bool]] = []
    if township is not None:
        where.append(t.township == township)
    if cases is not None:
        own: ColumnElement[bool] = t.case_id.in_(sorted(cases)) if cases else false()
        if officer is not None:
            own = or_(own, and_(t.kind == "failed_assessment", t.subject == officer))
        where.append(own)
    return and_(*where) if where else true()


def read_notices(
    conn: Connection, tables: Tables, where: ColumnElement[bool], *, limit: int, offset: int = 0
) -> list[dict[str, Any]]:
    """The notices meeting `where`, newest first (issued day, then position)."""
    t = tables["notices"]
    query = select(t).where(where).order_by(t.c.issued_on.desc(), t.c.position.desc())
    return [dict(r._mapping) for r in conn.execute(query.limit(limit).offset(offset))]


def unseen(table: Table, *, seen: int | None, since: date) -> ColumnElement[bool]:
    """新: recorded after the reader's mark (`seen`, the newest position they have seen);
    with no mark yet, issued on or after `since`."""
    return table.c.position > seen if seen is not None else table.c.issued_on >= since


def tally(
    conn: Connection, tables: Tables, where: ColumnElement[bool], *, since: date, seen: int | None
) -> dict[str, Any]:
    """In one statement (one snapshot): the newest position meeting `where` (None: none), how
    many there are, how many were issued on or after `since`, and how many are unseen."""
    t = tables["notices"]
    query = select(
        func.max(t.c.position), func.count(), func.count().filter(t.c.issued_on >= since),
        func.count().filter(unseen(t, seen=seen, since=since)),
    ).where(where)  # fmt: skip
    latest, total, recent, unread = conn.execute(query).one()
    return {"latest": latest, "total": total, "recent": recent or 0, "unread": unread or 0}


def count_notices(
    conn: Connection, tables: Tables, where: ColumnElement[bool], *, since: date | None = None
) -> int:
    """How many notices meet `where` (issued on or after `since`)."""
    t = tables["notices"]
    query = select(func.count()).select_from(t).where(where)
    if since is not None:
        query = query.where(t.c.issued_on >= since)
    return int(conn.execute(query).scalar_one())

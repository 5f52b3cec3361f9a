"""Officer accountability records (执法责任档案): cases, timeliness, reviews, removals, personnel.

Per case: when it was opened and decided, its decision deadline (after extensions), its
review verdict (案卷评查); per officer: which cases they were dispatched to, removal
(清退) and the township's personnel opinions and actions (征求乡镇意见). Whether an open
case is overdue depends on "today", so `projections.queries_accountability` counts it
at read time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    Integer,
    MetaData,
    String,
    Table,
)

from events import RecordedEvent
from projections.cases import business_day
from projections.engine import Projection, Tables
from projections.sql import upsert

_day = date.fromisoformat
DECISIONS = frozenset({"PenaltyDecided", "LicenceGranted", "LicenceRefused"})


def _define_people(metadata: MetaData, prefix: str) -> Tables:
    officers = Table(
        f"{prefix}officers", metadata,
        Column("officer_id", String(100), primary_key=True),
        Column("name", String(100), nullable=False),
        Column("township", String(50)),
        Column("origin", String(30), nullable=False),
        Column("domain", String(30)),
        Column("removed_on", Date),
        Column("removal_reason", String(50)),
        Column("removal_details", String(2000)),
    )  # fmt: skip
    personnel = Table(
        f"{prefix}personnel", metadata,
        Column("position", BigInteger, primary_key=True),
        Column("officer_id", String(100), nullable=False, index=True),
        Column("entry", String(10), nullable=False),  # opinion | action
        Column("action", String(20), nullable=False),
        Column("agrees", Boolean),
        Column("text", String(2000), nullable=False),
        Column("recorded_on", Date, nullable=False),
    )  # fmt: skip
    return {"officers": officers, "personnel": personnel}


def _define_cases(metadata: MetaData, prefix: str) -> Tables:
    cases = Table(
        f"{prefix}cases", metadata,
        Column("stream_id", String(200), primary_key=True),
        Column("number", String(200), nullable=False),
        Column("township", String(50), nullable=False),
        Column("opened_on", Date, nullable=False),
        Column("due", Date, nullable=False),  # the decision deadline, after extensions
        Column("decided_on", Date),  # decided, or closed without a decision (dropped)
        Column("extensions", Integer, nullable=False),
        Column("verdict", String(20)),
    )  # fmt: skip
    assignments = Table(
        f"{prefix}assignments", metadata,
        Column("stream_id", String(200), primary_key=True),
        Column("officer_id", String(100), primary_key=True, index=True),
        Column("dispatched_on", Date, nullable=False),
    )  # fmt: skip
    return {"cases": cases, "assignments": assignments}


class AccountabilityProjection(Projection):
    """What each officer did with the cases dispatched to them, and what befell them."""

    name: ClassVar[str] = "accountability"
    version: ClassVar[int] = 1
    event_types: ClassVar[frozenset[str] | None] = frozenset(
        {
            "MemberEnlisted", "OfficerRemoved", "PersonnelOpinionRecorded",
            "PersonnelActionRecorded", "CaseOpened", "CaseDispatched", "DeadlineExtended",
            "CaseClosed", "CaseReviewed", *DECISIONS,
        }
    )  # fmt: skip

    def define(self, metadata: MetaData, prefix: str) -> Tables:
        return {**_define_people(metadata, prefix), **_define_cases(metadata, prefix)}

    def apply(self, conn: Connection, tables: Tables, event: RecordedEvent) -> None:
        HANDLERS[event.type](conn, tables, event)


Handler = Callable[[Connection, Tables, RecordedEvent], None]


def _enlisted(conn: Connection, t: Tables, e: RecordedEvent) -> None:
    d = e.data
    row = {"officer_id": d["officer_id"], "name": d["name"], "township": d["township"],
           "origin": d["origin"], "domain": d["domain"]}  # fmt: skip
    upsert(
        conn, t["officers"], row, ["officer_id"], replace=["name", "township", "origin", "domain"]
    )


def _removed(conn: Connection, t: Tables, e: RecordedEvent) -> None:
    d, officers = e.data, t["officers"]
    conn.execute(
        officers.update()
        .where(officers.c.officer_id == d["officer_id"])
        .values(
            removed_on=_day(d["removed_on"]),
            removal_reason=d["reason"],
            removal_details=d["details"],
        )  # fmt: skip
    )


def _personnel(entry: str) -> Handler:
    def record(conn: Connection, t: Tables, e: RecordedEvent) -> None:
        d = e.data
        if entry == "action" and d["action"] == "transfer":  # 调动: off the township's team
            officers = t["officers"]
            where = officers.c.officer_id == d["officer_id"]
            conn.execute(officers.update().where(where).values(township=None))
        text = d["opinion"] if entry == "opinion" else d["details"]
        conn.execute(
            t["personnel"].insert().values(
                position=e.position, officer_id=d["officer_id"], entry=entry, action=d["action"],
                agrees=d.get("agrees"), text=text, recorded_on=_day(d["recorded_on"]),
            )
        )  # fmt: skip

    return record


def _case_update(conn: Connection, t: Tables, e: RecordedEvent, **values: Any) -> None:
    cases = t["cases"]
    conn.execute(cases.update().where(cases.c.stream_id == e.stream_id).values(**values))


def _opened(conn: Connection, t: Tables, e: RecordedEvent) -> None:
    d = e.data
    conn.execute(
        t["cases"].insert().values(
            stream_id=e.stream_id, number=d["number"], township=d["township"],
            opened_on=business_day(d["at"]), due=_day(d["due"]), extensions=0,
        )
    )  # fmt: skip


def _dispatched(conn: Connection, t: Tables, e: RecordedEvent) -> None:
    table = t["assignments"]
    conn.execute(table.delete().where(table.c.stream_id == e.stream_id))
    day = business_day(e.data["at"])
    for officer in dict.fromkeys(e.data["officers"]):
        conn.execute(
            table.insert().values(stream_id=e.stream_id, officer_id=officer, dispatched_on=day)
        )


def _decided(conn: Connection, t: Tables, e: RecordedEvent) -> None:
    _case_update(conn, t, e, decided_on=business_day(e.data["at"]))


def _closed(conn: Connection, t: Tables, e: RecordedEvent) -> None:
    cases = t["cases"]
    undecided = (cases.c.stream_id == e.stream_id) & cases.c.decided_on.is_(None)
    conn.execute(cases.update().where(undecided).values(decided_on=business_day(e.data["at"])))


def _extended(conn: Connection, t: Tables, e: RecordedEvent) -> None:
    extensions = t["cases"].c.extensions + 1
    _case_update(conn, t, e, due=_day(e.data["due"]), extensions=extensions)


HANDLERS: dict[str, Handler] = {
    "MemberEnlisted": _enlisted,
    "OfficerRemoved": _removed,
    "PersonnelOpinionRecorded": _personnel("opinion"),
    "PersonnelActionRecorded": _personnel("action"),
    "CaseOpened": _opened,
    "CaseDispatched": _dispatched,
    "PenaltyDecided": _decided,
    "LicenceGranted": _decided,
    "LicenceRefused": _decided,
    "DeadlineExtended": _extended,
    "CaseClosed": _closed,
    "CaseReviewed": lambda conn, t, e: _case_update(conn, t, e, verdict=e.data["verdict"]),
}

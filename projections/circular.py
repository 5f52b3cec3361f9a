"""The circular's ledger (月度通报台账): every case event by business day, matters, budgets.

The monthly circular counts what happened in a month by business time (`at`, the day the
act was done), not by recording time. So this read model keeps one row per case event
(`acts`) with its Asia/Shanghai business day, what it carried (amount, outcome, verdict,
findings, a new due day) and whether it was backdated (补录, recorded well after its
business time, `workflow.clock.is_backdated`); one row per case (`cases`) with its
township, matter and decision deadline; the catalogue's matter → domain map (`matters`);
and the county's budgets (`budgets`) and funding floor (`floor`).

Nearly all of the model's CPU is the acts, one row per case event (issue 16). On SQLite
they are built as tuples of the values the driver binds (`_act_text`: DATE text made once
per business time, Boolean as an int) and inserted as they are: through
`projections.bulk.insert_rows` each row was a dict, read back into a tuple and processed
a column at a time, a third of the model's CPU (A/B alternating on 101,706 events, load 6
on 2 cores: median 0.84 -> 0.62 s). PostgreSQL's COPY keeps the dicts (`_act`).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from events import RecordedEvent
from projections.bulk import insert_bound, insert_rows, plan
from projections.cases import CASE_EVENTS
from projections.engine import Projection, Tables
from projections.rows import POSITION, Row, load_rows, replace_rows
from projections.sql import upsert_many
from workflow.cases.assignment import OFFICER_EVENTS, officers_after
from workflow.clock import BACKDATE_THRESHOLD, local_day, parse_time

ORG_EVENTS = frozenset({"CountyConfigured", "BudgetAllocated", "CataloguePublished"})


def _define_acts(metadata: MetaData, prefix: str) -> Tables:
    acts = Table(
        f"{prefix}acts", metadata,
        Column("position", POSITION, primary_key=True),
        Column("stream_id", String(200), nullable=False, index=True),
        Column("type", String(50), nullable=False),
        Column("day", Date, nullable=False, index=True),
        Column("backdated", Boolean, nullable=False),
        Column("late_reason", Text),  # 补录原因 (`--late-reason`, the event's metadata)
        Column("amount", Float),
        Column("outcome", String(30)),
        Column("verdict", String(20)),
        Column("findings", Text),
        Column("due", Date),  # CaseOpened / DeadlineExtended: the decision deadline from then
    )  # fmt: skip
    cases = Table(
        f"{prefix}cases", metadata,
        Column("stream_id", String(200), primary_key=True),
        Column("number", String(200), nullable=False),
        Column("township", String(50), nullable=False),
        Column("township_name", Text, nullable=False),
        Column("kind", String(20), nullable=False),
        Column("matter_code", String(50), nullable=False),
        Column("officers", JSON, nullable=False),
    )  # fmt: skip
    return {"acts": acts, "cases": cases}


def _define_org(metadata: MetaData, prefix: str) -> Tables:
    matters = Table(
        f"{prefix}matters", metadata,
        Column("code", String(50), primary_key=True),
        Column("domain", String(30), nullable=False),
        Column("version", Integer, nullable=False),
    )  # fmt: skip
    budgets = Table(
        f"{prefix}budgets", metadata,
        Column("township", String(50), primary_key=True),
        Column("year", Integer, primary_key=True),
        Column("yuan", BigInteger, nullable=False),
    )  # fmt: skip
    floor = Table(
        f"{prefix}floor", metadata,
        Column("county", String(50), primary_key=True),
        Column("name", Text, nullable=False),
        Column("min_budget_yuan", BigInteger, nullable=False),
    )  # fmt: skip
    return {"matters": matters, "budgets": budgets, "floor": floor}


# 执法行为: every act recorded on a case (the model's counting rules), the procedure's
# hearings, discussions, recusals and reassignments included, not only the cases model's
ACT_EVENTS = CASE_EVENTS | {
    "HearingScheduled", "HearingAbandoned", "CaseMarkedMajor", "CollectiveDiscussionHeld",
    "CaseReassigned", "RecusalDecided", "OnTheSpotRecorded", "ClockPaused",
}  # fmt: skip


class CircularProjection(Projection):
    """Case events by business day, matters by domain, budgets: what the circular counts."""

    name: ClassVar[str] = "circular"
    # 2: unbounded TEXT (issue 13); 3: every act of the procedure; 4: the licence clock
    # paused (art 45); 5: 补录原因; 6: a case's officers follow 更换办案人员 and 回避
    version: ClassVar[int] = 6
    event_types: ClassVar[frozenset[str] | None] = ACT_EVENTS | ORG_EVENTS
    cost: ClassVar[float] = 0.53  # s of CPU per 100k events (model_bench, 29 Nov 2026 05:07)

    def define(self, metadata: MetaData, prefix: str) -> Tables:
        return {**_define_acts(metadata, prefix), **_define_org(metadata, prefix)}

    def apply(self, conn: Connection, tables: Tables, event: RecordedEvent) -> None:
        self.apply_batch(conn, tables, [event])

    def apply_batch(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        """Every table written once a batch: new cases and acts inserted, the cases an
        officer event changed reloaded and replaced, the org facts upserted (last wins)."""
        act = _act_text if conn.dialect.name == "sqlite" else _act  # rows as SQLite takes them
        acts: list[Any] = []
        opened: dict[str, dict[str, Any]] = {}  # cases opened in this batch, not yet written
        assigned: list[RecordedEvent] = []  # officer events of cases opened before the batch
        org: dict[str, dict[Any, Row]] = {"floor": {}, "budgets": {}, "matters": {}}
        for event in events:
            kind = event.type
            if kind in ORG_EVENTS:
                ORG[kind](org, event)
                continue
            if kind in OFFICER_EVENTS:
                row = opened.get(event.stream_id)
                if row is None:
                    assigned.append(event)
                else:
                    row["officers"] = officers_after(row["officers"], kind, event.data)
            if kind in ACT_EVENTS:
                acts.append(act(event))
            if kind == "CaseOpened":
                opened[event.stream_id] = _case(event)
        if assigned:
            _reassigned(conn, tables["cases"], assigned, opened)
        insert_rows(conn, tables["cases"], list(opened.values()))
        if act is _act:
            insert_rows(conn, tables["acts"], acts)
        else:
            _insert_texts(conn, tables["acts"], acts)
        for name, keys in ORG_KEYS.items():
            if org[name]:
                upsert_many(conn, tables[name], list(org[name].values()), keys[0], replace=keys[1])


def _reassigned(
    conn: Connection, cases: Table, events: list[RecordedEvent], opened: dict[str, Row]
) -> None:
    """The officers of cases written by an earlier batch after a dispatch, a reassignment
    or a granted 回避: their rows read once, changed in memory, written back once (a stream
    this model does not know, or opened only later in the batch, is left alone)."""
    streams = {e.stream_id for e in events} - opened.keys()
    rows = {r["stream_id"]: r for r in load_rows(conn, cases, "stream_id", streams)}
    for e in events:
        row = rows.get(e.stream_id)
        if row is not None:
            row["officers"] = officers_after(list(row["officers"]), e.type, e.data)
    replace_rows(conn, cases, "stream_id", rows.keys(), list(rows.values()))


def _act(e: RecordedEvent) -> dict[str, Any]:
    d, kind = e.data, e.type
    text = d["at"]  # parsed once for the day and for 补录 (what is_backdated computes)
    at, day, _ = _moment(text) if isinstance(text, str) else _parse(text)
    due = d.get("due") if kind in DUE_EVENTS else None
    return {
        "position": e.position, "stream_id": e.stream_id, "type": kind,
        "day": day, "backdated": e.recorded_at - at > BACKDATE_THRESHOLD,
        "late_reason": e.metadata.get("late_reason"),
        "amount": d.get("amount") if kind == "PenaltyDecided" else None,
        "outcome": d.get("outcome"), "verdict": d.get("verdict"), "findings": d.get("findings"),
        "due": date.fromisoformat(due) if due else None,
    }  # fmt: skip


# SQLite: `_act`'s values as SQLAlchemy's processors bind them (Date: ISO text, Boolean:
# an int, Float: a float), in the table's column order (`_insert_texts` checks it)
ACT_COLUMNS = ("position", "stream_id", "type", "day", "backdated", "late_reason", "amount",
               "outcome", "verdict", "findings", "due")  # fmt: skip


def _act_text(e: RecordedEvent) -> tuple[Any, ...]:
    d, kind = e.data, e.type
    text = d["at"]
    at, _, day = _moment(text) if isinstance(text, str) else _parse(text)
    due = d.get("due") if kind in DUE_EVENTS else None
    amount = d.get("amount") if kind == "PenaltyDecided" else None
    return (
        e.position, e.stream_id, kind, day, int(e.recorded_at - at > BACKDATE_THRESHOLD),
        e.metadata.get("late_reason"), None if amount is None else float(amount),
        d.get("outcome"), d.get("verdict"), d.get("findings"),
        date.fromisoformat(due).isoformat() if due else None,
    )  # fmt: skip


DUE_EVENTS = frozenset({"CaseOpened", "DeadlineExtended", "ClockResumed"})  # a new due day


def _parse(text: Any) -> tuple[datetime, date, str]:
    at = parse_time(text)  # a value that is not a time raises: the event is quarantined
    day = local_day(at)
    return at, day, day.isoformat()


_moment = lru_cache(maxsize=4096)(_parse)  # a case's acts share their times (immutable)


def _insert_texts(conn: Connection, acts: Table, rows: list[tuple[Any, ...]]) -> None:
    """SQLite: `_act_text`'s rows by multi-row INSERTs, as `projections.bulk.insert_rows`
    writes rows once it has made them tuples of bound values: without a dict per row and
    a pass per processed column (a third of this model's CPU on SQLite)."""
    names = plan(conn, acts).names
    if names != ACT_COLUMNS:
        raise RuntimeError(f"{acts.name}: columns {names}, not {ACT_COLUMNS}")
    insert_bound(conn, acts, rows)


def _case(e: RecordedEvent) -> dict[str, Any]:
    d = e.data
    return {"stream_id": e.stream_id, "number": d["number"], "township": d["township"],
            "township_name": d["township_name"], "kind": d["kind"],
            "matter_code": d["matter_code"], "officers": []}  # fmt: skip


def _county(org: dict[str, dict[Any, Row]], e: RecordedEvent) -> None:
    d = e.data
    org["floor"][d["code"]] = {"county": d["code"], "name": d["name"],
                               "min_budget_yuan": d["min_budget_yuan"]}  # fmt: skip


def _budget(org: dict[str, dict[Any, Row]], e: RecordedEvent) -> None:
    d = e.data
    org["budgets"][(d["township"], d["year"])] = {
        "township": d["township"], "year": d["year"], "yuan": d["yuan"]
    }  # fmt: skip


def _catalogue(org: dict[str, dict[Any, Row]], e: RecordedEvent) -> None:
    version = int(e.data["version"])
    for i in e.data["items"]:
        org["matters"][i["code"]] = {"code": i["code"], "domain": i["domain"], "version": version}


ORG = {"CountyConfigured": _county, "BudgetAllocated": _budget, "CataloguePublished": _catalogue}
# each org table's key and the columns an upsert replaces: every other one (the last fact wins)
ORG_KEYS = {
    "floor": (["county"], ["name", "min_budget_yuan"]),
    "budgets": (["township", "year"], ["yuan"]),
    "matters": (["code"], ["domain", "version"]),
}

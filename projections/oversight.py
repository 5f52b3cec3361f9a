"""Oversight read model (监督问责台账): inspections, findings, inquiries, duty votes, grades.

One row per inspection (its rectification status and deadline), per finding (and per
officer a finding names), per inquiry (ground, statement, decision), per duty report and
vote, and per grade of the yearly assessment; and, for the record's 复议/诉讼 figure, each
case's officers and each decision overturned (撤销, 变更, 确认违法) on its execution stream. Whether a rectification is overdue depends
on "today", so `projections.queries_oversight` decides it at read time.

A batch is folded in memory and each table written once (`_Fold`), not one SQLAlchemy
statement per event: building and running a compiled statement cost about 0.3 ms, and
supervision's ~500 events in 100k cost more than the 7,000 case officers' rows (issue 16:
0.28 -> 0.11 s CPU per 100k events on SQLite, 0.52 -> 0.16 s on PostgreSQL). Rows from
before the batch are changed by UPDATE, in place, never deleted and inserted again: the
circular's monthly lists read inspections without an ORDER BY, in SQLite's rowid order.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Date,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
)

from events import RecordedEvent
from projections.bulk import insert_rows
from projections.engine import Projection, Tables
from projections.rows import load_rows, replace_rows
from projections.sql import upsert_many
from workflow.cases.assignment import OFFICER_EVENTS, officers_after

_day = date.fromisoformat
# 撤销, 变更, 确认违法: as workflow.accountability.yearfacts counts them (a test holds them equal)
OVERTURNING = frozenset({"撤销", "变更", "确认违法"})
S = String(200)
NAMING = frozenset({"CaseDispatched", "CaseReassigned"})  # set the officers, whoever held it


def _define_inspections(metadata: MetaData, p: str) -> Tables:
    return {
        "inspections": Table(
            f"{p}inspections", metadata,
            Column("inspection_id", S, primary_key=True),
            Column("township", String(50), nullable=False, index=True),
            Column("scope", JSON, nullable=False),
            Column("planned_for", Date, nullable=False),
            Column("held_on", Date), Column("findings", Integer, nullable=False),
            Column("status", String(20), nullable=False), Column("due", Date),
            Column("ordered_on", Date), Column("reported_on", Date), Column("verified_on", Date),
        ),
        "findings": Table(
            f"{p}findings", metadata,
            Column("inspection_id", S, primary_key=True),
            Column("finding_id", String(10), primary_key=True),
            Column("township", String(50), nullable=False), Column("held_on", Date, nullable=False),
            Column("scope", String(30), nullable=False), Column("text", String(4000), nullable=False),
            Column("cases", JSON, nullable=False), Column("officers", JSON, nullable=False),
        ),
        "named": Table(
            f"{p}named", metadata,
            Column("inspection_id", S, primary_key=True),
            Column("finding_id", String(10), primary_key=True),
            Column("officer_id", String(100), primary_key=True, index=True),
        ),
    }  # fmt: skip


def _define_inquiries(metadata: MetaData, p: str) -> Tables:
    return {
        "inquiries": Table(
            f"{p}inquiries", metadata,
            Column("inquiry_id", S, primary_key=True),
            Column("township", String(50), nullable=False, index=True),
            Column("officer_id", String(100), index=True), Column("ground", String(50), nullable=False),
            Column("details", String(4000), nullable=False), Column("opened_on", Date, nullable=False),
            Column("statement_due", Date, nullable=False), Column("stated_on", Date),
            Column("opinion_on", Date), Column("sanction", String(30)), Column("decided_on", Date),
            Column("reasons", String(4000)), Column("referred_to", String(200)),
        ),
        "duty": Table(
            f"{p}duty", metadata,
            Column("officer_id", String(100), primary_key=True),
            Column("year", Integer, primary_key=True), Column("submitted_on", Date, nullable=False),
        ),
        "votes": Table(
            f"{p}votes", metadata,
            Column("officer_id", String(100), primary_key=True),
            Column("year", Integer, primary_key=True),
            Column("evaluator", String(100), primary_key=True),
            Column("grade", String(10), nullable=False), Column("evaluated_on", Date, nullable=False),
        ),
        "grades": Table(
            f"{p}grades", metadata,
            Column("year", Integer, primary_key=True), Column("kind", String(10), primary_key=True),
            Column("subject", String(100), primary_key=True), Column("township", String(50)),
            Column("grade", String(10), nullable=False), Column("score", Float, nullable=False),
        ),
        "case_officers": Table(
            f"{p}case_officers", metadata,
            Column("case_id", S, primary_key=True), Column("officers", JSON, nullable=False),
        ),
        "overturned": Table(
            f"{p}overturned", metadata,
            Column("case_id", S, primary_key=True), Column("position", Integer, primary_key=True),
            Column("remedy", String(20), nullable=False), Column("outcome", String(20), nullable=False),
            Column("decided_on", Date, nullable=False),
        ),
    }  # fmt: skip


class OversightProjection(Projection):
    """What supervision found and decided: inspections, inquiries, duty votes, grades."""

    name: ClassVar[str] = "oversight"
    version: ClassVar[int] = 4  # 4: a case's officers follow 更换办案人员 and 回避
    cost: ClassVar[float] = 0.1  # s of CPU per 100k events (model_bench, 29 Nov 2026 05:07)
    event_types: ClassVar[frozenset[str] | None] = frozenset(
        {"InspectionPlanned", "InspectionRecorded", "RectificationOrdered",
         "RectificationReported", "RectificationVerified", "InquiryOpened",
         "InquiryStatementRecorded", "InquiryOpinionRecorded", "InquiryDecided", "InquiryReferred",
         "DutyReportSubmitted", "DutyEvaluated", "AnnualGradesIssued", "CaseDispatched",
         "CaseReassigned", "RecusalDecided", "RemedyDecided"}
    )  # fmt: skip

    def define(self, metadata: MetaData, prefix: str) -> Tables:
        return {**_define_inspections(metadata, prefix), **_define_inquiries(metadata, prefix)}

    def apply(self, conn: Connection, tables: Tables, event: RecordedEvent) -> None:
        self.apply_batch(conn, tables, [event])

    def apply_batch(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        """The batch folded in memory, then each table written once (see `_Fold`)."""
        fold = _Fold(conn, tables, events)
        for event in events:
            FOLD[event.type](fold, event)
        fold.write(conn, tables)


Row = dict[str, Any]
KEYED = {"inspections": "inspection_id", "inquiries": "inquiry_id"}  # the rows events change
# which table's row each changing event names (by its key in the event's data)
CHANGES = {
    "InspectionRecorded": "inspections", "RectificationOrdered": "inspections",
    "RectificationReported": "inspections", "RectificationVerified": "inspections",
    "InquiryStatementRecorded": "inquiries", "InquiryOpinionRecorded": "inquiries",
    "InquiryDecided": "inquiries", "InquiryReferred": "inquiries",
}  # fmt: skip
CREATES = {"InspectionPlanned": "inspections", "InquiryOpened": "inquiries"}
# the columns a changing event may set, written back to a row from before the batch
CHANGING = {
    "inspections": ("held_on", "findings", "status", "due", "ordered_on", "reported_on",
                    "verified_on"),
    "inquiries": ("stated_on", "opinion_on", "sanction", "decided_on", "reasons", "referred_to"),
}  # fmt: skip
INSERTED = ("findings", "duty", "votes", "grades", "overturned")  # rows only ever added


class _Fold:
    """One batch in memory: the inspections and inquiries it opens (written by one bulk
    insert), the rows from before the batch its other events change (read by one select a
    table, written back by one UPDATE executemany: in place, so a SQLite row keeps its
    rowid and unordered reads their order), the rows only ever added (one insert a table),
    and each case's officers. An event changing a row nobody opened changes nothing, as
    the UPDATE it replaces did; a key opened twice fails the batch, so the quarantine's
    one-event retries leave out the same events one statement per event did."""

    def __init__(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        self.new: dict[str, dict[str, Row]] = {name: {} for name in KEYED}
        self.old: dict[str, dict[str, Row]] = {name: {} for name in KEYED}
        self.rows: dict[str, list[Row]] = {name: [] for name in INSERTED}
        self.named: dict[tuple[str, str, str], Row] = {}
        wanted: dict[str, set[str]] = {name: set() for name in KEYED}
        for e in events:
            table = CHANGES.get(e.type)
            if table is not None:
                wanted[table].add(e.data[KEYED[table]])
        for name, keys in wanted.items():
            for row in load_rows(conn, tables[name], KEYED[name], keys):
                self.old[name][row[KEYED[name]]] = row
        self.officers = _case_officers(conn, tables, events)

    def row(self, table: str, key: str) -> Row | None:
        """The row as this batch has it so far (None: nobody opened it)."""
        found = self.new[table].get(key)
        return found if found is not None else self.old[table].get(key)

    def create(self, table: str, row: Row) -> None:
        key = row[KEYED[table]]
        if key in self.new[table]:
            raise ValueError(f"{table}: {key} opened twice in one batch")
        self.new[table][key] = row

    def write(self, conn: Connection, tables: Tables) -> None:
        for name, key in KEYED.items():
            insert_rows(conn, tables[name], list(self.new[name].values()))
            if self.old[name]:
                t = tables[name]
                changed = [{"_key": k, **{c: r[c] for c in CHANGING[name]}}
                           for k, r in self.old[name].items()]  # fmt: skip
                conn.execute(t.update().where(t.c[key] == bindparam("_key")), changed)
        for name in INSERTED:
            insert_rows(conn, tables[name], self.rows[name])
        if self.named:
            upsert_many(conn, tables["named"], list(self.named.values()), list(NAMED_KEY))
        rows = [{"case_id": c, "officers": o} for c, o in self.officers.items()]
        replace_rows(conn, tables["case_officers"], "case_id", self.officers.keys(), rows)


NAMED_KEY = ("inspection_id", "finding_id", "officer_id")
Change = Callable[[dict[str, Any]], dict[str, Any]]  # an event's data -> the columns it sets


def _change(table: str, change: Change) -> Callable[[_Fold, RecordedEvent], None]:
    def fold(f: _Fold, e: RecordedEvent) -> None:
        values = change(e.data)  # computed first: a bad value fails even with no row
        row = f.row(table, e.data[KEYED[table]])
        if row is not None:
            row.update(values)

    return fold


def _planned(f: _Fold, e: RecordedEvent) -> None:
    d = e.data
    f.create("inspections", {
        "inspection_id": d["inspection_id"], "township": d["township"], "scope": d["scope"],
        "planned_for": _day(d["planned_for"]), "held_on": None, "findings": 0,
        "status": "planned", "due": None, "ordered_on": None, "reported_on": None,
        "verified_on": None,
    })  # fmt: skip


def _recorded(f: _Fold, e: RecordedEvent) -> None:
    d = e.data
    inspection, held = d["inspection_id"], _day(d["held_on"])
    row = f.row("inspections", inspection)
    values = {"held_on": held, "findings": len(d["findings"]), "status": "recorded"}
    if row is not None:
        row.update(values)
    township = row["township"] if row is not None else ""
    for x in d["findings"]:
        f.rows["findings"].append({
            "inspection_id": inspection, "finding_id": x["id"], "township": township,
            "held_on": held, "scope": x["scope"], "text": x["text"], "cases": x["cases"],
            "officers": x["officers"],
        })  # fmt: skip
        for officer in dict.fromkeys(x["officers"]):
            key = (inspection, x["id"], officer)
            f.named[key] = dict(zip(NAMED_KEY, key, strict=True))


def _verified(d: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {"status": d["outcome"], "verified_on": _day(d["verified_on"])}
    if d.get("due"):
        values["due"] = _day(d["due"])
    return values


def _opened(f: _Fold, e: RecordedEvent) -> None:
    d = e.data
    f.create("inquiries", {
        "inquiry_id": d["inquiry_id"], "township": d["township"], "officer_id": d["officer_id"],
        "ground": d["ground"], "details": d["details"], "opened_on": _day(d["opened_on"]),
        "statement_due": _day(d["statement_due"]), "stated_on": None, "opinion_on": None,
        "sanction": None, "decided_on": None, "reasons": None, "referred_to": None,
    })  # fmt: skip


def _reported_duty(f: _Fold, e: RecordedEvent) -> None:
    d = e.data
    f.rows["duty"].append({"officer_id": d["officer_id"], "year": d["year"],
                           "submitted_on": _day(d["submitted_on"])})  # fmt: skip


def _voted(f: _Fold, e: RecordedEvent) -> None:
    d = e.data
    f.rows["votes"].append({
        "officer_id": d["officer_id"], "year": d["year"], "evaluator": d["evaluator"],
        "grade": d["grade"], "evaluated_on": _day(d["evaluated_on"]),
    })  # fmt: skip


def _graded(f: _Fold, e: RecordedEvent) -> None:
    d = e.data
    f.rows["grades"] += [{"year": d["year"], "kind": "officer", "subject": o["officer_id"],
                          "township": o["township"], "grade": o["grade"], "score": o["score"]}
                         for o in d["officers"]]  # fmt: skip
    f.rows["grades"] += [{"year": d["year"], "kind": "team", "subject": t["township"],
                          "township": t["township"], "grade": t["grade"], "score": t["score"]}
                         for t in d["teams"]]  # fmt: skip


def _remedy(f: _Fold, e: RecordedEvent) -> None:
    d = e.data
    if d["outcome"] in OVERTURNING:
        f.rows["overturned"].append({
            "case_id": e.stream_id.removeprefix("execution-"), "position": e.position,
            "remedy": d["remedy"], "outcome": d["outcome"], "decided_on": _day(d["decided_on"]),
        })  # fmt: skip


def _assigned(f: _Fold, e: RecordedEvent) -> None:
    case_id = e.stream_id.removeprefix("case-")
    f.officers[case_id] = officers_after(f.officers.get(case_id, []), e.type, e.data)


def _case_officers(
    conn: Connection, tables: Tables, events: list[RecordedEvent]
) -> dict[str, list[str]]:
    """The officers before the batch of the cases whose first officer event in it reads
    them (a 回避); a dispatch or a reassignment names them afresh, so the cases that
    start with one are not read at all: one select a batch, most batches none."""
    first: dict[str, str] = {}
    for e in events:
        if e.type in OFFICER_EVENTS:
            first.setdefault(e.stream_id.removeprefix("case-"), e.type)
    wanted = {c for c, kind in first.items() if kind not in NAMING}
    rows = load_rows(conn, tables["case_officers"], "case_id", wanted)
    return {r["case_id"]: list(r["officers"]) for r in rows}


def _when(key: str) -> Callable[[dict[str, Any]], date]:
    return lambda d: _day(d[key])


def _due(d: dict[str, Any]) -> date | None:
    return _day(d["due"]) if d.get("due") else None


FOLD: dict[str, Callable[[_Fold, RecordedEvent], None]] = {
    "InspectionPlanned": _planned,
    "InspectionRecorded": _recorded,
    "RectificationOrdered": _change("inspections", lambda d: {
        "status": "ordered", "due": _due(d), "ordered_on": _day(d["ordered_on"])}),
    "RectificationReported": _change("inspections", lambda d: {
        "status": "reported", "reported_on": _day(d["reported_on"])}),
    "RectificationVerified": _change("inspections", _verified),
    "InquiryOpened": _opened,
    "InquiryStatementRecorded": _change("inquiries", lambda d: {"stated_on": _day(d["stated_on"])}),
    "InquiryOpinionRecorded": _change("inquiries", lambda d: {"opinion_on": _day(d["recorded_on"])}),
    "InquiryDecided": _change("inquiries", lambda d: {
        "sanction": d["sanction"], "decided_on": _day(d["decided_on"]), "reasons": d["reasons"]}),
    "InquiryReferred": _change("inquiries", lambda d: {"referred_to": d["organ"]}),
    "DutyReportSubmitted": _reported_duty,
    "DutyEvaluated": _voted,
    "AnnualGradesIssued": _graded,
    "RemedyDecided": _remedy,
    "CaseDispatched": _assigned,
    "CaseReassigned": _assigned,
    "RecusalDecided": _assigned,
}  # fmt: skip

"""Oversight read model (监督问责台账): inspections, findings, inquiries, duty votes, grades.

One row per inspection (its rectification status and deadline), per finding (and per
officer a finding names), per inquiry (ground, statement, decision), per duty report and
vote, and per grade of the yearly assessment; and, for the record's 复议/诉讼 figure, each
case's officers and each decision overturned (撤销, 变更, 确认违法) on its execution stream. Whether a rectification is overdue depends
on "today", so `projections.queries_oversight` decides it at read time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import JSON, Column, Connection, Date, Float, Integer, MetaData, String, Table

from events import RecordedEvent
from projections.engine import Projection, Tables
from projections.rows import load_rows, replace_rows
from projections.sql import upsert
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
    cost: ClassVar[float] = 0.23  # s of CPU per 100k events (issue 16, sixth round)
    event_types: ClassVar[frozenset[str] | None] = frozenset(
        {"InspectionPlanned", "InspectionRecorded", "RectificationOrdered",
         "RectificationReported", "RectificationVerified", "InquiryOpened",
         "InquiryStatementRecorded", "InquiryOpinionRecorded", "InquiryDecided", "InquiryReferred",
         "DutyReportSubmitted", "DutyEvaluated", "AnnualGradesIssued", "CaseDispatched",
         "CaseReassigned", "RecusalDecided", "RemedyDecided"}
    )  # fmt: skip

    def define(self, metadata: MetaData, prefix: str) -> Tables:
        return {**_define_inspections(metadata, prefix), **_define_inquiries(metadata, prefix)}

    def apply_batch(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        """Event by event, but each case's officers (a dispatch or a reassignment sets them,
        a granted 回避 takes one out) upserted once per batch: one event in ten."""
        officers = _case_officers(conn, tables, events)
        for event in events:
            if event.type in OFFICER_EVENTS:
                case_id = event.stream_id.removeprefix("case-")
                officers[case_id] = _officers_after(officers.get(case_id, []), event)
            else:
                self.apply(conn, tables, event)
        rows = [{"case_id": c, "officers": o} for c, o in officers.items()]
        replace_rows(conn, tables["case_officers"], "case_id", officers.keys(), rows)

    def apply(self, conn: Connection, tables: Tables, event: RecordedEvent) -> None:
        if event.type in OFFICER_EVENTS:
            self.apply_batch(conn, tables, [event])
        elif event.type in CASE_HANDLERS:
            CASE_HANDLERS[event.type](conn, tables, event)
        else:
            HANDLERS[event.type](conn, tables, event.data)


Handler = Callable[[Connection, Tables, dict[str, Any]], None]


def _set(table: str, key: str, **columns: Callable[[dict[str, Any]], Any]) -> Handler:
    def handle(conn: Connection, tables: Tables, d: dict[str, Any]) -> None:
        t = tables[table]
        values = {name: f(d) for name, f in columns.items()}
        conn.execute(t.update().where(t.c[key] == d[key]).values(**values))

    return handle


def _planned(conn: Connection, tables: Tables, d: dict[str, Any]) -> None:
    conn.execute(tables["inspections"].insert().values(
        inspection_id=d["inspection_id"], township=d["township"], scope=d["scope"],
        planned_for=_day(d["planned_for"]), findings=0, status="planned",
    ))  # fmt: skip


def _recorded(conn: Connection, tables: Tables, d: dict[str, Any]) -> None:
    t = tables["inspections"]
    row = conn.execute(t.select().where(t.c.inspection_id == d["inspection_id"])).first()
    township = row.township if row is not None else ""
    conn.execute(t.update().where(t.c.inspection_id == d["inspection_id"]).values(
        held_on=_day(d["held_on"]), findings=len(d["findings"]), status="recorded"))  # fmt: skip
    for f in d["findings"]:
        conn.execute(tables["findings"].insert().values(
            inspection_id=d["inspection_id"], finding_id=f["id"], township=township,
            held_on=_day(d["held_on"]), scope=f["scope"], text=f["text"], cases=f["cases"],
            officers=f["officers"]))  # fmt: skip
        for officer in dict.fromkeys(f["officers"]):
            upsert(conn, tables["named"], {"inspection_id": d["inspection_id"],
                   "finding_id": f["id"], "officer_id": officer},
                   ["inspection_id", "finding_id", "officer_id"])  # fmt: skip


def _voted(conn: Connection, tables: Tables, d: dict[str, Any]) -> None:
    conn.execute(tables["votes"].insert().values(
        officer_id=d["officer_id"], year=d["year"], evaluator=d["evaluator"], grade=d["grade"],
        evaluated_on=_day(d["evaluated_on"])))  # fmt: skip


def _reported_duty(conn: Connection, tables: Tables, d: dict[str, Any]) -> None:
    conn.execute(tables["duty"].insert().values(
        officer_id=d["officer_id"], year=d["year"], submitted_on=_day(d["submitted_on"])))  # fmt: skip


def _graded(conn: Connection, tables: Tables, d: dict[str, Any]) -> None:
    rows = [{"year": d["year"], "kind": "officer", "subject": o["officer_id"],
             "township": o["township"], "grade": o["grade"], "score": o["score"]}
            for o in d["officers"]]  # fmt: skip
    rows += [{"year": d["year"], "kind": "team", "subject": t["township"],
              "township": t["township"], "grade": t["grade"], "score": t["score"]}
             for t in d["teams"]]  # fmt: skip
    if rows:
        conn.execute(tables["grades"].insert(), rows)


def _opened(conn: Connection, tables: Tables, d: dict[str, Any]) -> None:
    conn.execute(tables["inquiries"].insert().values(
        inquiry_id=d["inquiry_id"], township=d["township"], officer_id=d["officer_id"],
        ground=d["ground"], details=d["details"], opened_on=_day(d["opened_on"]),
        statement_due=_day(d["statement_due"])))  # fmt: skip


def _when(key: str) -> Callable[[dict[str, Any]], date]:
    return lambda d: _day(d[key])


def _due(d: dict[str, Any]) -> date | None:
    return _day(d["due"]) if d.get("due") else None


def _verified(conn: Connection, tables: Tables, d: dict[str, Any]) -> None:
    t = tables["inspections"]
    values: dict[str, Any] = {"status": d["outcome"], "verified_on": _day(d["verified_on"])}
    if d.get("due"):
        values["due"] = _day(d["due"])
    conn.execute(t.update().where(t.c.inspection_id == d["inspection_id"]).values(**values))


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


def _officers_after(officers: list[str], e: RecordedEvent) -> list[str]:
    return officers_after(officers, e.type, e.data)


def _remedy(conn: Connection, tables: Tables, e: RecordedEvent) -> None:
    if e.data["outcome"] in OVERTURNING:
        conn.execute(tables["overturned"].insert().values(
            case_id=e.stream_id.removeprefix("execution-"), position=e.position,
            remedy=e.data["remedy"], outcome=e.data["outcome"],
            decided_on=_day(e.data["decided_on"])))  # fmt: skip


CASE_HANDLERS: dict[str, Callable[[Connection, Tables, RecordedEvent], None]] = {
    "RemedyDecided": _remedy,
}

HANDLERS: dict[str, Handler] = {
    "InspectionPlanned": _planned,
    "InspectionRecorded": _recorded,
    "RectificationOrdered": _set("inspections", "inspection_id", status=lambda d: "ordered",
                                 due=_due, ordered_on=_when("ordered_on")),
    "RectificationReported": _set("inspections", "inspection_id", status=lambda d: "reported",
                                  reported_on=_when("reported_on")),
    "RectificationVerified": _verified,
    "InquiryOpened": _opened,
    "InquiryStatementRecorded": _set("inquiries", "inquiry_id", stated_on=_when("stated_on")),
    "InquiryOpinionRecorded": _set("inquiries", "inquiry_id", opinion_on=_when("recorded_on")),
    "InquiryDecided": _set("inquiries", "inquiry_id", sanction=lambda d: d["sanction"],
                           decided_on=_when("decided_on"), reasons=lambda d: d["reasons"]),
    "InquiryReferred": _set("inquiries", "inquiry_id", referred_to=lambda d: d["organ"]),
    "DutyReportSubmitted": _reported_duty,
    "DutyEvaluated": _voted,
    "AnnualGradesIssued": _graded,
}  # fmt: skip

"""Officer accountability records (执法责任档案): cases, timeliness, reviews, removals, postings
away (调离执法岗位, each with how it ended), personnel.

Per case: when it was opened and decided, its decision deadline (after extensions), its
review verdict (案卷评查); per officer: which cases they were dispatched to, removal
(清退) and the township's personnel opinions and actions (征求乡镇意见). Whether an open
case is overdue depends on "today", so `projections.queries_accountability` counts it
at read time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

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
    Text,
)

from events import RecordedEvent
from projections.bulk import insert_rows
from projections.cases import business_day, continued
from projections.engine import Projection, Tables
from projections.rows import Row, load_rows, replace_rows

_day = date.fromisoformat
DECISIONS = frozenset({"PenaltyDecided", "LicenceGranted", "LicenceRefused"})


def _define_people(metadata: MetaData, prefix: str) -> Tables:
    officers = Table(
        f"{prefix}officers", metadata,
        Column("officer_id", String(100), primary_key=True),
        Column("name", Text, nullable=False),
        Column("township", String(50)),
        Column("origin", String(30), nullable=False),
        Column("domain", String(30)),
        Column("removed_on", Date),
        Column("removal_reason", String(50)),
        Column("removal_details", Text),
    )  # fmt: skip
    personnel = Table(
        f"{prefix}personnel", metadata,
        Column("position", BigInteger, primary_key=True),
        Column("officer_id", String(100), nullable=False, index=True),
        Column("entry", String(10), nullable=False),  # opinion | action
        Column("action", String(20), nullable=False),
        Column("agrees", Boolean),
        Column("text", Text, nullable=False),
        Column("recorded_on", Date, nullable=False),
    )  # fmt: skip
    postings = Table(
        f"{prefix}postings", metadata,  # 调离执法岗位 and how each ended (恢复, or 清退 while away)
        Column("position", BigInteger, primary_key=True),  # of the OfficerPostedAway
        Column("officer_id", String(100), nullable=False, index=True),
        Column("posted_on", Date, nullable=False),
        Column("details", Text, nullable=False),
        Column("agreed_on", Date),  # the agreement to restoring them (county file)
        Column("ended_on", Date),
        Column("ended_by", String(20)),  # reinstated | removed
        Column("end_details", Text),
    )  # fmt: skip
    return {"officers": officers, "personnel": personnel, "postings": postings}


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
    version: ClassVar[int] = 4  # 2: free text in unbounded TEXT columns (issue 13); 3: postings
    # 4: a case's assignments follow 更换办案人员 and 回避 (were the dispatch's for ever)
    cost: ClassVar[float] = 0.39  # s of CPU per 100k events (model_bench, 29 Nov 2026 05:07)
    event_types: ClassVar[frozenset[str] | None] = frozenset(
        {
            "MemberEnlisted", "OfficerRemoved", "PersonnelOpinionRecorded", "OfficerPostedAway",
            "ReinstatementAgreed", "OfficerReinstated",
            "PersonnelActionRecorded", "CaseOpened", "CaseDispatched", "CaseReassigned",
            "RecusalDecided", "DeadlineExtended",
            "ClockResumed", "CaseClosed", "CaseReviewed", *DECISIONS,
        }
    )  # fmt: skip

    def define(self, metadata: MetaData, prefix: str) -> Tables:
        return {**_define_people(metadata, prefix), **_define_cases(metadata, prefix)}

    def apply(self, conn: Connection, tables: Tables, event: RecordedEvent) -> None:
        self.apply_batch(conn, tables, [event])

    def apply_batch(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        """Load the rows the batch can change, fold in memory, write them back: officers
        an event changes (not every one named), postings of officers posted away, back
        or removed, cases and assignments of streams begun before the batch (a case
        opened in it has no rows yet)."""
        people = {e.data["officer_id"] for e in events if e.type in OFFICER_EVENTS}
        away = {e.data["officer_id"] for e in events if e.type in POSTING_EVENTS}
        streams = continued([e for e in events if e.type not in ORG_EVENTS])
        fold = Fold(
            {r["officer_id"]: r for r in load_rows(conn, tables["officers"], "officer_id", people)},
            {r["stream_id"]: r for r in load_rows(conn, tables["cases"], "stream_id", streams)},
            defaultdict(list),
        )
        for r in load_rows(conn, tables["assignments"], "stream_id", streams):
            fold.assignments[r["stream_id"]].append(r)
        for r in sorted(
            load_rows(conn, tables["postings"], "officer_id", away), key=lambda r: r["position"]
        ):
            fold.postings[r["officer_id"]].append(r)
        handlers = HANDLERS
        for event in events:
            handlers[event.type](fold, event)
        replace_rows(conn, tables["officers"], "officer_id", people, list(fold.officers.values()))
        replace_rows(conn, tables["cases"], "stream_id", streams, list(fold.cases.values()))
        assigned = [r for rows in fold.assignments.values() for r in rows]
        replace_rows(conn, tables["assignments"], "stream_id", streams, assigned)
        if fold.personnel:
            insert_rows(conn, tables["personnel"], fold.personnel)
        posted = [r for rows in fold.postings.values() for r in rows]
        replace_rows(conn, tables["postings"], "officer_id", away, posted)


@dataclass
class Fold:
    """The rows one batch touches: officers, cases and assignments; new personnel entries."""

    officers: dict[str, Row]
    cases: dict[str, Row]
    assignments: defaultdict[str, list[Row]]
    personnel: list[Row] = field(default_factory=list)
    postings: defaultdict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))

    def open_posting(self, officer_id: str) -> Row | None:
        """The officer's posting away not ended yet, if any."""
        rows = [r for r in self.postings.get(officer_id, []) if r["ended_on"] is None]
        return rows[-1] if rows else None


Handler = Callable[[Fold, RecordedEvent], None]


def _enlisted(f: Fold, e: RecordedEvent) -> None:
    d = e.data
    row = f.officers.get(d["officer_id"])
    if row is None:
        f.officers[d["officer_id"]] = {
            "officer_id": d["officer_id"], "name": d["name"], "township": d["township"],
            "origin": d["origin"], "domain": d["domain"],
            "removed_on": None, "removal_reason": None, "removal_details": None,
        }  # fmt: skip
    else:  # enlisted again: a removal on file stays on file
        row.update(name=d["name"], township=d["township"], origin=d["origin"], domain=d["domain"])


def _removed(f: Fold, e: RecordedEvent) -> None:
    d = e.data
    row = f.officers.get(d["officer_id"])
    if row is not None:
        row.update(removed_on=_day(d["removed_on"]), removal_reason=d["reason"],
                   removal_details=d["details"])  # fmt: skip
    away = f.open_posting(d["officer_id"])
    if away is not None:  # 清退 while posted away: the posting ends there, for good
        away.update(ended_on=_day(d["removed_on"]), ended_by="removed", end_details=d["details"])


def _posted_away(f: Fold, e: RecordedEvent) -> None:
    d = e.data
    f.postings[d["officer_id"]].append(
        {"position": e.position, "officer_id": d["officer_id"], "posted_on": _day(d["posted_on"]),
         "details": d["details"], "agreed_on": None, "ended_on": None, "ended_by": None,
         "end_details": None}
    )  # fmt: skip


def _reinstatement_agreed(f: Fold, e: RecordedEvent) -> None:
    row = f.open_posting(e.data["officer_id"])
    if row is not None:
        row["agreed_on"] = _day(e.data["agreed_on"])


def _reinstated(f: Fold, e: RecordedEvent) -> None:
    row = f.open_posting(e.data["officer_id"])
    if row is not None:
        row.update(ended_on=_day(e.data["reinstated_on"]), ended_by="reinstated",
                   end_details=e.data["details"])  # fmt: skip


def _personnel(entry: str) -> Handler:
    def record(f: Fold, e: RecordedEvent) -> None:
        d = e.data
        row = f.officers.get(d["officer_id"])
        if row is not None and entry == "action" and d["action"] == "transfer":  # 调动
            row["township"] = None
        text = d["opinion"] if entry == "opinion" else d["details"]
        f.personnel.append(
            {
                "position": e.position,
                "officer_id": d["officer_id"],
                "entry": entry,
                "action": d["action"],
                "agrees": d.get("agrees"),
                "text": text,
                "recorded_on": _day(d["recorded_on"]),
            }  # fmt: skip
        )

    return record


def _opened(f: Fold, e: RecordedEvent) -> None:
    d = e.data
    f.cases[e.stream_id] = {
        "stream_id": e.stream_id, "number": d["number"], "township": d["township"],
        "opened_on": business_day(d["at"]), "due": _day(d["due"]), "decided_on": None,
        "extensions": 0, "verdict": None,
    }  # fmt: skip


def _dispatched(f: Fold, e: RecordedEvent) -> None:
    day = business_day(e.data["at"])
    f.assignments[e.stream_id] = [
        {"stream_id": e.stream_id, "officer_id": officer, "dispatched_on": day}
        for officer in dict.fromkeys(e.data["officers"])
    ]


def _reassigned(f: Fold, e: RecordedEvent) -> None:
    """更换办案人员 (处罚法 art. 42): those who stay keep their dispatch day; the new from today."""
    day = business_day(e.data["at"])
    kept = {r["officer_id"]: r for r in f.assignments.get(e.stream_id, [])}
    f.assignments[e.stream_id] = [
        kept.get(officer) or {"stream_id": e.stream_id, "officer_id": officer, "dispatched_on": day}
        for officer in dict.fromkeys(e.data["officers"])
    ]


def _recused(f: Fold, e: RecordedEvent) -> None:
    """回避 granted (art. 43): the officer no longer holds the case."""
    if e.data["granted"] and e.stream_id in f.assignments:
        f.assignments[e.stream_id] = [
            r for r in f.assignments[e.stream_id] if r["officer_id"] != e.data["officer"]
        ]


def _decided(f: Fold, e: RecordedEvent) -> None:
    day = business_day(e.data["at"])  # a bad time fails the event, case or not
    row = f.cases.get(e.stream_id)
    if row is not None:  # a stream without CaseOpened is not a case
        row["decided_on"] = day


def _reviewed(f: Fold, e: RecordedEvent) -> None:
    verdict = e.data["verdict"]
    row = f.cases.get(e.stream_id)
    if row is not None:
        row["verdict"] = verdict


def _closed(f: Fold, e: RecordedEvent) -> None:
    row = f.cases.get(e.stream_id)
    if row is not None and row["decided_on"] is None:  # dropped: disposed of on closing
        row["decided_on"] = business_day(e.data["at"])


def _extended(f: Fold, e: RecordedEvent) -> None:
    row = f.cases.get(e.stream_id)
    if row is not None:
        row.update(due=_day(e.data["due"]), extensions=row["extensions"] + 1)


def _resumed(f: Fold, e: RecordedEvent) -> None:
    row = f.cases.get(e.stream_id)
    if row is not None:  # the licensing clock resumed: its deadline moved, not an extension
        row.update(due=_day(e.data["due"]))


HANDLERS: dict[str, Handler] = {
    "MemberEnlisted": _enlisted,
    "OfficerRemoved": _removed,
    "OfficerPostedAway": _posted_away,
    "ReinstatementAgreed": _reinstatement_agreed,
    "OfficerReinstated": _reinstated,
    "PersonnelOpinionRecorded": _personnel("opinion"),
    "PersonnelActionRecorded": _personnel("action"),
    "CaseOpened": _opened,
    "CaseDispatched": _dispatched,
    "CaseReassigned": _reassigned,
    "RecusalDecided": _recused,
    "PenaltyDecided": _decided,
    "LicenceGranted": _decided,
    "LicenceRefused": _decided,
    "DeadlineExtended": _extended,
    "ClockResumed": _resumed,
    "CaseClosed": _closed,
    "CaseReviewed": _reviewed,
}
# the events that change an officer's row (`Fold.officers`): only those officers are loaded
OFFICER_EVENTS = frozenset({"MemberEnlisted", "OfficerRemoved", "PersonnelActionRecorded"})
POSTING_EVENTS = frozenset(
    {"OfficerPostedAway", "ReinstatementAgreed", "OfficerReinstated", "OfficerRemoved"}
)  # the events that read or change an officer's postings (`Fold.postings`)
ORG_EVENTS = frozenset(
    {"MemberEnlisted", "OfficerRemoved", "PersonnelOpinionRecorded", "PersonnelActionRecorded",
     "OfficerPostedAway", "ReinstatementAgreed", "OfficerReinstated"}
)  # fmt: skip

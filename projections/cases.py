"""Case list and deadline board (案件台账与期限看板): one row per case, one per deadline.

Deadlines are stored as their events fixed them (due day, statute, estimate flag); which
of them still bind, how many working days are left and whether one is overdue depends on
"today", so `projections.queries_cases` works that out at read time with `case_view`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import ClassVar

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
from projections.engine import Projection, Tables
from projections.rows import Row, load_rows, replace_rows
from workflow.clock import local_day, parse_time

CASE_EVENTS = frozenset(
    {
        "CaseOpened", "PartyRecorded", "CaseDispatched", "EvidenceRecorded", "PenaltyNotified", "DefenceWaived",
        "HearingRequested", "HearingHeld", "LegalReviewRecorded", "PenaltyDecided",
        "LicenceGranted", "LicenceIssued", "LicenceRefused", "DeadlineExtended", "CaseClosed", "CaseReviewed",
        "NoPenaltyDecided", "CaseTransferred", "CaseWithdrawn", "ClockResumed",
        "CaseReassigned", "RecusalDecided",
    }
)  # fmt: skip


def business_day(at: str) -> date:
    """The Asia/Shanghai day of an event's business time `at` (stored UTC)."""
    return _business_day(at) if isinstance(at, str) else local_day(parse_time(at))


@lru_cache(maxsize=4096)  # a case's acts share their times; a bad one raises, uncached
def _business_day(at: str) -> date:
    return local_day(parse_time(at))


def _define_deadlines(metadata: MetaData, prefix: str) -> Table:
    return Table(
        f"{prefix}deadlines", metadata,
        Column("stream_id", String(200), primary_key=True),
        Column("name", Text, primary_key=True),
        Column("due", Date, nullable=False),
        Column("statute", String(100), nullable=False),
        Column("estimated", Boolean, nullable=False),
    )  # fmt: skip


class CasesProjection(Projection):
    """Every case: state, township, officers, and its deadlines."""

    name: ClassVar[str] = "cases"
    version: ClassVar[int] = 7
    # 2: free text in TEXT columns (issue 13); 3: the party as last recorded
    # 4: the warning supervisors see (art. 36: violation date unknown, limitation unchecked)
    # 5: a licence issued (许可法 art. 44) no longer counts down its 10 working days
    # 6: no fine_payment deadline from the decision (it runs from service: projections.paper)
    # 7: officers follow 更换办案人员 and 回避 (were the dispatch's for ever)
    event_types: ClassVar[frozenset[str] | None] = CASE_EVENTS
    cost: ClassVar[float] = 0.41  # s of CPU per 100k events (model_bench, 29 Nov 2026 05:07)

    def define(self, metadata: MetaData, prefix: str) -> Tables:
        cases = Table(
            f"{prefix}cases", metadata,
            Column("stream_id", String(200), primary_key=True),
            Column("case_id", String(150), nullable=False),
            Column("number", String(200), nullable=False),
            Column("township", String(50), nullable=False, index=True),
            Column("township_name", Text, nullable=False),
            Column("kind", String(20), nullable=False),
            Column("matter_code", String(50), nullable=False),
            Column("matter_name", Text, nullable=False),
            Column("party", Text, nullable=False),
            Column("party_kind", String(20), nullable=False),
            Column("state", String(30), nullable=False, index=True),
            Column("opened_on", Date, nullable=False),
            Column("officers", JSON, nullable=False),
            Column("defence_waived", Boolean, nullable=False),
            Column("amount", Float),
            Column("extensions", Integer, nullable=False),
            Column("outcome", String(30)),
            Column("verdict", String(30)),
            Column("warning", Text),
            Column("last_position", BigInteger, nullable=False),
        )  # fmt: skip
        return {"cases": cases, "deadlines": _define_deadlines(metadata, prefix)}

    def apply(self, conn: Connection, tables: Tables, event: RecordedEvent) -> None:
        self.apply_batch(conn, tables, [event])

    def apply_batch(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        """Load the batch's cases begun before it, fold every event into the rows in
        memory, write them back (cases begun in the batch have no rows yet: inserted)."""
        older = continued(events)
        cases = {r["stream_id"]: r for r in load_rows(conn, tables["cases"], "stream_id", older)}
        deadlines = {
            (r["stream_id"], r["name"]): r
            for r in load_rows(conn, tables["deadlines"], "stream_id", older)
        }
        Fold(cases, deadlines).run(events)
        replace_rows(conn, tables["cases"], "stream_id", older, list(cases.values()))
        replace_rows(conn, tables["deadlines"], "stream_id", older, list(deadlines.values()))


def continued(events: list[RecordedEvent]) -> set[str]:
    """The streams of `events` that began before them: a stream whose first event here is
    its first ever (version 1) has no rows yet, so nothing to load or delete for it."""
    first = {e.stream_id: e.version for e in reversed(events)}  # the earliest one wins
    return {stream for stream, version in first.items() if version != 1}


@dataclass
class Fold:
    """The rows of one batch's cases and deadlines, changed event by event."""

    cases: dict[str, Row]
    deadlines: dict[tuple[str, str], Row]

    def run(self, events: list[RecordedEvent]) -> None:
        """Each event changes its case's row in place (no dict of changes per event)."""
        cases, updates = self.cases, UPDATES
        for e in events:
            if e.type == "CaseOpened":
                cases[e.stream_id] = _opened(self, e)
                continue
            row = cases.get(e.stream_id)
            if row is not None:  # a stream without CaseOpened is not a case
                update = updates[e.type]
                if update is not None:
                    update(self, e, row)
                row["last_position"] = e.position

    def apply(self, e: RecordedEvent) -> None:
        self.run([e])

    def deadline(
        self, e: RecordedEvent, name: str, due: str, statute: str, estimated: bool = False
    ) -> None:
        self.deadlines[(e.stream_id, name)] = {
            "stream_id": e.stream_id, "name": name, "due": date.fromisoformat(due),
            "statute": statute, "estimated": estimated,
        }  # fmt: skip


Update = Callable[[Fold, RecordedEvent, Row], None]


def _opened(f: Fold, e: RecordedEvent) -> Row:
    d = e.data
    statute = "行政处罚法第六十条" if d["kind"] == "penalty" else "行政许可法第四十二条"
    estimated = bool(d.get("due_estimated", False)) and d["kind"] != "penalty"
    f.deadline(e, "decision", d["due"], statute, estimated)
    return {
        "stream_id": e.stream_id, "case_id": d["case_id"], "number": d["number"],
        "township": d["township"], "township_name": d["township_name"], "kind": d["kind"],
        "matter_code": d["matter_code"], "matter_name": d["matter_name"], "party": d["party"],
        "party_kind": d.get("party_kind") or "individual",
        "state": "opened", "opened_on": business_day(d["at"]), "officers": [],
        "defence_waived": False, "amount": None, "extensions": 0, "outcome": None,
        "verdict": None, "warning": d.get("limitation_note") or None, "last_position": e.position,
    }  # fmt: skip


def _state(state: str) -> Update:
    def update(f: Fold, e: RecordedEvent, row: Row) -> None:
        row["state"] = state

    return update


def _party(f: Fold, e: RecordedEvent, row: Row) -> None:
    row["party"], row["party_kind"] = e.data["name"], e.data["kind"]


def _dispatched(f: Fold, e: RecordedEvent, row: Row) -> None:
    row["officers"] = list(e.data["officers"])
    row["state"] = "dispatched"


def _reassigned(f: Fold, e: RecordedEvent, row: Row) -> None:
    """更换办案人员 (处罚法 art. 42): the new officers replace the old, as on the case."""
    row["officers"] = list(e.data["officers"])


def _recused(f: Fold, e: RecordedEvent, row: Row) -> None:
    """回避 granted (art. 43): the officer leaves the case; refused, nothing changes."""
    if e.data["granted"]:
        row["officers"] = [o for o in row["officers"] if o != e.data["officer"]]


def _notified(f: Fold, e: RecordedEvent, row: Row) -> None:
    d = e.data
    f.deadline(e, "hearing_request", d["hearing_due"], "行政处罚法第六十四条",
               bool(d.get("hearing_due_estimated", False)))  # fmt: skip
    row["state"], row["amount"] = "penalty_notified", d["amount"]


def _decided(f: Fold, e: RecordedEvent, row: Row) -> None:
    """No payment deadline here: its 15 days run from the decision's service (art. 67), a
    fact of the execution stream; the board's paper section (`projections.paper`) has it."""
    row["state"], row["amount"] = "penalty_decided", e.data["amount"]


def _waived(f: Fold, e: RecordedEvent, row: Row) -> None:
    row["defence_waived"] = True


def _granted(f: Fold, e: RecordedEvent, row: Row) -> None:
    d = e.data
    f.deadline(e, "licence_issue", d["issue_due"], "行政许可法第四十四条",
               bool(d.get("issue_due_estimated", False)))  # fmt: skip
    row["state"] = "licence_granted"


def _issued(f: Fold, e: RecordedEvent, row: Row) -> None:
    """许可证件已颁发 (许可法 art. 44): the issue deadline is met."""
    f.deadlines.pop((e.stream_id, "licence_issue"), None)


def _extended(f: Fold, e: RecordedEvent, row: Row) -> None:
    d = e.data
    decision = f.deadlines[(e.stream_id, "decision")]
    decision.update(due=date.fromisoformat(d["due"]), estimated=bool(d.get("due_estimated")))
    row["extensions"] += 1


def _resumed(f: Fold, e: RecordedEvent, row: Row) -> None:
    """许可期限恢复计算 (许可法 art. 45): the paused working days moved the deadline."""
    d = e.data
    decision = f.deadlines[(e.stream_id, "decision")]
    decision.update(due=date.fromisoformat(d["due"]), estimated=bool(d.get("due_estimated")))


def _closed(f: Fold, e: RecordedEvent, row: Row) -> None:
    row["state"], row["outcome"] = "closed", e.data["outcome"]


def _reviewed(f: Fold, e: RecordedEvent, row: Row) -> None:
    row["state"], row["verdict"] = "reviewed", e.data["verdict"]


UPDATES: dict[str, Update | None] = {  # None: the event only moves last_position
    "PartyRecorded": _party,
    "CaseDispatched": _dispatched,
    "CaseReassigned": _reassigned,
    "RecusalDecided": _recused,
    "EvidenceRecorded": None,
    "PenaltyNotified": _notified,
    "DefenceWaived": _waived,
    "HearingRequested": _state("hearing"),
    "HearingHeld": None,
    "LegalReviewRecorded": None,
    "PenaltyDecided": _decided,
    "LicenceGranted": _granted,
    "LicenceIssued": _issued,
    "LicenceRefused": _state("licence_refused"),
    "NoPenaltyDecided": _state("no_penalty"),
    "CaseTransferred": _state("transferred"),
    "CaseWithdrawn": _state("withdrawn"),
    "DeadlineExtended": _extended,
    "ClockResumed": _resumed,
    "CaseClosed": _closed,
    "CaseReviewed": _reviewed,
}

"""Folding accountability streams into state (replay only applies events: no guards, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from events import RecordedEvent
from workflow.messages import from_recorded

_day = date.fromisoformat


@dataclass
class Inspection:
    """One 监督检查 and its 整改: planned, held, rectification ordered, reported, verified."""

    inspection_id: str = ""
    township: str = ""
    scope: tuple[str, ...] = ()
    planned_for: date | None = None
    inspectors: tuple[str, ...] = ()
    held_on: date | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)
    due: date | None = None
    status: str = "planned"  # planned | recorded | ordered | reported | accepted | reopened
    version: int = 0

    @property
    def open_rectification(self) -> bool:
        """Rectification ordered and not yet accepted."""
        return self.status in ("ordered", "reported", "reopened")


@dataclass
class Inquiry:
    """One 责任追究: opened, told, stated, the township's opinion, agreements, decided."""

    inquiry_id: str = ""
    township: str = ""
    officer_id: str | None = None
    ground: str = ""
    opened_on: date | None = None
    statement_due: date | None = None
    stated: bool = False
    opinion: bool = False
    agreed: set[str] = field(default_factory=set)
    sanction: str | None = None
    referred_to: str | None = None
    version: int = 0


@dataclass
class DutyYear:
    """One officer's 述职 for a year and the grades evaluators gave it."""

    officer_id: str = ""
    year: int = 0
    submitted_on: date | None = None
    votes: dict[str, str] = field(default_factory=dict)
    version: int = 0
    text: str = ""  # the report as written (or a note beside its file)
    file_name: str | None = None  # the report as a file, kept by its SHA-256
    file_sha256: str | None = None


def fold_inspection(records: list[RecordedEvent]) -> Inspection:
    state = Inspection()
    for record in records:
        e, state.version = from_recorded(record), record.version
        kind = record.type
        if kind == "InspectionPlanned":
            state.inspection_id, state.township = e.inspection_id, e.township
            state.scope, state.inspectors = tuple(e.scope), tuple(e.inspectors)
            state.planned_for = _day(e.planned_for)
        elif kind == "InspectionRecorded":
            state.held_on, state.findings, state.status = _day(e.held_on), e.findings, "recorded"
            state.inspectors = tuple(e.inspectors)
        elif kind == "RectificationOrdered":
            state.due, state.status = _day(e.due), "ordered"
        elif kind == "RectificationReported":
            state.status = "reported"
        elif kind == "RectificationVerified":
            state.status = e.outcome
            state.due = _day(e.due) if e.due else state.due
    return state


def fold_inquiry(records: list[RecordedEvent]) -> Inquiry:
    state = Inquiry()
    for record in records:
        e, state.version = from_recorded(record), record.version
        kind = record.type
        if kind == "InquiryOpened":
            state.inquiry_id, state.township = e.inquiry_id, e.township
            state.officer_id, state.ground = e.officer_id, e.ground
            state.opened_on, state.statement_due = _day(e.opened_on), _day(e.statement_due)
        elif kind == "InquiryStatementRecorded":
            state.stated = True
        elif kind == "InquiryOpinionRecorded":
            state.opinion = True
        elif kind == "InquiryAgreed":
            state.agreed.add(e.sanction)
        elif kind == "InquiryDecided":
            state.sanction = e.sanction
        elif kind == "InquiryReferred":
            state.referred_to = e.organ
    return state


def fold_duty(records: list[RecordedEvent]) -> DutyYear:
    state = DutyYear()
    for record in records:
        e, state.version = from_recorded(record), record.version
        if record.type == "DutyReportSubmitted":
            state.officer_id, state.year = e.officer_id, e.year
            state.submitted_on = _day(e.submitted_on)
            state.text, state.file_name, state.file_sha256 = e.text, e.file_name, e.file_sha256
        elif record.type == "DutyEvaluated":
            state.votes[e.evaluator] = e.grade
    return state

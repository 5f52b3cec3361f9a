"""Supervisory inspections (监督检查) with rectification (整改): plan, record, report, verify.

A refused command raises RuleViolation / NotAuthorised / NotFound and appends nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from events import AppendResult, EventStore
from workflow.accountability import rules
from workflow.accountability.appending import append, append_numbered, stream_of, today
from workflow.accountability.events import (
    InspectionPlanned,
    InspectionRecorded,
    RectificationFileAttached,
    RectificationOrdered,
    RectificationReported,
    RectificationVerified,
    inspection_stream,
)
from workflow.accountability.policy import Policy, load_policy
from workflow.accountability.state import Inspection, fold_inspection
from workflow.accountability.types import Scope, Verification
from workflow.cases.numbering import parse_case_ref
from workflow.datafile import as_text
from workflow.errors import NotFound
from workflow.organisation.directory import Directory
from workflow.organisation.snapshot import load_directory

PREFIX = "inspection-"


def load_inspection(store: EventStore, ref: str) -> Inspection:
    """The folded inspection, or NotFound."""
    records = store.read_stream(stream_of(ref, PREFIX))
    if not records:
        raise NotFound(f"没有监督检查 {ref}", f"no inspection {ref!r}")
    return fold_inspection(records)


def plan(
    store: EventStore,
    actor: str | None,
    *,
    township: str,
    scope: list[Scope],
    planned_for: date,
    inspectors: list[str],
    on: date | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """Plan an inspection of a team: a supervisor, or the township's leadership."""
    d = load_directory(store)
    code = d.township(township).code
    person = rules.may_inspect(d, actor, code)
    names = _inspectors(d, inspectors or [person.id])
    if not scope:
        raise ValueError("an inspection needs at least one --scope")
    day = today(on)

    def build(stream: str) -> list[Any]:
        return [InspectionPlanned(stream.removeprefix(PREFIX), code, [s.value for s in scope],
                                  planned_for.isoformat(), names, day.isoformat())]  # fmt: skip

    return append_numbered(
        store, lambda n: inspection_stream(code, planned_for.year, n), build, person, command_id
    )


def record(
    store: EventStore,
    actor: str | None,
    ref: str,
    *,
    findings: list[dict[str, Any]],
    checked: list[str] | None = None,
    rectify_by: date | None = None,
    requirement: str = "",
    on: date | None = None,
    policy: Policy | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """Record the inspection held, its findings, and the rectification ordered (整改)."""
    inspection, d = load_inspection(store, ref), load_directory(store)
    person = rules.may_inspect(d, actor, inspection.township)
    day = today(on)
    rules.check_recordable(inspection, day, clock_today())
    found = [_finding(store, d, inspection.township, n, f) for n, f in enumerate(findings, 1)]
    events: list[Any] = [InspectionRecorded(inspection.inspection_id, day.isoformat(),
                                            list(inspection.inspectors),
                                            checked or list(inspection.scope), found)]  # fmt: skip
    if rectify_by is not None:
        if not found:
            raise ValueError("rectification needs at least one finding")
        rules.check_rectification_due(day, rectify_by, policy or load_policy())
        text = requirement.strip() or "按检查发现问题逐项整改"
        events.append(RectificationOrdered(inspection.inspection_id, [f["id"] for f in found],
                                           text, rectify_by.isoformat(), day.isoformat()))  # fmt: skip
    stream = PREFIX + inspection.inspection_id
    return append(store, stream, events, inspection.version, person, command_id)


def report(
    store: EventStore,
    actor: str | None,
    ref: str,
    *,
    text: str,
    on: date | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """The team reports its rectification: the team leader or a deputy."""
    inspection, d = load_inspection(store, ref), load_directory(store)
    person = rules.may_report(d, actor, inspection.township)
    rules.check_reportable(inspection)
    event = RectificationReported(
        inspection.inspection_id, as_text(text, "--report"), today(on).isoformat()
    )
    stream = PREFIX + inspection.inspection_id
    return append(store, stream, [event], inspection.version, person, command_id)


def may_attach(store: EventStore, actor: str | None, ref: str) -> Inspection:
    """Authorise before any byte is read: the team's leadership, a rectification open."""
    inspection = load_inspection(store, ref)
    rules.may_report(load_directory(store), actor, inspection.township)
    if inspection.status not in ("ordered", "reopened", "reported"):
        rules.check_reportable(inspection)
    return inspection


def attach(
    store: EventStore,
    actor: str | None,
    ref: str,
    *,
    file_name: str,
    file_sha256: str,
    size: int,
    on: date | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """Record a rectification file already kept by its hash (整改材料)."""
    inspection = may_attach(store, actor, ref)
    person = rules.actor_person(load_directory(store), actor)
    event = RectificationFileAttached(inspection.inspection_id, file_name, file_sha256, size,
                                      today(on).isoformat())  # fmt: skip
    stream = PREFIX + inspection.inspection_id
    return append(store, stream, [event], inspection.version, person, command_id)


def files(store: EventStore, ref: str) -> list[dict[str, Any]]:
    """The rectification files on record (name, hash, size, day)."""
    return [dict(r.data) for r in store.read_stream(stream_of(ref, PREFIX))
            if r.type == "RectificationFileAttached"]  # fmt: skip


def verify(
    store: EventStore,
    actor: str | None,
    ref: str,
    *,
    outcome: Verification,
    comments: str = "",
    new_due: date | None = None,
    on: date | None = None,
    policy: Policy | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """The inspector accepts the rectification, or reopens it with a new deadline."""
    inspection, d = load_inspection(store, ref), load_directory(store)
    person = rules.may_verify(d, actor, inspection)
    rules.check_verifiable(inspection)
    day = today(on)
    due = None
    if outcome is Verification.REOPENED:
        if new_due is None:
            raise ValueError("reopening needs --due (a new deadline)")
        rules.check_rectification_due(day, new_due, policy or load_policy())
        due = new_due.isoformat()
    event = RectificationVerified(
        inspection.inspection_id, outcome.value, comments.strip(), due, day.isoformat()
    )
    stream = PREFIX + inspection.inspection_id
    return append(store, stream, [event], inspection.version, person, command_id)


def clock_today() -> date:
    return today(None)


def _inspectors(d: Directory, ids: list[str]) -> list[str]:
    for pid in ids:
        person = d.person(pid)
        if person is None or person.removed:
            raise NotFound(f"没有检查人员 {pid}", f"no inspector {pid!r}")
    return list(dict.fromkeys(ids))


def _finding(
    store: EventStore, d: Directory, township: str, n: int, raw: dict[str, Any]
) -> dict[str, Any]:
    """One finding, its scope known, each named officer on record, each case this team's."""
    scope = Scope(raw["scope"])
    officers = [str(o) for o in raw.get("officers", [])]
    for officer in officers:
        person = d.person(officer)
        if person is None or person.township != township:
            raise NotFound(f"{township} 执法队没有 {officer}", f"{officer} is not on the {township} team")
    cases = [_case(store, d, township, str(c)) for c in raw.get("cases", [])]
    text = as_text(raw.get("text"), "finding text")
    return {"id": f"F{n}", "scope": scope.value, "text": text, "cases": cases, "officers": officers}


def _case(store: EventStore, d: Directory, township: str, ref: str) -> str:
    number = parse_case_ref(ref, d)
    if number.township != township or store.stream_version(number.stream_id) == 0:
        raise NotFound(f"{township} 没有案件 {ref}", f"no case {ref!r} in {township}")
    return number.stream_id

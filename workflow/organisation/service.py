"""Commands on the organisation: check the rules on the current Directory, then append.

A refused command raises `RuleViolation` / `NotAuthorised` / `NotFound` and appends
nothing. Each append carries `{"actor": id, "role": role}` metadata and the stream's
expected version, so a concurrent change raises `ConcurrencyError` (retry). A repeated
`command_id` returns the first result and appends nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from events import AppendResult, EventStore
from workflow import clock
from workflow.datafile import as_text
from workflow.errors import RuleViolation
from workflow.messages import to_new_event
from workflow.organisation import rules as org_rules
from workflow.organisation.catalogue import load_catalogue_file
from workflow.organisation.county import ID_PATTERN
from workflow.organisation.directory import Directory, Person
from workflow.organisation.events import (
    CATALOGUE_STREAM,
    CataloguePublished,
    CertificateIssued,
    CertificateRenewed,
    CertificateRevoked,
    MemberEnlisted,
    OfficerRemoved,
    PersonnelActionRecorded,
    PersonnelOpinionRecorded,
    roster_stream,
)
from workflow.organisation.init import benchmarks, init_county
from workflow.organisation.snapshot import load_directory
from workflow.organisation.types import (
    CertificateChange,
    Domain,
    Origin,
    PersonnelAction,
    RemovalReason,
)

__all__ = [
    "certify",
    "enlist",
    "init_county",
    "load_catalogue",
    "record_opinion",
    "record_personnel_action",
    "remove_officer",
]


def actor_metadata(person: Person) -> dict[str, Any]:
    """The metadata every org event carries: who acted, in which role."""
    return {"actor": person.id, "role": person.role.value}


def append_at(
    store: EventStore,
    stream: str,
    events: list[Any],
    expected: int,
    actor: Person,
    command_id: str | None,
) -> AppendResult:
    """Append domain events at the version the state was read at, saying who acted in
    which role (the organisation's commands, and accountability's)."""
    return store.append(
        stream,
        [to_new_event(e) for e in events],
        expected_version=expected,
        command_id=command_id,
        metadata=actor_metadata(actor),
    )


def append(
    store: EventStore,
    d: Directory,
    stream: str,
    events: list[Any],
    actor: Person,
    command_id: str | None,
) -> AppendResult:
    """Append domain events at the version the directory was read at."""
    return append_at(store, stream, events, d.stream_version(stream), actor, command_id)


Decide = Callable[[Directory], tuple[Person, str, Any]]


def command(store: EventStore, command_id: str | None, decide: Decide) -> AppendResult:
    """Every org command: read the directory; a command already recorded (its id) returns
    what it appended then; else `decide` authorises and checks against the directory and
    gives (who acts, the stream, the event), appended at the version the directory read."""
    d = load_directory(store)
    if command_id in d.commands:
        return d.commands[command_id]
    person, stream, event = decide(d)
    return append(store, d, stream, [event], person, command_id)


def _township(officer: Person) -> str:
    assert officer.township is not None  # a team member (rules.team_member) has one
    return officer.township


def _roster(officer: Person) -> str:
    return roster_stream(_township(officer))


def _today(on: date | None) -> date:
    return on if on is not None else clock.local_day(clock.now())


def enlist(
    store: EventStore,
    actor: str | None,
    *,
    officer_id: str,
    name: str,
    township: str,
    origin: Origin,
    domain: Domain | None = None,
    on: date | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """Put a person on a township team (入队): by an administrator or the team leader."""

    def decide(d: Directory) -> tuple[Person, str, Any]:
        code = d.township(township).code
        person = org_rules.require_admin_or_leader(d, actor, code)
        if not ID_PATTERN.match(officer_id):
            raise ValueError(f"id {officer_id!r} must be lower-case ASCII letters, digits, - or _")
        org_rules.check_enlist(d, officer_id, code, origin, domain)
        event = MemberEnlisted(officer_id, as_text(name, "--name"), code, origin.value,
                               domain.value if domain else None, _today(on).isoformat())  # fmt: skip
        return person, roster_stream(code), event

    return command(store, command_id, decide)


def certify(
    store: EventStore,
    actor: str | None,
    *,
    officer_id: str,
    change: CertificateChange,
    number: str | None = None,
    valid_until: date | None = None,
    reason: str = "",
    on: date | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """Issue, renew or revoke an enforcement certificate (执法资格证): administrators only."""

    def decide(d: Directory) -> tuple[Person, str, Any]:
        person = org_rules.require_admin(d, actor)
        officer = org_rules.team_member(d, officer_id)
        event = _certificate_event(d, officer, change, number, valid_until, reason, _today(on))
        return person, _roster(officer), event

    return command(store, command_id, decide)


def _certificate_event(
    d: Directory,
    officer: Person,
    change: CertificateChange,
    number: str | None,
    until: date | None,
    reason: str,
    day: date,
) -> Any:
    if change is CertificateChange.REVOKE:
        org_rules.check_revoke(officer, day)
        current = max(
            (c for c in officer.certificates if c.valid_on(day)), key=lambda c: c.valid_until
        )
        return CertificateRevoked(officer.id, current.number, day.isoformat(), reason)
    if not number or until is None:
        raise ValueError("a certificate needs --number and --valid-until")
    if change is CertificateChange.ISSUE:
        org_rules.check_issue(d, officer, number, day, until)
        return CertificateIssued(officer.id, number, day.isoformat(), until.isoformat())
    org_rules.check_renew(officer, until, day)
    return CertificateRenewed(officer.id, number, until.isoformat(), day.isoformat())


def remove_officer(
    store: EventStore,
    actor: str | None,
    *,
    officer_id: str,
    reason: RemovalReason,
    details: str,
    on: date | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """Take an officer off the team for good (清退): an administrator or the team leader."""

    def decide(d: Directory) -> tuple[Person, str, Any]:
        officer = org_rules.team_member(d, officer_id, away_ok=True)  # 清退 while posted away
        person = org_rules.require_admin_or_leader(d, actor, _township(officer))
        org_rules.check_removal(details, actor, officer_id)
        event = OfficerRemoved(officer_id, reason.value, details.strip(), _today(on).isoformat())
        return person, _roster(officer), event

    return command(store, command_id, decide)


def record_opinion(
    store: EventStore,
    actor: str | None,
    *,
    officer_id: str,
    action: PersonnelAction,
    opinion: str,
    agrees: bool = True,
    on: date | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """Record the township's opinion (乡镇意见) on a personnel action: the team leader."""

    def decide(d: Directory) -> tuple[Person, str, Any]:
        # the opinion on restoring an officer posted away is given while they are away
        away_ok = action is PersonnelAction.REINSTATEMENT
        officer = org_rules.team_member(d, officer_id, away_ok=away_ok)
        person = org_rules.require_leader(d, actor, _township(officer))
        org_rules.check_opinion(actor, officer_id)
        if not opinion.strip():
            raise ValueError("the opinion text is empty")
        opinion_id = f"{officer_id}-op{len(officer.opinions) + 1}"
        event = PersonnelOpinionRecorded(officer_id, opinion_id, action.value, agrees,
                                         opinion.strip(), _today(on).isoformat())  # fmt: skip
        return person, _roster(officer), event

    return command(store, command_id, decide)


def record_personnel_action(
    store: EventStore,
    actor: str | None,
    *,
    officer_id: str,
    action: PersonnelAction,
    details: str,
    on: date | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """Record a promotion, transfer or award: administrators, with the township's opinion."""

    def decide(d: Directory) -> tuple[Person, str, Any]:
        person = org_rules.require_admin(d, actor)
        if action is PersonnelAction.REINSTATEMENT:
            raise RuleViolation("reinstate-not-action", org_rules.SEED_AWAY, "恢复执法岗位请用 officer reinstate",
                                "restoring an officer is `officer reinstate`, not a personnel action")  # fmt: skip
        officer = org_rules.team_member(d, officer_id)
        opinion_id = org_rules.opinion_for(officer, action)
        event = PersonnelActionRecorded(officer_id, action.value, details.strip(), opinion_id,
                                        _today(on).isoformat())  # fmt: skip
        return person, _roster(officer), event

    return command(store, command_id, decide)


def load_catalogue(
    store: EventStore,
    actor: str | None,
    path: str | Path,
    effective: date,
    *,
    today: date | None = None,
    command_id: str | None = None,
    discretion: str | None = None,
) -> AppendResult:
    """Publish a new catalogue version from a CSV (administrators; effective today or later),
    with the 裁量基准 of its items from `discretion` (default: CASEWORK_DISCRETION's file)."""

    def decide(d: Directory) -> tuple[Person, str, Any]:
        person = org_rules.require_admin(d, actor)
        org_rules.check_catalogue_effective(effective, _today(today))
        parsed = load_catalogue_file(path)
        items = [m.to_data() for m in parsed.items]
        event = CataloguePublished(
            version=d.latest_catalogue + 1,
            effective=effective.isoformat(),
            items=items,
            source=Path(path).name,
            note=parsed.note,
            discretion=benchmarks(items, discretion) if discretion else benchmarks(items),
        )
        return person, CATALOGUE_STREAM, event

    return command(store, command_id, decide)

"""Folding org events into a `Directory` (replay only applies events; no guards, no I/O)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from events import AppendResult, EventStore, RecordedEvent
from workflow.messages import from_recorded
from workflow.organisation.catalogue import Matter
from workflow.organisation.directory import (
    CatalogueVersion,
    Certificate,
    County,
    Directory,
    Opinion,
    Person,
    Township,
)
from workflow.organisation.events import (
    CATALOGUE_STREAM,
    COUNTY_STREAM,
    BudgetAllocated,
    CataloguePublished,
    CertificateIssued,
    CertificateRenewed,
    CertificateRevoked,
    CooperatingUnitsRecorded,
    CountyConfigured,
    CountyStaffAppointed,
    MemberEnlisted,
    OfficerPostedAway,
    OfficerReinstated,
    OfficerRemoved,
    PersonnelActionRecorded,
    PersonnelOpinionRecorded,
    PoolRecorded,
    ReinstatementAgreed,
    TownshipRegistered,
    roster_stream,
)
from workflow.organisation.types import Domain, Origin, PersonnelAction, Role, TownshipKind


def replay(store: EventStore) -> Directory:
    """Replay the county, catalogue and every township roster, in global position order.

    Global order matters when an officer transferred from one roster to another.
    """
    directory = Directory()
    county = store.read_stream(COUNTY_STREAM)
    for record in county:
        apply_record(directory, record)
    streams = [CATALOGUE_STREAM] + [roster_stream(code) for code in sorted(directory.townships)]
    read = {stream: store.read_stream(stream) for stream in streams}
    for record in sorted((r for rs in read.values() for r in rs), key=lambda r: r.position):
        apply_record(directory, record)
    read = {COUNTY_STREAM: county, **read}
    directory.version = tuple(
        (stream, records[-1].version if records else 0) for stream, records in read.items()
    )
    return directory


def apply_record(directory: Directory, record: RecordedEvent) -> None:
    """Apply one stored org event; events of other kinds are ignored."""
    handler = HANDLERS.get(record.type)
    if handler is not None:
        handler(directory, from_recorded(record))
    _remember_command(directory, record)


def _remember_command(directory: Directory, record: RecordedEvent) -> None:
    command_id = record.metadata.get("command_id")
    if not command_id:
        return
    first = directory.commands.get(command_id)
    positions = (first.positions if first else ()) + (record.position,)
    directory.commands[command_id] = AppendResult(
        record.stream_id, record.version, positions, duplicate=True
    )


def apply(directory: Directory, event: Any) -> None:
    """Apply one org event object (used by commands to preview their effect)."""
    HANDLERS[type(event).__name__](directory, event)


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _county(d: Directory, e: CountyConfigured) -> None:
    teams = {Domain(k): v for k, v in e.teams.items()}
    d.county = County(e.code, e.name, _day(e.effective), teams, e.min_budget_yuan)


def _township(d: Directory, e: TownshipRegistered) -> None:
    d.townships[e.code] = Township(e.code, e.name, TownshipKind(e.kind), _day(e.effective))


def _budget(d: Directory, e: BudgetAllocated) -> None:
    d.townships[e.township].budgets[e.year] = e.yuan


def _units(d: Directory, e: CooperatingUnitsRecorded) -> None:
    township = d.townships[e.township]
    township.cooperating, township.assisting = tuple(e.cooperating), tuple(e.assisting)


def _staff(d: Directory, e: CountyStaffAppointed) -> None:
    d.people[e.person_id] = Person(e.person_id, e.name, None, Origin.COUNTY, None, Role(e.role))


def _pool(d: Directory, e: PoolRecorded) -> None:
    if d.county is not None:
        d.county.civil_servants, d.county.certified = e.civil_servants, e.certified
    for code, (size, certified) in e.by_township.items():
        if code in d.townships:
            d.townships[code].civil_servants, d.townships[code].certified = size, certified


def _enlisted(d: Directory, e: MemberEnlisted) -> None:
    origin = Origin(e.origin)
    domain = Domain(e.domain) if e.domain else None
    known = d.people.get(e.officer_id)
    person = Person(e.officer_id, e.name, e.township, origin, domain, origin.role)
    if known is not None:  # re-enlisted after a transfer: keep the certificate history
        person.certificates, person.actions = known.certificates, known.actions
    d.people[e.officer_id] = person


def _issued(d: Directory, e: CertificateIssued) -> None:
    cert = Certificate(e.number, _day(e.valid_from), _day(e.valid_until))
    d.people[e.officer_id].certificates.append(cert)


def _renewed(d: Directory, e: CertificateRenewed) -> None:
    person = d.people[e.officer_id]
    current = max(person.certificates, key=lambda c: c.valid_until)
    renewed_on = _day(e.renewed_on)
    start = renewed_on if renewed_on > current.valid_until else current.valid_from
    person.certificates.append(Certificate(e.number, start, _day(e.valid_until)))


def _revoked(d: Directory, e: CertificateRevoked) -> None:
    for cert in d.people[e.officer_id].certificates:
        if cert.revoked_on is None:
            cert.revoked_on = _day(e.revoked_on)


def _removed(d: Directory, e: OfficerRemoved) -> None:
    person = d.people[e.officer_id]
    person.removed, person.removed_on = True, _day(e.removed_on)
    person.removal_reason, person.removal_details = e.reason, e.details
    person.away_on, person.away_details = None, None  # 清退 while posted away: for good


def _posted_away(d: Directory, e: OfficerPostedAway) -> None:
    """Off enforcement duty: `removed` (acts on nothing) until restored, `away_on` says why."""
    person = d.people[e.officer_id]
    person.removed, person.away_on, person.away_details = True, _day(e.posted_on), e.details
    person.reinstatement_agreed = ()


def _reinstatement_agreed(d: Directory, e: ReinstatementAgreed) -> None:
    person = d.people[e.officer_id]
    person.reinstatement_agreed = (*person.reinstatement_agreed, e.role)


def _reinstated(d: Directory, e: OfficerReinstated) -> None:
    person = d.people[e.officer_id]
    person.removed, person.away_on, person.away_details = False, None, None
    person.reinstatement_agreed = ()
    # the township opinion the restoration relied on (`opinion_for`: the oldest unused one)
    unused = [o for o in person.opinions if o.action is PersonnelAction.REINSTATEMENT and not o.used]
    if unused:
        unused[0].used = True


def _opinion(d: Directory, e: PersonnelOpinionRecorded) -> None:
    opinion = Opinion(
        e.opinion_id, PersonnelAction(e.action), e.agrees, e.opinion, _day(e.recorded_on)
    )
    d.people[e.officer_id].opinions.append(opinion)


def _action(d: Directory, e: PersonnelActionRecorded) -> None:
    person = d.people[e.officer_id]
    action = PersonnelAction(e.action)
    person.actions.append((action, e.details, _day(e.recorded_on)))
    for opinion in person.opinions:
        if opinion.opinion_id == e.opinion_id:
            opinion.used = True
    if action is PersonnelAction.TRANSFER:
        person.township = None


def _catalogue(d: Directory, e: CataloguePublished) -> None:
    items = {item["code"]: Matter.from_data(item) for item in e.items}
    d.catalogues.append(CatalogueVersion(e.version, _day(e.effective), items, e.source, e.note,
                                         dict(e.discretion)))  # fmt: skip


HANDLERS: dict[str, Callable[[Directory, Any], None]] = {
    CountyConfigured.__name__: _county,
    TownshipRegistered.__name__: _township,
    BudgetAllocated.__name__: _budget,
    CooperatingUnitsRecorded.__name__: _units,
    CountyStaffAppointed.__name__: _staff,
    PoolRecorded.__name__: _pool,
    MemberEnlisted.__name__: _enlisted,
    CertificateIssued.__name__: _issued,
    CertificateRenewed.__name__: _renewed,
    CertificateRevoked.__name__: _revoked,
    OfficerRemoved.__name__: _removed,
    OfficerPostedAway.__name__: _posted_away,
    OfficerReinstated.__name__: _reinstated,
    ReinstatementAgreed.__name__: _reinstatement_agreed,
    PersonnelOpinionRecorded.__name__: _opinion,
    PersonnelActionRecorded.__name__: _action,
    CataloguePublished.__name__: _catalogue,
}

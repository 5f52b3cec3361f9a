"""`casework init`: turn a county file and a catalogue into events, idempotently.

The plan is the difference between the files and the Directory: facts already on record
are not appended again, so running init twice appends nothing. Everything is checked
before the first append. Facts take effect on the county file's `effective` day
(五台县: 2026-05-02), whatever day init runs.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from events import EventStore
from workflow.errors import NotAuthorised
from workflow.messages import to_new_event
from workflow.organisation import rules as org_rules
from workflow.organisation.catalogue import (
    CatalogueFile,
    load_catalogue_file,
    sample_catalogue_path,
)
from workflow.organisation.county import CountyFile, PersonSpec, load_county, shipped_county_path
from workflow.organisation.directory import Directory
from workflow.organisation.directory_fold import apply
from workflow.organisation.events import (
    CATALOGUE_STREAM,
    COUNTY_STREAM,
    BudgetAllocated,
    CataloguePublished,
    CertificateIssued,
    CooperatingUnitsRecorded,
    CountyConfigured,
    CountyStaffAppointed,
    MemberEnlisted,
    PoolRecorded,
    TownshipRegistered,
    roster_stream,
)
from workflow.organisation.snapshot import load_directory
from workflow.organisation.types import Role

Plan = list[tuple[str, list[Any]]]


@dataclass(frozen=True)
class InitReport:
    """What init appended (events per stream) and what it left alone, with why."""

    county: str
    appended: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.appended.values())


def init_county(
    store: EventStore,
    county_path: str | Path | None = None,
    catalogue_path: str | Path | None = None,
    actor: str | None = None,
) -> InitReport:
    """Record the county file and the catalogue as events; append only what is new."""
    county = load_county(county_path or shipped_county_path())
    catalogue = load_catalogue_file(catalogue_path or sample_catalogue_path())
    catalogue_name = Path(catalogue_path or sample_catalogue_path()).name
    check_county(county)
    d = load_directory(store)
    versions = {stream: d.stream_version(stream) for stream, _ in d.version}
    metadata = _metadata(d, actor)
    plan, skipped = plan_init(d, county, catalogue, catalogue_name)
    if plan and metadata["role"] not in (Role.ADMIN.value, "bootstrap"):
        raise NotAuthorised("只有县级管理员可以修改县级配置", f"{actor} is not an administrator")
    appended = {}
    for stream, events in plan:
        new = [to_new_event(e) for e in events]
        store.append(
            stream,
            new,
            expected_version=versions.get(stream, 0),
            command_id=f"init:{stream}:{_digest(new)}",
            metadata=metadata,
        )
        appended[stream] = len(events)
    return InitReport(county.code, appended, skipped)


def _metadata(d: Directory, actor: str | None) -> dict[str, Any]:
    person = d.person(actor) if actor else None
    if d.county is None:
        return {"actor": actor or "system", "role": "bootstrap"}
    role = person.role.value if person and not person.removed else "unknown"
    return {"actor": actor or "system", "role": role}


def _digest(events: list[Any]) -> str:
    text = json.dumps([asdict(e) for e in events], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def check_county(county: CountyFile) -> None:
    """The rules a county file must meet before any of it is recorded."""
    for township in county.townships:
        org_rules.check_budget(township.name, township.budget_yuan, county.min_budget_yuan)
    if not any(p.role is Role.ADMIN for p in county.people):
        raise NotAuthorised("县级配置须至少有一名管理员", "the county file names no administrator")


def plan_init(
    d: Directory, county: CountyFile, catalogue: CatalogueFile, source: str
) -> tuple[Plan, list[str]]:
    """The events init would append, per stream, checked against `d` (which it updates)."""
    skipped: list[str] = []
    plan: Plan = [(COUNTY_STREAM, _plan_county(d, county, skipped))]
    plan.append((CATALOGUE_STREAM, _plan_catalogue(d, county, catalogue, source, skipped)))
    for township in county.townships:
        members = [p for p in county.people if p.township == township.code]
        plan.append((roster_stream(township.code), _plan_roster(d, county, members, skipped)))
    return [(stream, events) for stream, events in plan if events], skipped


def _plan_county(d: Directory, county: CountyFile, skipped: list[str]) -> list[Any]:
    day = county.effective.isoformat()
    events: list[Any] = []
    if d.county is None:
        teams = {k.value: v for k, v in county.teams.items()}
        events.append(
            CountyConfigured(county.code, county.name, day, teams, county.min_budget_yuan)
        )
    for t in county.townships:
        known = d.townships.get(t.code)
        if known is None:
            events.append(TownshipRegistered(t.code, t.name, t.kind.value, day))
        if known is None or known.budgets.get(county.budget_year) != t.budget_yuan:
            events.append(BudgetAllocated(t.code, county.budget_year, t.budget_yuan))
        if known is None or (known.cooperating, known.assisting) != (t.cooperating, t.assisting):
            events.append(CooperatingUnitsRecorded(t.code, list(t.cooperating), list(t.assisting)))
    events += _plan_staff(d, county, skipped)
    events += _plan_pool(d, county)
    for event in events:
        apply(d, event)
    return events


def _plan_staff(d: Directory, county: CountyFile, skipped: list[str]) -> list[Any]:
    events: list[Any] = []
    for p in county.people:
        if p.township is not None:
            continue
        known = d.person(p.id)
        if known is None:
            day = county.effective.isoformat()
            events.append(CountyStaffAppointed(p.id, p.name, p.role.value, day))
        elif known.role is not p.role:
            skipped.append(f"{p.id}: already on record as {known.role.value}, not {p.role.value}")
    return events


def _plan_pool(d: Directory, county: CountyFile) -> list[Any]:
    by_township = {t.code: [t.civil_servants, t.certified] for t in county.townships}
    now = {t.code: [t.civil_servants, t.certified] for t in d.townships.values()}
    totals = (d.county.civil_servants, d.county.certified) if d.county else None
    if totals == (county.pool_size, county.pool_certified) and now == by_township:
        return []
    day = county.effective.isoformat()
    return [PoolRecorded(county.pool_size, county.pool_certified, by_township, day)]


def benchmarks(items: list[dict[str, Any]], path: str | None = None) -> dict[str, Any]:
    """The benchmark file's 裁量基准 of the catalogue's items, recorded with the version."""
    import tomllib

    from workflow.cases.discretion import benchmark_path, check_file, raw_file
    from workflow.datafile import InvalidDataFile

    try:
        raw = raw_file(path)
        check_file(raw)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as exc:
        raise InvalidDataFile(str(path or benchmark_path()), [str(exc)]) from exc
    codes = {item["code"] for item in items}
    return {code: bench for code, bench in raw.items() if code in codes}


def _plan_catalogue(
    d: Directory, county: CountyFile, catalogue: CatalogueFile, source: str, skipped: list[str]
) -> list[Any]:
    items = [m.to_data() for m in catalogue.items]
    if any([m.to_data() for m in c.items.values()] == items for c in d.catalogues):
        return []
    if d.catalogues:
        skipped.append(f"catalogue {source}: differs from the published one; use `catalogue load`")
        return []
    day = county.effective.isoformat()
    event = CataloguePublished(1, day, items, source, catalogue.note, benchmarks(items))
    apply(d, event)
    return [event]


def _plan_roster(
    d: Directory, county: CountyFile, members: list[PersonSpec], skipped: list[str]
) -> list[Any]:
    events: list[Any] = []
    for p in members:
        known = d.person(p.id)
        new: list[Any] = []
        if known is None:
            assert p.township is not None
            org_rules.check_enlist(d, p.id, p.township, p.origin, p.domain)
            domain = p.domain.value if p.domain else None
            day = county.effective.isoformat()
            new.append(MemberEnlisted(p.id, p.name, p.township, p.origin.value, domain, day))
        elif known.township != p.township:
            skipped.append(f"{p.id}: on record in {known.township}, not {p.township}; left as is")
            continue
        new += _plan_certificate(d, county, p, skipped)
        for event in new:
            apply(d, event)
        events += new
    return events


def _plan_certificate(
    d: Directory, county: CountyFile, p: PersonSpec, skipped: list[str]
) -> list[Any]:
    cert = p.certificate
    known = d.person(p.id)
    if known is not None and known.removed:
        return []
    if cert is None or (known and cert.number in {c.number for c in known.certificates}):
        return []
    holders = [q.id for q in d.people.values() for c in q.certificates if c.number == cert.number]
    if holders:
        skipped.append(f"{p.id}: certificate {cert.number} belongs to {holders[0]}")
        return []
    since = (cert.valid_from or county.effective).isoformat()
    return [CertificateIssued(p.id, cert.number, since, cert.valid_until.isoformat())]

"""The county file (县级配置, TOML): townships, the 9 teams, N units, people, pool, budgets.

A county edits this file; `casework init` turns it into events. Parsing here is pure: it
checks the file's shape and raises `InvalidDataFile` naming each bad entry. The rules of
the law (one leader, two deputies, funding) are checked in `org_rules`.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from workflow.datafile import InvalidDataFile, as_count, as_date, as_text
from workflow.limits import read_data_text
from workflow.organisation.types import Domain, Origin, Role, TownshipKind, parse_enum

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{1,39}$")
SHIPPED_COUNTY = "wutai.toml"
T = TypeVar("T")


@dataclass(frozen=True)
class CertificateSpec:
    """An enforcement certificate (执法资格证) as the county file states it."""

    number: str
    valid_from: date | None
    valid_until: date


@dataclass(frozen=True)
class PersonSpec:
    """A person of the county file: a team member (township + origin) or county staff (role)."""

    id: str
    name: str
    township: str | None
    origin: Origin
    domain: Domain | None
    role: Role
    certificate: CertificateSpec | None


@dataclass(frozen=True)
class TownshipSpec:
    """A township (乡镇) with its team's budget, cooperating units and civil-servant pool."""

    code: str
    name: str
    kind: TownshipKind
    budget_yuan: int
    civil_servants: int
    certified: int
    cooperating: tuple[str, ...]
    assisting: tuple[str, ...]


@dataclass(frozen=True)
class CountyFile:
    """The whole county file, parsed."""

    code: str
    name: str
    effective: date
    budget_year: int
    min_budget_yuan: int
    teams: dict[Domain, str]
    townships: tuple[TownshipSpec, ...]
    people: tuple[PersonSpec, ...]
    pool_size: int
    pool_certified: int


def shipped_county_path() -> Path:
    """The demo county (五台县) shipped inside the package."""
    return Path(str(resources.files("workflow") / "data" / SHIPPED_COUNTY))


def load_county(path: str | Path) -> CountyFile:
    """Parse and check a county file; raise InvalidDataFile listing what is wrong."""
    try:
        raw = tomllib.loads(read_data_text(path))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidDataFile(str(path), [str(exc)]) from exc
    problems: list[str] = []
    county = _parse(raw, problems)
    if county is not None:
        problems.extend(_cross_check(county))
    if problems or county is None:
        raise InvalidDataFile(str(path), problems or ["empty county file"])
    return county


def _parse(raw: dict[str, Any], problems: list[str]) -> CountyFile | None:
    try:
        head = raw["county"]
        pool = raw.get("pool", {})
        county = CountyFile(
            code=as_text(head.get("code"), "[county] code"),
            name=as_text(head.get("name"), "[county] name"),
            effective=as_date(head.get("effective"), "[county] effective"),
            budget_year=as_count(head.get("budget_year"), "[county] budget_year"),
            min_budget_yuan=as_count(
                head.get("min_budget_yuan", 100_000), "[county] min_budget_yuan"
            ),
            teams=_teams(raw.get("teams", {})),
            townships=(),
            people=(),
            pool_size=as_count(pool.get("civil_servants", 0), "[pool] civil_servants"),
            pool_certified=as_count(pool.get("certified", 0), "[pool] certified"),
        )
    except (KeyError, ValueError, AttributeError) as exc:
        problems.append(f"[county]: {exc}")
        return None
    townships = _entries(raw.get("townships", []), "townships", _township, problems)
    people = _entries(raw.get("people", []), "people", _person, problems)
    return replace(county, townships=tuple(townships), people=tuple(people))


def _teams(raw: dict[str, Any]) -> dict[Domain, str]:
    teams = {
        parse_enum(Domain, key, "[teams] domain"): as_text(v, f"[teams] {key}")
        for key, v in raw.items()
    }
    missing = [d.value for d in Domain if d not in teams]
    if missing:
        raise ValueError(f"[teams] missing the county teams: {', '.join(missing)}")
    return teams


def _entries(
    raw: list[Any], table: str, parse: Callable[[dict[str, Any]], T], problems: list[str]
) -> list[T]:
    parsed = []
    for index, entry in enumerate(raw, start=1):
        label = f"[[{table}]] #{index}" + (
            f" ({entry.get('id') or entry.get('code')})" if isinstance(entry, dict) else ""
        )
        try:
            parsed.append(parse(entry))
        except (KeyError, ValueError, AttributeError, TypeError) as exc:
            problems.append(f"{label}: {exc}")
    return parsed


def _township(raw: dict[str, Any]) -> TownshipSpec:
    code = as_text(raw.get("code"), "code")
    if not ID_PATTERN.match(code):
        raise ValueError(f"code {code!r} must be lower-case ASCII letters, digits, - or _")
    return TownshipSpec(
        code=code,
        name=as_text(raw.get("name"), "name"),
        kind=parse_enum(TownshipKind, str(raw.get("kind")), "kind"),
        budget_yuan=as_count(raw.get("budget_yuan"), "budget_yuan"),
        civil_servants=as_count(raw.get("civil_servants", 0), "civil_servants"),
        certified=as_count(raw.get("certified", 0), "certified"),
        cooperating=tuple(as_text(u, "cooperating") for u in raw.get("cooperating", [])),
        assisting=tuple(as_text(u, "assisting") for u in raw.get("assisting", [])),
    )


def _person(raw: dict[str, Any]) -> PersonSpec:
    person_id = as_text(raw.get("id"), "id")
    if not ID_PATTERN.match(person_id):
        raise ValueError(f"id {person_id!r} must be lower-case ASCII letters, digits, - or _")
    township = raw.get("township")
    if township is None:
        role = parse_enum(Role, str(raw.get("role")), "role of county staff")
        if role not in (Role.SUPERVISOR, Role.ADMIN):
            raise ValueError("county staff (no township) must have role supervisor or admin")
        origin, domain = Origin.COUNTY, None
    else:
        origin = parse_enum(Origin, str(raw.get("origin")), "origin")
        domain = _member_domain(origin, raw.get("domain"))
        role = origin.role
    return PersonSpec(
        id=person_id,
        name=as_text(raw.get("name"), "name"),
        township=township,
        origin=origin,
        domain=domain,
        role=role,
        certificate=_certificate(raw.get("certificate")),
    )


def _member_domain(origin: Origin, raw: Any) -> Domain | None:
    if origin is Origin.COUNTY:
        raise ValueError("a team member's origin cannot be county")
    if origin is Origin.SECONDED:
        return parse_enum(Domain, str(raw), "domain of a seconded officer")
    if raw is not None:
        raise ValueError(f"only seconded officers have a domain (origin is {origin.value})")
    return None


def _certificate(raw: dict[str, Any] | None) -> CertificateSpec | None:
    if raw is None:
        return None
    until = as_date(raw.get("valid_until"), "certificate valid_until")
    since = as_date(raw["valid_from"], "certificate valid_from") if "valid_from" in raw else None
    if since is not None and until < since:
        raise ValueError("certificate valid_until is before valid_from")
    return CertificateSpec(as_text(raw.get("number"), "certificate number"), since, until)


def _cross_check(county: CountyFile) -> list[str]:
    problems = _duplicates([t.code for t in county.townships], "township code")
    problems += _duplicates([t.name for t in county.townships], "township name")
    problems += _duplicates([p.id for p in county.people], "person id")
    numbers = [p.certificate.number for p in county.people if p.certificate]
    problems += _duplicates(numbers, "certificate number")
    codes = {t.code for t in county.townships}
    problems += [
        f"person {p.id}: unknown township {p.township!r}"
        for p in county.people
        if p.township is not None and p.township not in codes
    ]
    if county.pool_certified > county.pool_size:
        problems.append("[pool] certified is larger than civil_servants")
    return problems


def _duplicates(values: list[str], what: str) -> list[str]:
    twice = sorted(v for v, n in Counter(values).items() if n > 1)
    return [f"{what} {v!r} appears more than once" for v in twice]

"""The directory (组织名录): townships, people, certificates and the catalogue, folded from events.

`load_directory(store)` replays the `county`, `catalogue` and `roster-<township>` streams.
Replay only applies events: no guard, no I/O beyond reading the streams.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from events import AppendResult
from workflow.errors import NotFound
from workflow.organisation.catalogue import Matter
from workflow.organisation.types import Domain, Origin, PersonnelAction, Role, TownshipKind


@dataclass
class Certificate:
    """An enforcement certificate (执法资格证): valid from..until, unless revoked."""

    number: str
    valid_from: date
    valid_until: date
    revoked_on: date | None = None

    def valid_on(self, day: date) -> bool:
        if self.revoked_on is not None and day >= self.revoked_on:
            return False
        return self.valid_from <= day <= self.valid_until


@dataclass
class Opinion:
    """The township's opinion (乡镇意见) on a personnel action, used by at most one action."""

    opinion_id: str
    action: PersonnelAction
    agrees: bool
    text: str
    recorded_on: date
    used: bool = False


@dataclass
class Person:
    """Someone casework knows: a team member, or county staff (township None)."""

    id: str
    name: str
    township: str | None
    origin: Origin
    domain: Domain | None
    role: Role
    removed: bool = False
    removed_on: date | None = None
    removal_reason: str | None = None
    removal_details: str | None = None
    away_on: date | None = None  # 调离执法岗位 since (removed is then True until restored)
    away_details: str | None = None
    reinstatement_agreed: tuple[str, ...] = ()  # roles that agreed to restoring them (恢复)
    certificates: list[Certificate] = field(default_factory=list)
    opinions: list[Opinion] = field(default_factory=list)
    actions: list[tuple[PersonnelAction, str, date]] = field(default_factory=list)

    def certificate_valid_on(self, day: date) -> bool:
        """Whether the person holds a valid enforcement certificate on that day."""
        return any(c.valid_on(day) for c in self.certificates)

    def certificate_until(self, day: date) -> date | None:
        """The end of the certificate valid on that day, if any."""
        valid = [c.valid_until for c in self.certificates if c.valid_on(day)]
        return max(valid) if valid else None

    @property
    def away(self) -> bool:
        """Posted away from enforcement duty (调离执法岗位), not removed for good."""
        return self.away_on is not None

    @property
    def dismissed(self) -> bool:
        """Removed from the team for good (清退)."""
        return self.removed and self.away_on is None

    @property
    def on_team(self) -> bool:
        """On a township team now (not removed, not transferred away, not county staff)."""
        return self.township is not None and not self.removed


@dataclass
class Township:
    """A township (乡镇) and the facts the county recorded about its team."""

    code: str
    name: str
    kind: TownshipKind
    registered_on: date
    budgets: dict[int, int] = field(default_factory=dict)
    cooperating: tuple[str, ...] = ()
    assisting: tuple[str, ...] = ()
    civil_servants: int = 0
    certified: int = 0


@dataclass(frozen=True)
class CatalogueVersion:
    """One published version of the catalogue of enforcement matters."""

    version: int
    effective: date
    items: dict[str, Matter]
    source: str
    note: str
    discretion: dict[str, Any] = field(default_factory=dict)  # 裁量基准 recorded with it

    @property
    def categories(self) -> int:
        return len({m.category for m in self.items.values()})


@dataclass
class County:
    """The county-level facts (县级配置)."""

    code: str
    name: str
    effective: date
    teams: dict[Domain, str]
    min_budget_yuan: int
    civil_servants: int = 0
    certified: int = 0


@dataclass
class Directory:
    """The folded organisation state. Built by `load_directory`; read-only for callers."""

    county: County | None = None
    townships: dict[str, Township] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    catalogues: list[CatalogueVersion] = field(default_factory=list)
    version: tuple[tuple[str, int], ...] = ()
    commands: dict[str, AppendResult] = field(default_factory=dict)

    def township(self, name_or_code: str) -> Township:
        """The township with this code or Chinese name; NotFound otherwise."""
        found = self.townships.get(name_or_code) or next(
            (t for t in self.townships.values() if t.name == name_or_code), None
        )
        if found is None:
            raise NotFound(f"没有乡镇 {name_or_code}", f"no township {name_or_code!r}")
        return found

    def person(self, officer_id: str) -> Person | None:
        """The person with this id, or None."""
        return self.people.get(officer_id)

    def team(self, township_code: str) -> list[Person]:
        """Everyone on the township's team now (leader, deputies, officers), by id."""
        return sorted(
            (p for p in self.people.values() if p.township == township_code and not p.removed),
            key=lambda p: p.id,
        )

    def leaders(self, township_code: str) -> list[Person]:
        """The team leader (队长) first, then the deputies (副队长)."""
        heads = [p for p in self.team(township_code) if p.role in (Role.LEADER, Role.DEPUTY)]
        return sorted(heads, key=lambda p: (p.role is not Role.LEADER, p.id))

    def staff(self, role: Role) -> list[Person]:
        """County staff with this role (supervisor or admin)."""
        return sorted((p for p in self.people.values() if p.role is role), key=lambda p: p.id)

    def catalogue_on(self, on: date) -> CatalogueVersion | None:
        """The catalogue version in force on that day (latest effective; later version wins ties)."""
        in_force = [c for c in self.catalogues if c.effective <= on]
        return max(in_force, key=lambda c: (c.effective, c.version), default=None)

    def matter(self, code: str, on: date) -> Matter | None:
        """The matter with this code in the catalogue version in force on that day, or None."""
        catalogue = self.catalogue_on(on)
        return catalogue.items.get(code) if catalogue else None

    def stream_version(self, stream_id: str) -> int:
        """The version of an org stream when this directory was loaded (0: absent)."""
        return dict(self.version).get(stream_id, 0)

    @property
    def latest_catalogue(self) -> int:
        return max((c.version for c in self.catalogues), default=0)

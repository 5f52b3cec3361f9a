"""Events of the organisation (组织事件): county, townships, rosters, certificates, catalogue.

Streams: `county` (county-level facts, townships, budgets, units, staff, pool),
`roster-<township code>` (members, certificates, removals, personnel), `catalogue`
(published versions). Dates are ISO strings; enums are stored by value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workflow.messages import domain_event
from workflow.organisation.streams import (  # noqa: F401 - the stream names, re-exported
    CATALOGUE_STREAM,
    COUNTY_STREAM,
    roster_stream,
)


@domain_event
@dataclass(frozen=True)
class CountyConfigured:
    """The county was set up (县级配置): its name, the 9 teams and the funding floor."""

    code: str
    name: str
    effective: str
    teams: dict[str, str]
    min_budget_yuan: int


@domain_event
@dataclass(frozen=True)
class TownshipRegistered:
    """A township (乡镇) and its one comprehensive enforcement team were registered."""

    code: str
    name: str
    kind: str
    effective: str


@domain_event
@dataclass(frozen=True)
class BudgetAllocated:
    """A yearly budget (经费) for a township team."""

    township: str
    year: int
    yuan: int


@domain_event
@dataclass(frozen=True)
class CooperatingUnitsRecorded:
    """The N of 7+9+N: units that cooperate with (协同) or assist (辅助) the team."""

    township: str
    cooperating: list[str]
    assisting: list[str]


@domain_event
@dataclass(frozen=True)
class CountyStaffAppointed:
    """A county supervisor (监督) or administrator was appointed."""

    person_id: str
    name: str
    role: str
    effective: str


@domain_event
@dataclass(frozen=True)
class PoolRecorded:
    """The township civil-servant pool (蓄水池) and how many hold a certificate."""

    civil_servants: int
    certified: int
    by_township: dict[str, list[int]]
    as_of: str


@domain_event
@dataclass(frozen=True)
class MemberEnlisted:
    """A person joined a township team: leader, deputy, township staff or seconded officer."""

    officer_id: str
    name: str
    township: str
    origin: str
    domain: str | None
    effective: str


@domain_event
@dataclass(frozen=True)
class CertificateIssued:
    """An enforcement certificate (执法资格证) was issued."""

    officer_id: str
    number: str
    valid_from: str
    valid_until: str


@domain_event
@dataclass(frozen=True)
class CertificateRenewed:
    """A certificate was renewed: a new validity end (and possibly a new number)."""

    officer_id: str
    number: str
    valid_until: str
    renewed_on: str


@domain_event
@dataclass(frozen=True)
class CertificateRevoked:
    """A certificate was revoked (吊销) from a day on."""

    officer_id: str
    number: str
    revoked_on: str
    reason: str


@domain_event
@dataclass(frozen=True)
class OfficerRemoved:
    """An officer was taken off the team for good (清退): 不担当、不作为、乱作为 or other."""

    officer_id: str
    reason: str
    details: str
    removed_on: str


@domain_event
@dataclass(frozen=True)
class OfficerPostedAway:
    """An officer was posted away from enforcement duty (调离执法岗位): still on the roster's
    books, but may not act on cases until restored; unlike 清退, there is a way back."""

    officer_id: str
    details: str
    posted_on: str


@domain_event
@dataclass(frozen=True)
class ReinstatementAgreed:
    """The agreement the county file requires before an officer posted away is restored
    (恢复执法岗位, e.g. the county supervisor's, as for the 调离 itself); `role` agreed."""

    officer_id: str
    role: str
    comments: str
    agreed_on: str


@domain_event
@dataclass(frozen=True)
class OfficerReinstated:
    """An officer posted away was restored to enforcement duty (恢复执法岗位)."""

    officer_id: str
    details: str
    reinstated_on: str


@domain_event
@dataclass(frozen=True)
class PersonnelOpinionRecorded:
    """The township's opinion (乡镇意见) on a personnel action for one of its officers."""

    officer_id: str
    opinion_id: str
    action: str
    agrees: bool
    opinion: str
    recorded_on: str


@domain_event
@dataclass(frozen=True)
class PersonnelActionRecorded:
    """A promotion, transfer or award, recorded against the township's opinion it consumed."""

    officer_id: str
    action: str
    details: str
    opinion_id: str | None
    recorded_on: str


@domain_event
@dataclass(frozen=True)
class CataloguePublished:
    """A version of the catalogue of enforcement matters (执法事项清单) took effect."""

    version: int
    effective: str
    items: list[dict[str, Any]]
    source: str
    note: str = ""
    # 裁量基准 (处罚法 art. 34) of the version's penalty items, as the benchmark file gave it:
    # code -> {cap, 轻微/一般/较重/严重: {min, max, sanctions}}; {} = published before
    # benchmarks were recorded (the benchmark file then applies)
    discretion: dict[str, Any] = field(default_factory=dict)

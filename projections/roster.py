"""Team rosters (执法队伍花名册): dated membership, certificate and pool facts per township.

Every fact keeps its days (enlisted, left, certificate validity, revocation, pool as-of),
so `projections.queries_roster` can answer "the roster on day D" for any D, not only today.
A membership (stint) runs from `MemberEnlisted` to `OfficerRemoved` (清退) or a transfer
(调动, `PersonnelActionRecorded` with action `transfer`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
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
from projections.engine import Projection, Tables
from projections.roster_people import PEOPLE, fold_people
from projections.rows import Row, load_rows, replace_rows
from projections.sql import upsert, upsert_many

_day = date.fromisoformat


def _define_org(metadata: MetaData, prefix: str) -> Tables:
    county = Table(
        f"{prefix}county", metadata,
        Column("code", String(50), primary_key=True),
        Column("name", Text, nullable=False),
    )  # fmt: skip
    townships = Table(
        f"{prefix}townships", metadata,
        Column("code", String(50), primary_key=True),
        Column("name", Text, nullable=False),
        Column("kind", String(10), nullable=False),
        Column("registered_on", Date, nullable=False),
        Column("cooperating", JSON, nullable=False),
        Column("assisting", JSON, nullable=False),
    )  # fmt: skip
    pool = Table(
        f"{prefix}pool", metadata,
        Column("scope", String(50), primary_key=True),  # "county" or a township code
        Column("as_of", Date, primary_key=True),
        Column("civil_servants", Integer, nullable=False),
        Column("certified", Integer, nullable=False),
    )  # fmt: skip
    return {"county": county, "townships": townships, "pool": pool}


def _define_people(metadata: MetaData, prefix: str) -> Tables:
    stints = Table(
        f"{prefix}stints", metadata,
        Column("stint", BigInteger, primary_key=True),  # position of MemberEnlisted
        Column("officer_id", String(100), nullable=False, index=True),
        Column("name", Text, nullable=False),
        Column("township", String(50), nullable=False, index=True),
        Column("origin", String(30), nullable=False),
        Column("domain", String(30)),
        Column("enlisted_on", Date, nullable=False),
        Column("left_on", Date),
        Column("left_why", String(20)),  # removed | transferred
        Column("reason", String(50)),
        Column("details", Text),
    )  # fmt: skip
    certificates = Table(
        f"{prefix}certificates", metadata,
        Column("cert", BigInteger, primary_key=True),  # position of the issue / renewal
        Column("officer_id", String(100), nullable=False, index=True),
        Column("number", String(100), nullable=False),
        Column("valid_from", Date, nullable=False),
        Column("valid_until", Date, nullable=False),
        Column("known_from", Date, nullable=False),  # the day the fact was on record
        Column("revoked_on", Date),
        Column("revoke_reason", Text),
    )  # fmt: skip
    return {"stints": stints, "certificates": certificates}


class RosterProjection(Projection):
    """Rosters of the township teams (7+9+N), certificates, removals and the pool."""

    name: ClassVar[str] = "roster"
    # 2: revocation marks only certificates still running; 3: free text in TEXT columns;
    # 4: 调离执法岗位 / 恢复执法岗位 close and reopen a stint; 5: 清退 while posted away
    version: ClassVar[int] = 5
    cost: ClassVar[float] = 0.185  # s of CPU per 100k events (model_bench, 29 Nov 2026 05:07)
    event_types: ClassVar[frozenset[str] | None] = frozenset(
        {
            "CountyConfigured",
            "TownshipRegistered",
            "CooperatingUnitsRecorded",
            "PoolRecorded",
            "MemberEnlisted",
            "CertificateIssued",
            "CertificateRenewed",
            "CertificateRevoked",
            "OfficerRemoved",
            "OfficerPostedAway",
            "OfficerReinstated",
            "PersonnelActionRecorded",
        }
    )

    def define(self, metadata: MetaData, prefix: str) -> Tables:
        return {**_define_org(metadata, prefix), **_define_people(metadata, prefix)}

    def apply(self, conn: Connection, tables: Tables, event: RecordedEvent) -> None:
        self.apply_batch(conn, tables, [event])

    def apply_batch(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        """Fold the batch in memory: county facts, then members and certificates."""
        org = [e for e in events if e.type not in PEOPLE]
        people = [e for e in events if e.type in PEOPLE]
        if org:
            _fold_org(conn, tables, org)
        if people:
            fold_people(conn, tables, people)


def _fold_org(conn: Connection, t: Tables, events: list[RecordedEvent]) -> None:
    """The county, its townships (and their N units) and the pool, written once per batch."""
    codes = {e.data["code"] if e.type == "TownshipRegistered" else e.data["township"]
             for e in events if e.type in TOWNSHIP_EVENTS}  # fmt: skip
    towns = {r["code"]: r for r in load_rows(conn, t["townships"], "code", codes)}
    pool: dict[tuple[str, date], Row] = {}
    for e in events:
        d = e.data
        if e.type == "CountyConfigured":
            upsert(conn, t["county"], {"code": d["code"], "name": d["name"]}, ["code"],
                   replace=["name"])  # fmt: skip
        elif e.type == "TownshipRegistered":
            town = towns.setdefault(
                d["code"], {"code": d["code"], "cooperating": [], "assisting": []}
            )
            town.update(name=d["name"], kind=d["kind"], registered_on=_day(d["effective"]))
        elif e.type == "CooperatingUnitsRecorded" and d["township"] in towns:
            towns[d["township"]].update(
                cooperating=list(d["cooperating"]), assisting=list(d["assisting"])
            )
        elif e.type == "PoolRecorded":
            pool.update(_pool_rows(d))
    replace_rows(conn, t["townships"], "code", codes, list(towns.values()))
    upsert_many(conn, t["pool"], list(pool.values()), ["scope", "as_of"],
                replace=["civil_servants", "certified"])  # fmt: skip


def _pool_rows(d: dict[str, Any]) -> dict[tuple[str, date], Row]:
    as_of = _day(d["as_of"])
    scopes: dict[str, Any] = {"county": [d["civil_servants"], d["certified"]], **d["by_township"]}
    return {
        (scope, as_of): {"scope": scope, "as_of": as_of, "civil_servants": n, "certified": c}
        for scope, (n, c) in scopes.items()
    }


TOWNSHIP_EVENTS = frozenset({"TownshipRegistered", "CooperatingUnitsRecorded"})

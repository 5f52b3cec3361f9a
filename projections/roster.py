"""Team rosters (执法队伍花名册): dated membership, certificate and pool facts per township.

Every fact keeps its days (enlisted, left, certificate validity, revocation, pool as-of),
so `projections.queries_roster` can answer "the roster on day D" for any D, not only today.
A membership (stint) runs from `MemberEnlisted` to `OfficerRemoved` (清退) or a transfer
(调动, `PersonnelActionRecorded` with action `transfer`).
"""

from __future__ import annotations

from collections.abc import Callable
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
    func,
    select,
)

from events import RecordedEvent
from projections.engine import Projection, Tables
from projections.sql import upsert

REMOVED = "removed"
TRANSFERRED = "transferred"


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _define_org(metadata: MetaData, prefix: str) -> Tables:
    county = Table(
        f"{prefix}county", metadata,
        Column("code", String(50), primary_key=True),
        Column("name", String(100), nullable=False),
    )  # fmt: skip
    townships = Table(
        f"{prefix}townships", metadata,
        Column("code", String(50), primary_key=True),
        Column("name", String(100), nullable=False),
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
        Column("name", String(100), nullable=False),
        Column("township", String(50), nullable=False, index=True),
        Column("origin", String(30), nullable=False),
        Column("domain", String(30)),
        Column("enlisted_on", Date, nullable=False),
        Column("left_on", Date),
        Column("left_why", String(20)),  # removed | transferred
        Column("reason", String(50)),
        Column("details", String(2000)),
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
        Column("revoke_reason", String(2000)),
    )  # fmt: skip
    return {"stints": stints, "certificates": certificates}


class RosterProjection(Projection):
    """Rosters of the township teams (7+9+N), certificates, removals and the pool."""

    name: ClassVar[str] = "roster"
    version: ClassVar[int] = 1
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
            "PersonnelActionRecorded",
        }
    )

    def define(self, metadata: MetaData, prefix: str) -> Tables:
        return {**_define_org(metadata, prefix), **_define_people(metadata, prefix)}

    def apply(self, conn: Connection, tables: Tables, event: RecordedEvent) -> None:
        HANDLERS[event.type](conn, tables, event)


Handler = Callable[[Connection, Tables, RecordedEvent], None]


def _county(conn: Connection, t: Tables, e: RecordedEvent) -> None:
    upsert(conn, t["county"], {"code": e.data["code"], "name": e.data["name"]}, ["code"],
           replace=["name"])  # fmt: skip


def _township(conn: Connection, t: Tables, e: RecordedEvent) -> None:
    d = e.data
    row = {"code": d["code"], "name": d["name"], "kind": d["kind"],
           "registered_on": _day(d["effective"]), "cooperating": [], "assisting": []}  # fmt: skip
    upsert(conn, t["townships"], row, ["code"], replace=["name", "kind", "registered_on"])


def _units(conn: Connection, t: Tables, e: RecordedEvent) -> None:
    table = t["townships"]
    conn.execute(
        table.update()
        .where(table.c.code == e.data["township"])
        .values(cooperating=list(e.data["cooperating"]), assisting=list(e.data["assisting"]))
    )


def _pool(conn: Connection, t: Tables, e: RecordedEvent) -> None:
    d, as_of = e.data, _day(e.data["as_of"])
    scopes: dict[str, Any] = {"county": [d["civil_servants"], d["certified"]]}
    scopes.update(d["by_township"])
    for scope, (size, certified) in scopes.items():
        row = {"scope": scope, "as_of": as_of, "civil_servants": size, "certified": certified}
        upsert(conn, t["pool"], row, ["scope", "as_of"], replace=["civil_servants", "certified"])


def _close_stint(conn: Connection, t: Tables, officer: str, **values: Any) -> None:
    stints = t["stints"]
    open_ = (stints.c.officer_id == officer) & stints.c.left_on.is_(None)
    conn.execute(stints.update().where(open_).values(**values))


def _enlisted(conn: Connection, t: Tables, e: RecordedEvent) -> None:
    d, day = e.data, _day(e.data["effective"])
    _close_stint(conn, t, d["officer_id"], left_on=day, left_why=TRANSFERRED)
    conn.execute(
        t["stints"].insert().values(
            stint=e.position, officer_id=d["officer_id"], name=d["name"], township=d["township"],
            origin=d["origin"], domain=d["domain"], enlisted_on=day,
        )
    )  # fmt: skip


def _removed(conn: Connection, t: Tables, e: RecordedEvent) -> None:
    d = e.data
    _close_stint(conn, t, d["officer_id"], left_on=_day(d["removed_on"]), left_why=REMOVED,
                 reason=d["reason"], details=d["details"])  # fmt: skip


def _action(conn: Connection, t: Tables, e: RecordedEvent) -> None:
    d = e.data
    if d["action"] == "transfer":
        _close_stint(conn, t, d["officer_id"], left_on=_day(d["recorded_on"]),
                     left_why=TRANSFERRED, reason="transfer", details=d["details"])  # fmt: skip


def _issued(conn: Connection, t: Tables, e: RecordedEvent) -> None:
    d, start = e.data, _day(e.data["valid_from"])
    conn.execute(
        t["certificates"].insert().values(
            cert=e.position, officer_id=d["officer_id"], number=d["number"], valid_from=start,
            valid_until=_day(d["valid_until"]), known_from=start,
        )
    )  # fmt: skip


def _renewed(conn: Connection, t: Tables, e: RecordedEvent) -> None:
    """A renewal continues the current certificate, or starts afresh if it had lapsed."""
    d, on = e.data, _day(e.data["renewed_on"])
    certs = t["certificates"]
    latest = select(func.max(certs.c.valid_until)).where(certs.c.officer_id == d["officer_id"])
    current = conn.execute(
        select(certs.c.valid_from, certs.c.valid_until).where(
            certs.c.officer_id == d["officer_id"], certs.c.valid_until == latest.scalar_subquery()
        )
    ).first()
    start = on if current is None or on > current[1] else current[0]
    conn.execute(
        certs.insert().values(
            cert=e.position, officer_id=d["officer_id"], number=d["number"], valid_from=start,
            valid_until=_day(d["valid_until"]), known_from=on,
        )
    )  # fmt: skip


def _revoked(conn: Connection, t: Tables, e: RecordedEvent) -> None:
    d, certs = e.data, t["certificates"]
    live = (certs.c.officer_id == d["officer_id"]) & certs.c.revoked_on.is_(None)
    conn.execute(
        certs.update()
        .where(live)
        .values(revoked_on=_day(d["revoked_on"]), revoke_reason=d["reason"])
    )


HANDLERS: dict[str, Handler] = {
    "CountyConfigured": _county,
    "TownshipRegistered": _township,
    "CooperatingUnitsRecorded": _units,
    "PoolRecorded": _pool,
    "MemberEnlisted": _enlisted,
    "CertificateIssued": _issued,
    "CertificateRenewed": _renewed,
    "CertificateRevoked": _revoked,
    "OfficerRemoved": _removed,
    "PersonnelActionRecorded": _action,
}

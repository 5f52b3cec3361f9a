"""Team rosters (执法队伍花名册): dated membership, certificate and pool facts per township.

Every fact keeps its days (enlisted, left, certificate validity, revocation, pool as-of),
so `projections.queries_roster` can answer "the roster on day D" for any D, not only today.
A membership (stint) runs from `MemberEnlisted` to `OfficerRemoved` (清退) or a transfer
(调动, `PersonnelActionRecorded` with action `transfer`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
)

from events import RecordedEvent
from projections.engine import Projection, Tables
from projections.rows import Row, load_rows, replace_rows
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
        self.apply_batch(conn, tables, [event])

    def apply_batch(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        """County facts one by one; members and certificates folded in memory per batch."""
        people = [e for e in events if e.type in PEOPLE]
        for event in events:
            if event.type in HANDLERS:
                HANDLERS[event.type](conn, tables, event)
        if people:
            _fold_people(conn, tables, people)


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


@dataclass
class People:
    """The stints and certificates of the officers one batch touches, keyed by position."""

    stints: dict[int, Row]
    certificates: dict[int, Row]

    def close_stint(self, officer: str, **values: Any) -> None:
        for row in self.stints.values():
            if row["officer_id"] == officer and row["left_on"] is None:
                row.update(values)

    def certificates_of(self, officer: str) -> list[Row]:
        return [c for c in self.certificates.values() if c["officer_id"] == officer]


def _fold_people(conn: Connection, t: Tables, events: list[RecordedEvent]) -> None:
    officers = {e.data["officer_id"] for e in events}
    stints = load_rows(conn, t["stints"], "officer_id", officers)
    certs = load_rows(conn, t["certificates"], "officer_id", officers)
    fold = People({r["stint"]: r for r in stints}, {r["cert"]: r for r in certs})
    for event in events:
        PEOPLE[event.type](fold, event)
    replace_rows(conn, t["stints"], "officer_id", officers, list(fold.stints.values()))
    replace_rows(conn, t["certificates"], "officer_id", officers, list(fold.certificates.values()))


def _enlisted(f: People, e: RecordedEvent) -> None:
    d, day = e.data, _day(e.data["effective"])
    f.close_stint(d["officer_id"], left_on=day, left_why=TRANSFERRED)
    f.stints[e.position] = {
        "stint": e.position, "officer_id": d["officer_id"], "name": d["name"],
        "township": d["township"], "origin": d["origin"], "domain": d["domain"],
        "enlisted_on": day, "left_on": None, "left_why": None, "reason": None, "details": None,
    }  # fmt: skip


def _removed(f: People, e: RecordedEvent) -> None:
    d = e.data
    f.close_stint(d["officer_id"], left_on=_day(d["removed_on"]), left_why=REMOVED,
                  reason=d["reason"], details=d["details"])  # fmt: skip


def _action(f: People, e: RecordedEvent) -> None:
    d = e.data
    if d["action"] == "transfer":
        f.close_stint(d["officer_id"], left_on=_day(d["recorded_on"]), left_why=TRANSFERRED,
                      reason="transfer", details=d["details"])  # fmt: skip


def _certificate(e: RecordedEvent, start: date, known: date) -> Row:
    d = e.data
    return {"cert": e.position, "officer_id": d["officer_id"], "number": d["number"],
            "valid_from": start, "valid_until": _day(d["valid_until"]), "known_from": known,
            "revoked_on": None, "revoke_reason": None}  # fmt: skip


def _issued(f: People, e: RecordedEvent) -> None:
    start = _day(e.data["valid_from"])
    f.certificates[e.position] = _certificate(e, start, start)


def _renewed(f: People, e: RecordedEvent) -> None:
    """A renewal continues the current certificate, or starts afresh if it had lapsed."""
    on = _day(e.data["renewed_on"])
    held = f.certificates_of(e.data["officer_id"])
    current = max(held, key=lambda c: c["valid_until"], default=None)
    start = on if current is None or on > current["valid_until"] else current["valid_from"]
    f.certificates[e.position] = _certificate(e, start, on)


def _revoked(f: People, e: RecordedEvent) -> None:
    for cert in f.certificates_of(e.data["officer_id"]):
        if cert["revoked_on"] is None:
            cert.update(revoked_on=_day(e.data["revoked_on"]), revoke_reason=e.data["reason"])


PEOPLE: dict[str, Callable[[People, RecordedEvent], None]] = {
    "MemberEnlisted": _enlisted,
    "CertificateIssued": _issued,
    "CertificateRenewed": _renewed,
    "CertificateRevoked": _revoked,
    "OfficerRemoved": _removed,
    "PersonnelActionRecorded": _action,
}
HANDLERS: dict[str, Handler] = {
    "CountyConfigured": _county,
    "TownshipRegistered": _township,
    "CooperatingUnitsRecorded": _units,
    "PoolRecorded": _pool,
}

"""Roster members and certificates (队员与执法证), folded per batch for the roster model.

A membership (stint) runs from `MemberEnlisted` to `OfficerRemoved` (清退), a transfer
(调动) or `OfficerPostedAway` (调离执法岗位); `OfficerReinstated` (恢复执法岗位) opens a new
stint like the one posted away. A certificate runs from its first valid day to its last, unless revoked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection

from events import RecordedEvent
from projections.engine import Tables
from projections.rows import Row, load_rows, replace_rows

REMOVED = "removed"
TRANSFERRED = "transferred"
POSTED_AWAY = "posted_away"
_day = date.fromisoformat


@dataclass
class People:
    """Open stints and live certificates of the officers one batch touches, by position.

    Only what an event can still change is loaded (the stints of the officers whose stints
    an event moves, their open and posted-away ones kept; a certificate not expired by the
    batch's first renewal or revocation day, of the officers renewed or revoked), and only
    rows an event changed are written back (a new row by an insert, without a delete).
    """

    stints: dict[int, Row]
    certificates: dict[int, Row]
    changed_stints: set[int] = field(default_factory=set)
    changed_certificates: set[int] = field(default_factory=set)
    open_stint: dict[str, int] = field(default_factory=dict)  # officer -> stint not yet ended
    loaded_stints: set[int] = field(default_factory=set)  # keys of the rows read, not new
    loaded_certificates: set[int] = field(default_factory=set)

    def close_stint(self, officer: str, **values: Any) -> None:
        key = self.open_stint.pop(officer, None)
        if key is not None:
            self.stints[key].update(values)
            self.changed_stints.add(key)

    def certificates_of(self, officer: str, live_on: date) -> list[Row]:
        """The officer's certificates valid until `live_on` or later."""
        certs = self.certificates.values()
        return [c for c in certs if c["officer_id"] == officer and c["valid_until"] >= live_on]


def _load_people(conn: Connection, t: Tables, events: list[RecordedEvent]) -> People:
    """The stints of officers whose stints an event moves (all of them: their open one and,
    for a restoration or a removal, the last posted away, whichever it finds) and, only for
    officers renewed or revoked, their certificates still running on the batch's first such
    day. A certificate issued or a stint opened keys its row by its own event's position:
    new in this batch, nothing to load."""
    stinted = {e.data["officer_id"] for e in events if e.type not in CERTIFICATE_EVENTS}
    rows = load_rows(conn, t["stints"], "officer_id", stinted)
    open_ = [r for r in rows if r["left_on"] is None]
    back = {
        e.data["officer_id"] for e in events if e.type in ("OfficerReinstated", "OfficerRemoved")
    }
    away = [r for r in rows if r["left_why"] == POSTED_AWAY and r["officer_id"] in back]
    changes = [e for e in events if e.type in CHANGES]
    certs = t["certificates"]
    live = (
        load_rows(
            conn,
            certs,
            "officer_id",
            {e.data["officer_id"] for e in changes},
            certs.c.valid_until >= min(_day(e.data[CHANGES[e.type]]) for e in changes),
        )  # fmt: skip
        if changes
        else []
    )
    fold = People({r["stint"]: r for r in away + open_}, {r["cert"]: r for r in live})
    fold.open_stint = {r["officer_id"]: r["stint"] for r in sorted(open_, key=lambda r: r["stint"])}
    fold.loaded_stints, fold.loaded_certificates = set(fold.stints), set(fold.certificates)
    return fold


def fold_people(conn: Connection, t: Tables, events: list[RecordedEvent]) -> None:
    """Fold the batch; write the rows it changed: those loaded replaced (deleted, then
    inserted), new ones only inserted."""
    fold = _load_people(conn, t, events)
    for event in events:
        PEOPLE[event.type](fold, event)
    stints = [fold.stints[k] for k in fold.changed_stints]
    replace_rows(conn, t["stints"], "stint", fold.changed_stints & fold.loaded_stints, stints)
    certs = [fold.certificates[k] for k in fold.changed_certificates]
    changed = fold.changed_certificates & fold.loaded_certificates
    replace_rows(conn, t["certificates"], "cert", changed, certs)


def _enlisted(f: People, e: RecordedEvent) -> None:
    d, day = e.data, _day(e.data["effective"])
    f.close_stint(d["officer_id"], left_on=day, left_why=TRANSFERRED)
    f.changed_stints.add(e.position)
    f.open_stint[d["officer_id"]] = e.position
    f.stints[e.position] = {
        "stint": e.position, "officer_id": d["officer_id"], "name": d["name"],
        "township": d["township"], "origin": d["origin"], "domain": d["domain"],
        "enlisted_on": day, "left_on": None, "left_why": None, "reason": None, "details": None,
    }  # fmt: skip


def _removed(f: People, e: RecordedEvent) -> None:
    d = e.data
    last = None if d["officer_id"] in f.open_stint else _last_away(f, d["officer_id"])
    if last is not None:  # 清退 while posted away: away until then, removed from that day
        day = _day(d["removed_on"])
        f.stints[e.position] = {**last, "stint": e.position, "enlisted_on": day, "left_on": day,
                                "left_why": REMOVED, "reason": d["reason"], "details": d["details"]}  # fmt: skip
        f.changed_stints.add(e.position)
        return
    f.close_stint(d["officer_id"], left_on=_day(d["removed_on"]), left_why=REMOVED,
                  reason=d["reason"], details=d["details"])  # fmt: skip


def _posted_away(f: People, e: RecordedEvent) -> None:
    d = e.data
    f.close_stint(d["officer_id"], left_on=_day(d["posted_on"]), left_why=POSTED_AWAY,
                  reason="posted_away", details=d["details"])  # fmt: skip


def _last_away(f: People, officer: str) -> Row | None:
    away = [
        r for r in f.stints.values() if r["officer_id"] == officer and r["left_why"] == POSTED_AWAY
    ]
    return max(away, key=lambda r: r["stint"], default=None)


def _reinstated(f: People, e: RecordedEvent) -> None:
    """A new stint from the restoration day, as the last one posted away was."""
    officer = e.data["officer_id"]
    last = _last_away(f, officer)
    if last is None:
        return
    f.stints[e.position] = {**last, "stint": e.position, "enlisted_on": _day(e.data["reinstated_on"]),
                            "left_on": None, "left_why": None, "reason": None, "details": None}  # fmt: skip
    f.changed_stints.add(e.position)
    f.open_stint[officer] = e.position


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
    f.changed_certificates.add(e.position)


def _renewed(f: People, e: RecordedEvent) -> None:
    """A renewal continues the current certificate, or starts afresh if it had lapsed."""
    on = _day(e.data["renewed_on"])
    held = f.certificates_of(e.data["officer_id"], on)
    current = max(held, key=lambda c: c["valid_until"], default=None)
    start = on if current is None else current["valid_from"]
    f.certificates[e.position] = _certificate(e, start, on)
    f.changed_certificates.add(e.position)


def _revoked(f: People, e: RecordedEvent) -> None:
    """Revokes every certificate still running on the day (expired ones need no revoking)."""
    on = _day(e.data["revoked_on"])
    for cert in f.certificates_of(e.data["officer_id"], on):
        if cert["revoked_on"] is None:
            cert.update(revoked_on=on, revoke_reason=e.data["reason"])
            f.changed_certificates.add(cert["cert"])


CHANGES = {"CertificateRenewed": "renewed_on", "CertificateRevoked": "revoked_on"}
CERTIFICATE_EVENTS = frozenset({"CertificateIssued", *CHANGES})  # the rest move stints
PEOPLE: dict[str, Callable[[People, RecordedEvent], None]] = {
    "MemberEnlisted": _enlisted,
    "CertificateIssued": _issued,
    "CertificateRenewed": _renewed,
    "CertificateRevoked": _revoked,
    "OfficerRemoved": _removed,
    "OfficerPostedAway": _posted_away,
    "OfficerReinstated": _reinstated,
    "PersonnelActionRecorded": _action,
}

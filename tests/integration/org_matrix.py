"""Who may do what on the organisation: every role × every org command (DESIGN §6, issue §4).

Each command is a function of (store, actor, n) that acts on fresh subjects (n is unique),
after a `prepare` step that puts on record what the allowed case needs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from events import EventStore
from workflow.organisation import service as org_service
from workflow.organisation.catalogue import sample_catalogue_path
from workflow.organisation.county import shipped_county_path
from workflow.organisation.snapshot import load_directory
from workflow.organisation.types import (
    CertificateChange,
    Origin,
    PersonnelAction,
    RemovalReason,
    Role,
)

ACTORS = {
    Role.OFFICER: "tc-004",
    Role.LEADER: "tc-001",
    Role.DEPUTY: "tc-002",
    Role.SUPERVISOR: "sv-001",
    Role.ADMIN: "ad-001",
}
SECONDED = "tc-012"
Command = Callable[[EventStore, str, int], Any]


def enlist(store: EventStore, actor: str, n: int) -> Any:
    return org_service.enlist(
        store, actor, officer_id=f"tc-2{n:02d}", name=f"新队员{n}", township="taicheng",
        origin=Origin.TOWNSHIP_STAFF,
    )  # fmt: skip


def certify(store: EventStore, actor: str, n: int) -> Any:
    return org_service.certify(
        store, actor, officer_id="tc-001", change=CertificateChange.RENEW, number=f"R-{n}",
        valid_until=date(2035, 1, 1) + timedelta(days=n),
    )  # fmt: skip


def remove(store: EventStore, actor: str, n: int) -> Any:
    team = load_directory(store).team("taicheng")
    subject = next(
        p.id
        for p in team
        if p.role is Role.OFFICER and p.id not in ACTORS.values() and p.id != SECONDED
    )
    return org_service.remove_officer(
        store, actor, officer_id=subject, reason=RemovalReason.NOT_RESPONSIBLE, details="推诿"
    )


def opinion(store: EventStore, actor: str, n: int) -> Any:
    return org_service.record_opinion(
        store, actor, officer_id=SECONDED, action=PersonnelAction.AWARD, opinion=f"同意{n}"
    )


def action(store: EventStore, actor: str, n: int) -> Any:
    return org_service.record_personnel_action(
        store, actor, officer_id=SECONDED, action=PersonnelAction.AWARD, details=f"评优{n}"
    )


def catalogue(store: EventStore, actor: str, n: int) -> Any:
    return org_service.load_catalogue(store, actor, sample_catalogue_path(), date(2099, 1, 1))


def init_changed(tmp: Path) -> Command:
    def run(store: EventStore, actor: str, n: int) -> Any:
        extra = f'\n[[people]]\nid = "tc-3{n:02d}"\nname = "新{n}"\ntownship = "taicheng"\norigin = "township_staff"\n'
        path = tmp / f"county-{n}.toml"
        path.write_text(shipped_county_path().read_text(encoding="utf-8") + extra, encoding="utf-8")
        return org_service.init_county(store, path, actor=actor)

    return run


def prepare_action(store: EventStore) -> None:
    opinion(store, ACTORS[Role.LEADER], 0)


ALLOWED: dict[str, set[Role]] = {
    "enlist": {Role.ADMIN, Role.LEADER},
    "certify": {Role.ADMIN},
    "remove": {Role.ADMIN, Role.LEADER},
    "opinion": {Role.LEADER},
    "action": {Role.ADMIN},
    "catalogue": {Role.ADMIN},
    "init": {Role.ADMIN},
}


def commands(tmp: Path) -> dict[str, tuple[Command, Callable[[EventStore], None] | None]]:
    return {
        "enlist": (enlist, None),
        "certify": (certify, None),
        "remove": (remove, None),
        "opinion": (opinion, None),
        "action": (action, prepare_action),
        "catalogue": (catalogue, None),
        "init": (init_changed(tmp), None),
    }

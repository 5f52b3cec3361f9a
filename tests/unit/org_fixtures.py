"""A small Directory built by applying org events in memory (pure: no store)."""

from __future__ import annotations

from typing import Any

from workflow.organisation.directory import Directory
from workflow.organisation.directory_fold import apply
from workflow.organisation.events import (
    CataloguePublished,
    CertificateIssued,
    CountyConfigured,
    CountyStaffAppointed,
    MemberEnlisted,
    TownshipRegistered,
)
from workflow.organisation.types import Domain

DAY = "2026-05-02"


def member(pid: str, township: str, origin: str, domain: str | None = None) -> MemberEnlisted:
    return MemberEnlisted(pid, f"name-{pid}", township, origin, domain, DAY)


def events() -> list[Any]:
    teams = {d.value: f"{d.zh}队" for d in Domain}
    out: list[Any] = [
        CountyConfigured("demo", "示范县", DAY, teams, 100_000),
        TownshipRegistered("aa", "甲镇", "镇", DAY),
        TownshipRegistered("bb", "乙乡", "乡", DAY),
        CountyStaffAppointed("ad-1", "管理员", "admin", DAY),
        CountyStaffAppointed("sv-1", "监督员", "supervisor", DAY),
        member("aa-1", "aa", "leader"),
        member("aa-2", "aa", "deputy"),
        member("aa-3", "aa", "deputy"),
        member("aa-4", "aa", "township_staff"),
        member("aa-5", "aa", "seconded", "market"),
        member("bb-1", "bb", "leader"),
    ]
    out += [CertificateIssued(p, f"N-{p}", "2026-01-01", "2026-12-31") for p in ("aa-4", "aa-5")]
    item = {
        "code": "M1", "category": "c", "name": "n", "kind": "penalty", "domain": "market",
        "legal_basis": "b", "hearing_eligible": True,
    }  # fmt: skip
    out.append(CataloguePublished(1, DAY, [item], "t.csv", "note"))
    return out


def directory() -> Directory:
    d = Directory()
    for event in events():
        apply(d, event)
    return d

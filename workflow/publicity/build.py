"""Gather what the public site shows (publications, teams, catalogue) and write it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from workflow.publicity.service import PublicityService
from workflow.publicity.site import write_site

ROLE_ZH = {
    "leader": "队长",
    "deputy": "副队长",
    "officer": "执法人员",
    "legal_reviewer": "法制审核人员",
}


def teams(directory: Any, today: date) -> list[dict[str, Any]]:
    """Each township's team: names, roles and valid certificate numbers (事前公示)."""
    out = []
    for code, township in sorted(directory.townships.items()):
        members = []
        for person in directory.team(code):
            valid = [c for c in person.certificates if c.valid_on(today)]
            role = str(getattr(person.role, "value", person.role))
            members.append({
                "name": person.name,
                "role": ROLE_ZH.get(role, role),
                "certificate": valid[0].number if valid else "（无有效执法证）",
                "until": valid[0].valid_until.isoformat() if valid else "",
            })  # fmt: skip
        out.append({"code": code, "name": township.name, "members": members})
    return out


def catalogue(directory: Any, today: date) -> dict[str, Any]:
    """The catalogue of enforcement matters in force today."""
    version = directory.catalogue_on(today)
    if version is None:
        return {"version": "—", "effective": "", "note": "", "items": []}
    items = [{"code": m.code, "name": m.name, "kind": m.kind.zh, "legal_basis": m.legal_basis}
             for m in sorted(version.items.values(), key=lambda m: m.code)]  # fmt: skip
    return {"version": version.version, "effective": version.effective.isoformat(),
            "note": version.note, "items": items}  # fmt: skip


def publish_site(service: PublicityService, out: Path, today: date) -> dict[str, int]:
    """Write the static site for the whole county into `out`."""
    directory = service.directory()
    publications = [p for code in sorted(directory.townships) for p in service.publications(code)]
    county = directory.county.name if directory.county is not None else ""
    return write_site(
        out, county, publications, teams(directory, today), catalogue(directory, today)
    )

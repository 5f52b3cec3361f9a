"""Reading the roster model (花名册查询): each team as it stood on a day, and the county pool.

Compliance is judged by the domain's own rule (`org_rules.team_gaps`, 7+9+N with one
leader and two deputies), applied to the members on the team that day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Row, select

from projections.engine import Tables
from projections.roster_people import POSTED_AWAY, REMOVED
from workflow.errors import NotFound
from workflow.organisation.directory import Directory, Person
from workflow.organisation.rules import team_gaps
from workflow.organisation.types import Domain, Origin

EXPIRY_WINDOW = timedelta(days=30)
TOWNSHIP_ORIGINS = (
    Origin.LEADER,
    Origin.DEPUTY,
    Origin.TOWNSHIP_STAFF,
)  # the pool's civil servants


def find_township(conn: Connection, tables: Tables, name_or_code: str) -> str:
    """The code of the township with this code or Chinese name; NotFound otherwise."""
    t = tables["townships"]
    row = conn.execute(
        select(t.c.code).where((t.c.code == name_or_code) | (t.c.name == name_or_code))
    ).first()
    if row is None:
        raise NotFound(f"没有乡镇 {name_or_code}", f"no township {name_or_code!r}")
    return str(row[0])


def officer_names(conn: Connection, tables: Tables) -> dict[str, str]:
    """Every officer id the roster has known, with the name (the latest stint's)."""
    s = tables["stints"]
    rows = conn.execute(select(s.c.officer_id, s.c.name).order_by(s.c.stint))
    return {str(officer): str(name) for officer, name in rows}


def _members(conn: Connection, tables: Tables, on: date) -> list[Row[Any]]:
    s = tables["stints"]
    joined = (s.c.enlisted_on <= on) & (s.c.left_on.is_(None) | (s.c.left_on > on))
    return list(conn.execute(select(s).where(joined).order_by(s.c.officer_id)).all())


def _left(conn: Connection, tables: Tables, on: date) -> list[Row[Any]]:
    s = tables["stints"]
    query = select(s).where(s.c.left_on <= on).order_by(s.c.left_on, s.c.officer_id)
    return list(conn.execute(query).all())


def certificate_ends(conn: Connection, tables: Tables, on: date) -> dict[str, date]:
    """Per officer, the end of the certificate valid on that day (as known that day)."""
    c = tables["certificates"]
    valid = (
        (c.c.known_from <= on) & (c.c.valid_from <= on) & (c.c.valid_until >= on)
        & (c.c.revoked_on.is_(None) | (c.c.revoked_on > on))
    )  # fmt: skip
    ends: dict[str, date] = {}
    for officer, until in conn.execute(select(c.c.officer_id, c.c.valid_until).where(valid)):
        ends[officer] = max(until, ends.get(officer, until))
    return ends


def _person(row: Row[Any], ends: dict[str, date]) -> dict[str, Any]:
    until = ends.get(row.officer_id)
    return {"id": row.officer_id, "name": row.name, "origin": row.origin, "domain": row.domain,
            "enlisted_on": row.enlisted_on.isoformat(),
            "certificate_until": until.isoformat() if until else None}  # fmt: skip


def _gaps(code: str, rows: list[Row[Any]], certified: set[str] | None = None) -> list[str]:
    people = {
        r.officer_id: Person(r.officer_id, r.name, code, Origin(r.origin),
                             Domain(r.domain) if r.domain else None, Origin(r.origin).role)
        for r in rows
    }  # fmt: skip
    return team_gaps(Directory(people=people), code, certified)


def _team(code: str, rows: list[Row[Any]], ends: dict[str, date], on: date) -> dict[str, Any]:
    people = [_person(r, ends) for r in rows]
    by = {o: [p for p in people if p["origin"] == o.value] for o in Origin}
    seconded = {d.value: [p for p in by[Origin.SECONDED] if p["domain"] == d.value] for d in Domain}
    soon = on + EXPIRY_WINDOW
    expiring = [
        {**p, "days_left": (date.fromisoformat(p["certificate_until"]) - on).days}
        for p in people
        if p["certificate_until"] and date.fromisoformat(p["certificate_until"]) <= soon
    ]
    gaps = _gaps(code, rows, set(ends))  # certificates count (《行政处罚法》第四十二条)
    return {
        "leader": by[Origin.LEADER][0] if by[Origin.LEADER] else None,
        "deputies": by[Origin.DEPUTY], "township_staff": by[Origin.TOWNSHIP_STAFF],
        "staff_count": len(by[Origin.TOWNSHIP_STAFF]), "seconded": seconded,
        "missing_domains": [d for d, ps in seconded.items() if not ps],
        "members": len(people), "certified": sum(1 for p in people if p["certificate_until"]),
        "uncertified": [p["id"] for p in people if not p["certificate_until"]],
        "expiring": sorted(expiring, key=lambda p: (p["certificate_until"], p["id"])),
        "compliant": not gaps, "gaps": gaps,
    }  # fmt: skip


def _departure(row: Row[Any]) -> dict[str, Any]:
    return {"id": row.officer_id, "name": row.name, "origin": row.origin, "domain": row.domain,
            "left_on": row.left_on.isoformat(), "why": row.left_why, "reason": row.reason,
            "details": row.details}  # fmt: skip


def roster(
    conn: Connection, tables: Tables, on: date, township: str | None = None
) -> list[dict[str, Any]]:
    """Every township team (or one) as it stood on `on`, with its compliance verdict."""
    t = tables["townships"]
    query = select(t).where(t.c.registered_on <= on).order_by(t.c.code)
    if township is not None:
        query = query.where(t.c.code == find_township(conn, tables, township))
    members, left = _members(conn, tables, on), _left(conn, tables, on)
    ends = certificate_ends(conn, tables, on)
    reports = []
    for town in conn.execute(query).all():
        rows = [r for r in members if r.township == town.code]
        gone = [_departure(r) for r in left if r.township == town.code]
        report = {"kind": "township", "as_of": on.isoformat(), "township": town.code,
                  "name": town.name, "cooperating": town.cooperating, "assisting": town.assisting,
                  "units": len(town.cooperating) + len(town.assisting)}  # fmt: skip
        report.update(_team(town.code, rows, ends, on))
        report["removed"] = [g for g in gone if g["why"] == REMOVED]
        here = {r.officer_id for r in rows}  # restored (恢复执法岗位) by that day: on the team
        here |= {g["id"] for g in gone if g["why"] == REMOVED}  # 清退 after 调离: removed
        away = {g["id"]: g for g in gone if g["why"] == POSTED_AWAY and g["id"] not in here}
        report["posted_away"] = list(away.values())
        report["postings"] = [g for g in gone if g["why"] == POSTED_AWAY]  # every 调离 so far
        report["transferred"] = [g for g in gone if g["why"] not in (REMOVED, POSTED_AWAY)]
        reports.append(report)
    return reports


def _pool(conn: Connection, tables: Tables, on: date) -> dict[str, Any] | None:
    """The recorded pool (蓄水池), moved by certificates township people gained or lost since."""
    p = tables["pool"]
    query = select(p).where(p.c.scope == "county", p.c.as_of <= on).order_by(p.c.as_of.desc())
    row = conn.execute(query).first()
    if row is None:
        return None
    s = tables["stints"]
    civil = select(s.c.officer_id).where(s.c.origin.in_([o.value for o in TOWNSHIP_ORIGINS]))
    township_people = set(conn.execute(civil).scalars())
    then = township_people & set(certificate_ends(conn, tables, row.as_of))
    now = township_people & set(certificate_ends(conn, tables, on))
    return {"civil_servants": row.civil_servants, "certified": row.certified + len(now) - len(then),
            "recorded_certified": row.certified, "as_of": row.as_of.isoformat()}  # fmt: skip


def county_summary(
    conn: Connection, tables: Tables, on: date, teams: list[dict[str, Any]]
) -> dict[str, Any]:
    """County-wide: the pool (x of 383 hold a certificate) and how many teams comply."""
    county = conn.execute(select(tables["county"])).first()
    return {
        "kind": "county", "as_of": on.isoformat(),
        "county": county.code if county else None, "name": county.name if county else None,
        "pool": _pool(conn, tables, on), "teams": len(teams),
        "compliant": sum(1 for t in teams if t["compliant"]),
        "non_compliant": {t["name"]: t["gaps"] for t in teams if not t["compliant"]},
        "members": sum(t["members"] for t in teams),
        "members_certified": sum(t["certified"] for t in teams),
        "expiring": sum(len(t["expiring"]) for t in teams),
        "removed": sum(len(t["removed"]) for t in teams),
        "posted_away": sum(len(t["posted_away"]) for t in teams),
    }  # fmt: skip

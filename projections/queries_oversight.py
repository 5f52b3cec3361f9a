"""Reading the oversight model: inspections and overdue rectifications, inquiries, duty, grades.

A rectification is overdue when it was ordered (or reopened) and not accepted, and its
deadline has passed today without a report (a reported one waits for the inspector).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, select

from projections.engine import Tables

OPEN = ("ordered", "reopened")


def _inspection(r: Row[Any], today: date) -> dict[str, Any]:
    overdue = r.status in OPEN and r.due is not None and today > r.due
    return {
        "inspection_id": r.inspection_id, "township": r.township, "scope": list(r.scope),
        "planned_for": r.planned_for.isoformat(), "held_on": _iso(r.held_on),
        "findings": r.findings, "status": r.status, "due": _iso(r.due),
        "days_over": (today - r.due).days if overdue else 0, "overdue": overdue,
    }  # fmt: skip


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def inspections(
    conn: Connection, tables: Tables, today: date, *, township: str | None = None
) -> list[dict[str, Any]]:
    """Every inspection (of one township), latest first, with its rectification state."""
    t = tables["inspections"]
    query = select(t).order_by(t.c.planned_for.desc(), t.c.inspection_id)
    if township is not None:
        query = query.where(t.c.township == township)
    return [_inspection(r, today) for r in conn.execute(query)]


def overdue_rectifications(
    conn: Connection, tables: Tables, today: date, *, township: str | None = None
) -> list[dict[str, Any]]:
    """Rectifications past their deadline and not reported (整改超期), most overdue first."""
    rows = [r for r in inspections(conn, tables, today, township=township) if r["overdue"]]
    return sorted(rows, key=lambda r: (-r["days_over"], r["inspection_id"]))


def open_rectifications(
    conn: Connection, tables: Tables, today: date, *, township: str | None = None
) -> list[dict[str, Any]]:
    """Rectifications not accepted yet, for the deadline board (overdue first)."""
    rows = [r for r in inspections(conn, tables, today, township=township)
            if r["status"] in (*OPEN, "reported")]  # fmt: skip
    return sorted(rows, key=lambda r: (not r["overdue"], r["due"] or "", r["inspection_id"]))


def findings_naming(conn: Connection, tables: Tables, officers: Collection[str]) -> list[dict[str, Any]]:
    """The findings that name any of these officers, oldest first."""
    f, n = tables["findings"], tables["named"]
    query = (
        select(n.c.officer_id, f)
        .join(f, (f.c.inspection_id == n.c.inspection_id) & (f.c.finding_id == n.c.finding_id))
        .where(n.c.officer_id.in_(sorted(officers)))
        .order_by(f.c.held_on, f.c.inspection_id, f.c.finding_id)
    )
    return [{"officer_id": r.officer_id, "inspection_id": r.inspection_id,
             "finding_id": r.finding_id, "held_on": r.held_on.isoformat(), "scope": r.scope,
             "text": r.text, "cases": list(r.cases)} for r in conn.execute(query)]  # fmt: skip


def inquiries(
    conn: Connection,
    tables: Tables,
    *,
    township: str | None = None,
    officer: str | None = None,
) -> list[dict[str, Any]]:
    """Inquiries (of a township, or into one officer), latest first."""
    t = tables["inquiries"]
    query = select(t).order_by(t.c.opened_on.desc(), t.c.inquiry_id)
    if township is not None:
        query = query.where(t.c.township == township)
    if officer is not None:
        query = query.where(t.c.officer_id == officer)
    return [{"inquiry_id": r.inquiry_id, "township": r.township, "officer_id": r.officer_id,
             "ground": r.ground, "details": r.details, "opened_on": r.opened_on.isoformat(),
             "statement_due": r.statement_due.isoformat(), "stated_on": _iso(r.stated_on),
             "opinion_on": _iso(r.opinion_on), "sanction": r.sanction,
             "decided_on": _iso(r.decided_on), "reasons": r.reasons, "referred_to": r.referred_to}
            for r in conn.execute(query)]  # fmt: skip


def duty_votes(conn: Connection, tables: Tables, officer: str) -> dict[int, list[str]]:
    """The duty-evaluation grades each year gave this officer."""
    v = tables["votes"]
    found: dict[int, list[str]] = {}
    for r in conn.execute(select(v).where(v.c.officer_id == officer).order_by(v.c.year)):
        found.setdefault(r.year, []).append(r.grade)
    return found


def duty_reporters(conn: Connection, tables: Tables, year: int) -> set[str]:
    """Who submitted a duty report (述职) for the year."""
    t = tables["duty"]
    return set(conn.execute(select(t.c.officer_id).where(t.c.year == year)).scalars())


def grades(conn: Connection, tables: Tables, *, subject: str | None = None) -> list[dict[str, Any]]:
    """Assessment grades (of one officer or township), by year."""
    g = tables["grades"]
    query = select(g).order_by(g.c.year, g.c.kind, g.c.subject)
    if subject is not None:
        query = query.where(g.c.subject == subject)
    return [{"year": r.year, "kind": r.kind, "subject": r.subject, "township": r.township,
             "grade": r.grade, "score": r.score} for r in conn.execute(query)]  # fmt: skip


def month_counts(conn: Connection, tables: Tables, month: str, day: date) -> dict[str, Any]:
    """A month's inspections, findings, inquiries opened and decided, by sanction (通报),
    up to `day` (the circular's report day)."""
    first = date.fromisoformat(f"{month}-01")
    after = date.fromordinal(day.toordinal() + 1)
    i, q = tables["inspections"], tables["inquiries"]
    held = [r for r in conn.execute(select(i).where(i.c.held_on >= first, i.c.held_on < after))]
    opened = conn.execute(select(q).where(q.c.opened_on >= first, q.c.opened_on < after)).all()
    decided = conn.execute(select(q).where(q.c.decided_on >= first, q.c.decided_on < after)).all()
    sanctions: dict[str, int] = {}
    for r in decided:
        sanctions[r.sanction] = sanctions.get(r.sanction, 0) + 1
    return {"inspections": len(held), "findings": sum(r.findings for r in held),
            "inquiries_opened": len(opened), "inquiries_decided": len(decided),
            "sanctions": sanctions,
            "held": [{"inspection_id": r.inspection_id, "township": r.township,
                      "findings": r.findings, "status": r.status} for r in held],
            "decided": [{"inquiry_id": r.inquiry_id, "township": r.township,
                         "officer_id": r.officer_id, "ground": r.ground, "sanction": r.sanction,
                         "referred_to": r.referred_to} for r in decided],
            "overdue": [{"inspection_id": r.inspection_id, "township": r.township,
                         "due": r.due.isoformat()} for r in conn.execute(select(i))
                        if r.status in OPEN and r.due is not None and r.due < day]}  # fmt: skip


def overturned(conn: Connection, tables: Tables) -> list[dict[str, Any]]:
    """Decisions revoked, changed or declared unlawful in 复议/诉讼, with the case's officers."""
    t, c = tables["overturned"], tables["case_officers"]
    query = select(t, c.c.officers).join(c, c.c.case_id == t.c.case_id, isouter=True)
    return [{"case_id": r.case_id, "remedy": r.remedy, "outcome": r.outcome,
             "decided_on": r.decided_on.isoformat(), "officers": list(r.officers or [])}
            for r in conn.execute(query.order_by(t.c.decided_on, t.c.position))]  # fmt: skip


def officer_records(conn: Connection, tables: Tables, officers: Collection[str]) -> dict[str, dict[str, Any]]:
    """Per officer (执法责任档案): findings naming them, inquiries and outcomes, decisions of
    their cases overturned in 复议/诉讼, duty votes by year, assessment grades by year."""
    found: dict[str, dict[str, Any]] = {
        o: {"findings": [], "inquiries": [], "overturned": [], "duty_votes": {}, "grades": {}}
        for o in officers
    }
    for row in overturned(conn, tables):
        for officer in row["officers"]:
            if officer in found:
                found[officer]["overturned"].append({k: v for k, v in row.items() if k != "officers"})
    for f in findings_naming(conn, tables, found):
        found[f["officer_id"]]["findings"].append(f)
    for row in inquiries(conn, tables):
        if row["officer_id"] in found:
            found[row["officer_id"]]["inquiries"].append(
                {k: row[k] for k in ("inquiry_id", "ground", "opened_on", "sanction", "decided_on",
                                      "referred_to")})
    v, g = tables["votes"], tables["grades"]
    for r in conn.execute(select(v).where(v.c.officer_id.in_(sorted(found)))):
        votes = found[r.officer_id]["duty_votes"].setdefault(str(r.year), {})
        votes[r.grade] = votes.get(r.grade, 0) + 1
    query = select(g).where(g.c.kind == "officer", g.c.subject.in_(sorted(found)))
    for r in conn.execute(query):
        found[r.subject]["grades"][str(r.year)] = {"grade": r.grade, "score": r.score}
    return found


def has_oversight(o: dict[str, Any]) -> bool:
    """Whether an officer's oversight record (`officer_records`) holds anything."""
    return bool(o["findings"] or o["inquiries"] or o["overturned"] or o["duty_votes"] or o["grades"])


def team_totals(records: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A team's record: its members' findings, inquiries by outcome, grades by year."""
    sanctions: dict[str, int] = {}
    grades: dict[str, dict[str, int]] = {}
    for r in records.values():
        for q in r["inquiries"]:
            key = q["sanction"] or "open"
            sanctions[key] = sanctions.get(key, 0) + 1
        for year, line in r["grades"].items():
            by = grades.setdefault(year, {})
            by[line["grade"]] = by.get(line["grade"], 0) + 1
    return {"members": len(records), "findings": sum(len(r["findings"]) for r in records.values()),
            "overturned": len({o["case_id"] for r in records.values() for o in r["overturned"]}),
            "inquiries": sanctions, "grades": grades}  # fmt: skip

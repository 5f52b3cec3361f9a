"""Reading the accountability model (执法责任档案): one record per officer, as of today.

A case is decided on time when it was decided (or dropped) on or before its decision
deadline, extensions included; it is overdue when it was decided late, or is still
undecided after its deadline today.

The on-time rate (按期率) counts every case that is due or decided: on time divided by
(decided + still open past the deadline). An overdue open case is not on time; a case
still open within its deadline is not counted yet.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, select

from projections.engine import Tables
from workflow.cases.events import Verdict
from workflow.errors import NotFound


def _case_counts(cases: list[Row[Any]], today: date) -> dict[str, Any]:
    decided = [c for c in cases if c.decided_on is not None]
    on_time = [c for c in decided if c.decided_on <= c.due]
    late = [c for c in decided if c.decided_on > c.due]
    open_overdue = [c for c in cases if c.decided_on is None and today > c.due]
    verdicts = {v.value: sum(1 for c in cases if c.verdict == v.value) for v in Verdict}
    return {
        "dispatched": len(cases), "decided": len(decided), "on_time": len(on_time),
        "judged": len(decided) + len(open_overdue),
        "on_time_rate": on_time_rate(len(on_time), len(decided) + len(open_overdue)),
        "late": len(late), "open_overdue": len(open_overdue),
        "overdue": len(late) + len(open_overdue),
        "overdue_cases": sorted(c.number for c in late + open_overdue),
        "extended": sum(1 for c in cases if c.extensions), "verdicts": verdicts,
    }  # fmt: skip


def on_time_rate(on_time: int, judged: int) -> float | None:
    """On time / (decided + open past the deadline), 3 decimals; None when nothing is due."""
    return round(on_time / judged, 3) if judged else None


ON_TIME_RATE_ZH = "按期率 = 按期办结 ÷（已办结 + 超期未办结）"
ON_TIME_RATE_EN = "on-time rate = decided on time / (decided + still open past the deadline)"


def _personnel(conn: Connection, tables: Tables) -> dict[str, list[dict[str, Any]]]:
    p = tables["personnel"]
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in conn.execute(select(p).order_by(p.c.position)):
        found[r.officer_id].append(
            {
                "entry": r.entry,
                "action": r.action,
                "agrees": r.agrees,
                "text": r.text,
                "on": r.recorded_on.isoformat(),
            }  # fmt: skip
        )
    return found


def _postings(conn: Connection, tables: Tables) -> dict[str, list[dict[str, Any]]]:
    """Per officer, every posting away (调离执法岗位) in order, and how it ended."""
    p = tables["postings"]
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in conn.execute(select(p).order_by(p.c.position)):
        found[r.officer_id].append(
            {"on": r.posted_on.isoformat(), "details": r.details,
             "agreed_on": r.agreed_on.isoformat() if r.agreed_on else None,
             "ended_on": r.ended_on.isoformat() if r.ended_on else None,
             "ended_by": r.ended_by, "end_details": r.end_details}
        )  # fmt: skip
    return found


def _assigned(conn: Connection, tables: Tables) -> dict[str, list[Row[Any]]]:
    a, c = tables["assignments"], tables["cases"]
    query = select(a.c.officer_id, c).join(c, c.c.stream_id == a.c.stream_id)
    found: dict[str, list[Row[Any]]] = defaultdict(list)
    for row in conn.execute(query.order_by(c.c.opened_on, c.c.stream_id)):
        found[row.officer_id].append(row)
    return found


def _removal(row: Row[Any] | None) -> dict[str, Any] | None:
    if row is None or row.removed_on is None:
        return None
    return {"on": row.removed_on.isoformat(), "reason": row.removal_reason,
            "details": row.removal_details}  # fmt: skip


def accountability(
    conn: Connection,
    tables: Tables,
    today: date,
    *,
    officer: str | None = None,
    township: str | None = None,
) -> list[dict[str, Any]]:
    """Per officer: cases, on-time and overdue counts, verdicts, removal, postings, personnel."""
    o = tables["officers"]
    people = {r.officer_id: r for r in conn.execute(select(o))}
    assigned, personnel = _assigned(conn, tables), _personnel(conn, tables)
    postings = _postings(conn, tables)
    ids = sorted(set(people) | set(assigned))
    if officer is not None:
        if officer not in ids:
            raise NotFound(f"没有执法人员 {officer}", f"no officer {officer!r}")
        ids = [officer]
    records = []
    for officer_id in ids:
        person = people.get(officer_id)
        if township is not None and (person is None or person.township != township):
            continue
        record = _identity(officer_id, person, today)
        record.update(_case_counts(assigned.get(officer_id, []), today))
        record["removal"] = _removal(person)
        record["personnel"] = personnel.get(officer_id, [])
        record["postings"] = postings.get(officer_id, [])  # 调离执法岗位, as they happened
        records.append(record)
    return records


def _identity(officer_id: str, person: Row[Any] | None, today: date) -> dict[str, Any]:
    fields = ("name", "township", "origin", "domain")
    known = {f: getattr(person, f) if person is not None else None for f in fields}
    return {"officer_id": officer_id, **known, "as_of": today.isoformat()}


def has_record(record: dict[str, Any]) -> bool:
    """Anything to account for: a case dispatched, a removal, a posting, a personnel entry."""
    return bool(record["dispatched"] or record["removal"] or record["personnel"] or record["postings"])

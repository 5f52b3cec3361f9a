"""Reading the cases model (案件台账 / 期限看板): next deadline, working days left, overdue first.

Which deadlines still bind a case and how they read on a day are the case view's own
rules (`workflow.cases.view.active_deadlines`, `deadline_view`), applied to stored rows.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, select

from projections.engine import Tables
from workflow.cases.case import Case, Deadline
from workflow.cases.lifecycle import CaseState
from workflow.cases.view import active_deadlines, deadline_view
from workflow.cases.words import state_zh


def _deadlines(conn: Connection, tables: Tables) -> dict[str, list[Deadline]]:
    d = tables["deadlines"]
    found: dict[str, list[Deadline]] = defaultdict(list)
    for row in conn.execute(select(d).order_by(d.c.stream_id, d.c.due, d.c.name)):
        found[row.stream_id].append(Deadline(row.name, row.due, row.statute, row.estimated))
    return found


def _view(row: Row[Any], deadlines: list[Deadline], today: date) -> dict[str, Any]:
    active = active_deadlines(Case(state=CaseState(row.state), defence_waived=row.defence_waived))
    views = [deadline_view(d, today, d.name in active) for d in deadlines]
    binding = sorted((v for v in views if v["active"]), key=lambda v: (v["due"], v["name"]))
    return {
        "case_id": row.case_id, "number": row.number, "township": row.township,
        "township_name": row.township_name, "kind": row.kind,
        "matter": f"{row.matter_code} {row.matter_name}", "party": row.party, "party_kind": row.party_kind,
        "state": row.state, "state_zh": state_zh(row.state), "opened_on": row.opened_on.isoformat(),
        "officers": list(row.officers), "amount": row.amount, "extensions": row.extensions,
        "outcome": row.outcome, "verdict": row.verdict, "warning": row.warning,
        "next_deadline": binding[0] if binding else None,
        "overdue": any(v["overdue"] for v in binding),
        "deadlines": views,
    }  # fmt: skip


def number_order(case_id: str) -> tuple[Any, ...]:
    """Case ids in human order: taicheng-P-2026-2 before taicheng-P-2026-10."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", case_id))


def board_order(view: dict[str, Any]) -> tuple[Any, ...]:
    """Overdue first, then the nearest next deadline; cases with none last, by number."""
    nxt = view["next_deadline"]
    return (not view["overdue"], nxt is None, nxt["due"] if nxt else "",
            number_order(view["case_id"]))  # fmt: skip


def case_list(
    conn: Connection,
    tables: Tables,
    today: date,
    *,
    township: str | None = None,
    state: str | None = None,
    overdue: bool = False,
    party: str | None = None,
) -> list[dict[str, Any]]:
    """Cases (optionally of one township code / state, a party name containing `party`, or
    only overdue), overdue first."""
    c = tables["cases"]
    query = select(c)
    if township is not None:
        query = query.where((c.c.township == township) | (c.c.township_name == township))
    if state is not None:
        query = query.where(c.c.state == CaseState(state).value)
    if party:
        query = query.where(c.c.party.contains(party.strip(), autoescape=True))
    deadlines = _deadlines(conn, tables)
    views = [_view(r, deadlines.get(r.stream_id, []), today) for r in conn.execute(query)]
    if overdue:
        views = [v for v in views if v["overdue"]]
    return sorted(views, key=board_order)


def deadline_board(
    conn: Connection, tables: Tables, today: date, *, township: str | None = None
) -> list[dict[str, Any]]:
    """Every case with a deadline still binding: overdue first, then by the next due day."""
    views = case_list(conn, tables, today, township=township)
    return [v for v in views if v["next_deadline"] is not None]

"""Reading the circular's ledger (月度通报台账): cases, their acts up to a day, budgets.

The rows come back as plain dicts; `workflow.reports.circular.figures` does the counting.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from projections.engine import Tables
from projections.rows import Row


def ledger_cases(conn: Connection, tables: Tables) -> dict[str, Row]:
    """Every case by stream id, with its enforcement domain (from the catalogue) joined in."""
    c, m = tables["cases"], tables["matters"]
    query = select(c, m.c.domain).join(m, m.c.code == c.c.matter_code, isouter=True)
    found: dict[str, Row] = {}
    for row in conn.execute(query.order_by(c.c.stream_id)).mappings():
        found[row["stream_id"]] = {**row, "officers": list(row["officers"])}
    return found


def ledger_acts(conn: Connection, tables: Tables, until: date) -> list[Row]:
    """Every case act with a business day on or before `until`, in position order."""
    a = tables["acts"]
    query = select(a).where(a.c.day <= until).order_by(a.c.position)
    return [dict(row) for row in conn.execute(query).mappings()]


def budgets(conn: Connection, tables: Tables, year: int) -> dict[str, int]:
    """The budget (yuan) each township team was allocated for the year."""
    b = tables["budgets"]
    rows = conn.execute(select(b.c.township, b.c.yuan).where(b.c.year == year))
    return {str(t): int(y) for t, y in rows}


def county_floor(conn: Connection, tables: Tables) -> dict[str, Any] | None:
    """The county's name and its yearly funding floor per team (at least 100,000 yuan)."""
    row = conn.execute(select(tables["floor"])).mappings().first()
    return dict(row) if row is not None else None

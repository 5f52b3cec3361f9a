"""Small SQL helpers shared by read models: a portable upsert (one row or many)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table

from projections.bulk import upsert_rows


def upsert(
    conn: Connection,
    table: Table,
    values: dict[str, Any],
    keys: list[str],
    *,
    add: dict[str, int] | None = None,
    replace: list[str] | None = None,
) -> None:
    """Insert a row, or on a key conflict add to counters and replace the named columns."""
    if add:  # the counters add the given amounts, whatever the row carries
        values = {**values, **add}
    upsert_rows(conn, table, [values], keys, add=list(add or {}), replace=replace or [])


def upsert_many(
    conn: Connection,
    table: Table,
    rows: list[dict[str, Any]],
    keys: list[str],
    *,
    add: list[str] | None = None,
    replace: list[str] | None = None,
) -> None:
    """Upsert many rows in bulk (SQLite: many rows a statement; PostgreSQL: one
    executemany): on conflict `add` columns sum, `replace` columns take the new value."""
    upsert_rows(conn, table, rows, keys, add=add or [], replace=replace or [])

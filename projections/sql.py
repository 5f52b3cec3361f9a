"""Small SQL helpers shared by read models: a portable upsert."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


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
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    statement = insert(table).values(**values)
    updates: dict[str, Any] = {c: table.c[c] + n for c, n in (add or {}).items()}
    updates.update({c: statement.excluded[c] for c in replace or []})
    if updates:
        statement = statement.on_conflict_do_update(index_elements=keys, set_=updates)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=keys)
    conn.execute(statement)


def upsert_many(
    conn: Connection,
    table: Table,
    rows: list[dict[str, Any]],
    keys: list[str],
    *,
    add: list[str] | None = None,
    replace: list[str] | None = None,
) -> None:
    """Upsert many rows in one executemany: on conflict `add` columns sum, `replace` columns
    take the new value."""
    if not rows:
        return
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    statement = insert(table)
    updates: dict[str, Any] = {c: table.c[c] + statement.excluded[c] for c in add or []}
    updates.update({c: statement.excluded[c] for c in replace or []})
    conn.execute(statement.on_conflict_do_update(index_elements=keys, set_=updates), rows)

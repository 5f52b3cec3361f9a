"""Batch folding for read models: load the rows a batch touches, fold in memory, write back.

A projection that folds a whole batch reads the affected rows once (`load_rows`), applies
every event to plain dicts, then replaces those rows in one delete and one bulk insert
(`replace_rows`, through `projections.bulk`), all in the engine's transaction with the
checkpoint: each row is written once per batch, however many events changed it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Connection, Integer, Table

from events.hashing import format_time
from projections.bulk import (
    KEYS_PER_STATEMENT,
    delete_keys,
    insert_rows,
    select_keys,
    select_where,
)

Row = dict[str, Any]


def load_rows(
    conn: Connection,
    table: Table,
    column: str,
    keys: Collection[Any],
    where: ColumnElement[bool] | None = None,
) -> list[Row]:
    """Every row whose `column` is one of `keys` (and that meets `where`), as dicts."""
    if not keys:
        return []
    if where is None:
        return select_keys(conn, table, column, keys)
    if conn.dialect.name == "sqlite":  # (an expanding IN re-renders its keys each time)
        found = select_where(conn, table, column, keys, where)
        if found is not None:
            return found
    found = []
    ordered = sorted(keys)
    for start in range(0, len(ordered), KEYS_PER_STATEMENT):
        chunk = ordered[start : start + KEYS_PER_STATEMENT]
        query = table.select().where(table.c[column].in_(chunk)).where(where)
        found += [dict(r._mapping) for r in conn.execute(query)]
    return found


def replace_rows(
    conn: Connection, table: Table, column: str, keys: Collection[Any], rows: list[Row]
) -> None:
    """Delete the rows whose `column` is one of `keys`, then insert `rows` in one go."""
    if keys:
        delete_keys(conn, table, column, keys)
    insert_rows(conn, table, rows)


# A position as a table's own primary key: BIGINT, and on SQLite INTEGER, so the column is
# the table's rowid (a BIGINT primary key there is a second B-tree every insert maintains).
POSITION = BigInteger().with_variant(Integer(), "sqlite")

# A UTC moment without its zone by arithmetic: `moment - EPOCH + NAIVE_EPOCH` is the value of
# `moment.astimezone(UTC).replace(tzinfo=None)`, at a tenth of the cost (C operators, no
# keyword parsing): a read model converts one or two per event.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NAIVE_EPOCH = datetime(1970, 1, 1)


def utc_text(moment: datetime) -> str:
    """`events.hashing.format_time`'s text ("2026-03-01T08:00:00.000000Z") by isoformat,
    three times cheaper than its strftime (years before 1000 and naive times go to it)."""
    if moment.tzinfo is not None:
        naive = moment - EPOCH + NAIVE_EPOCH
        if naive.year >= 1000:
            return naive.isoformat("T", "microseconds") + "Z"
    return format_time(moment)

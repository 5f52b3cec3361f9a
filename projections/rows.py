"""Batch folding for read models: load the rows a batch touches, fold in memory, write back.

A projection that folds a whole batch reads the affected rows once (`load_rows`), applies
every event to plain dicts, then replaces those rows in one delete and one executemany
insert (`replace_rows`), all in the engine's transaction with the checkpoint.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table

CHUNK = 500  # keys per IN (...) list, well under every backend's parameter limit

Row = dict[str, Any]


def _chunks(keys: Collection[Any]) -> Iterator[list[Any]]:
    ordered = sorted(keys)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def load_rows(
    conn: Connection,
    table: Table,
    column: str,
    keys: Collection[Any],
    where: ColumnElement[bool] | None = None,
) -> list[Row]:
    """Every row whose `column` is one of `keys` (and that meets `where`), as dicts."""
    found: list[Row] = []
    for chunk in _chunks(keys):
        query = table.select().where(table.c[column].in_(chunk))
        if where is not None:
            query = query.where(where)
        found += [dict(r._mapping) for r in conn.execute(query)]
    return found


def replace_rows(
    conn: Connection, table: Table, column: str, keys: Collection[Any], rows: list[Row]
) -> None:
    """Delete the rows whose `column` is one of `keys`, then insert `rows` in one go."""
    for chunk in _chunks(keys):
        conn.execute(table.delete().where(table.c[column].in_(chunk)))
    if rows:
        conn.execute(table.insert(), rows)

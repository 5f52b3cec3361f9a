"""Bulk row writes for read models: plain SQL prepared once per table, each row bound once.

SQLAlchemy's compiled `insert()` costs about 10 us per row in parameter processing
(`construct_params`) on top of the driver: more than the driver's own insert. Here each
table gets, once, its INSERT / SELECT / DELETE text and the bind and result processors
SQLAlchemy itself would use for its column types (dates as ISO text and JSON as text on
SQLite, psycopg's JSON adapter on PostgreSQL), so the rows written are byte for byte
what `conn.execute(table.insert(), rows)` writes. Statements run through
`exec_driver_sql` on the caller's connection (PostgreSQL: plain inserts by COPY on the
same driver connection): same transaction, same savepoints, and SQLAlchemy's exception
classes (the quarantine tells data errors by them).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain
from json.encoder import JSONEncoder, c_encode_basestring, c_make_encoder  # type: ignore[attr-defined]
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Connection, Table, any_, bindparam, exc
from sqlalchemy.dialects.postgresql import ARRAY

from events.connect import _readable_json

Row = dict[str, Any]
Processor = Callable[[Any], Any]
KEYS_PER_STATEMENT = 500  # keys per IN (...) list, well under every backend's limit
ROWS_PER_INSERT = 200  # SQLite: rows per multi-row INSERT
SQLITE_VARIABLES = 30_000  # SQLite's bound-parameter limit is 32,766 (3.32+)
PG_KEYS = 20_000  # keys per `= ANY(array)` parameter on PostgreSQL
ISO_DATE = "%(year)04d-%(month)02d-%(day)02d"  # SQLite DATE's default storage format
ISO_DATETIME = ISO_DATE + " %(hour)02d:%(minute)02d:%(second)02d.%(microsecond)06d"  # DATETIME's


@dataclass(frozen=True)
class Plan:
    """What one table needs to be written and read in bulk on one dialect."""

    names: tuple[str, ...]
    quoted: str  # the table's quoted name
    columns: str  # its quoted column list
    mark: str  # the driver's placeholder
    get: Callable[[Row], tuple[Any, ...]]
    bind: tuple[tuple[int, Processor, bool], ...]  # column, processor, called on None too
    copy: bool  # PostgreSQL: plain inserts by COPY; SQLite: one executemany

    def params(self, rows: list[Row]) -> list[tuple[Any, ...]]:
        """Every row as a tuple of bound values, in column order (processed a column at a
        time: one C-level pass per processed column instead of a Python loop per row)."""
        try:
            values = list(map(self.get, rows))
        except KeyError:  # a column a row leaves out is NULL, as in an insert()
            names = self.names
            values = [tuple(row.get(n) for n in names) for row in rows]
        if not self.bind or not values:
            return values
        columns = list(zip(*values, strict=True))
        for i, process, on_none in self.bind:  # SQLAlchemy's processors take None too;
            if on_none:  # the fast ones below are only called on values
                columns[i] = tuple(map(process, columns[i]))
            else:
                columns[i] = tuple([None if v is None else process(v) for v in columns[i]])
        return list(zip(*columns, strict=True))


def plan(conn: Connection, table: Table) -> Plan:
    """The table's plan on this connection's dialect, made once and kept in `table.info`."""
    dialect = conn.dialect
    key = f"bulk:{dialect.name}"
    found = table.info.get(key)
    if found is None:
        quote = dialect.identifier_preparer.quote
        names = tuple(c.name for c in table.columns)
        binds = [_bind_processor(c.type, dialect) for c in table.columns]
        found = Plan(
            names=names,
            quoted=quote(table.name),
            columns=", ".join(quote(n) for n in names),
            mark="?" if dialect.paramstyle == "qmark" else "%s",
            get=_getter(names),
            bind=tuple((i, *b) for i, b in enumerate(binds) if b is not None),
            copy=dialect.name == "postgresql",
        )
        table.info[key] = found
    return found


def _bind_processor(kind: Any, dialect: Any) -> tuple[Processor, bool] | None:
    """SQLAlchemy's bind processor for the type; for SQLite's default DATE and DATETIME
    formats the same text from `isoformat` (C, several times faster; anything else goes
    to SQLAlchemy's own processor, which also raises on a non-date)."""
    process = kind._cached_bind_processor(dialect)  # noqa: SLF001
    impl = kind.dialect_impl(dialect)
    storage = getattr(impl, "_storage_format", None) if dialect.name == "sqlite" else None
    if storage == ISO_DATE:
        return date.isoformat, False  # (ours are only called on values: None stays None)
    if storage == ISO_DATETIME and process is not None:
        return _sqlite_datetime(process), False
    if (
        isinstance(kind, JSON)
        and dialect.name == "sqlite"
        and getattr(dialect, "_json_serializer", None) is _readable_json
        and process is not None
    ):
        return _sqlite_json(process), True
    return None if process is None else (process, True)


# `json.dumps(value, ensure_ascii=False)` without building an encoder per call (~1/3 of
# its cost on a paper event's data): the same C encoder, made once; no circular check
# (rows hold decoded JSON and plain values, never a cycle)
_encode = c_make_encoder(
    None, JSONEncoder(ensure_ascii=False).default, c_encode_basestring, None, ": ", ", ",
    False, False, True,
) if c_make_encoder is not None else None  # fmt: skip


def _sqlite_json(slow: Processor) -> Processor:
    """The text SQLAlchemy's JSON processor makes with the store's serializer
    (`events.connect._readable_json`) for a dict or a list; anything else (None, a JSON
    null, a scalar) goes to SQLAlchemy's processor."""
    encode = _encode
    if encode is None:
        return slow

    def process(value: Any) -> Any:
        kind = type(value)
        if kind is dict or kind is list:
            return "".join(encode(value, 0))
        return slow(value)

    return process


def _sqlite_datetime(slow: Processor) -> Processor:
    """SQLite's default DATETIME text ("2026-03-01 08:00:00.000000"): a naive datetime's
    `isoformat(" ", "microseconds")` is that text; SQLAlchemy's format ignores a zone,
    so an aware value (and a plain date) goes to SQLAlchemy's processor."""

    def process(value: Any) -> Any:
        if type(value) is datetime and value.tzinfo is None:
            return value.isoformat(" ", "microseconds")
        return slow(value)

    return process


def _getter(names: tuple[str, ...]) -> Callable[[Row], tuple[Any, ...]]:
    get = itemgetter(*names)
    if len(names) == 1:
        return lambda row: (get(row),)
    return get


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_rows(conn: Connection, table: Table, rows: list[Row], suffix: str = "") -> None:
    """Insert every row: multi-row INSERTs (SQLite; an upsert: one executemany) or COPY
    (PostgreSQL)."""
    if not rows:
        return
    p = plan(conn, table)
    params = p.params(rows)
    if p.copy and not suffix:
        _copy(conn, p, params)
        return
    one = "(" + ", ".join([p.mark] * len(p.names)) + ")"
    head = f"INSERT INTO {p.quoted} ({p.columns}) VALUES "
    if suffix or len(params) < 2:
        conn.exec_driver_sql(f"{head}{one}{suffix}", params)
        return
    # SQLite: many rows per statement (VALUES (...), (...)): a quarter less CPU per row
    # than an executemany of one-row statements (no reset and re-entry per row)
    size = max(1, min(ROWS_PER_INSERT, SQLITE_VARIABLES // len(p.names)))
    full = head + ", ".join([one] * size)
    flat = chain.from_iterable
    for start in range(0, len(params), size):
        chunk = params[start : start + size]
        sql = full if len(chunk) == size else head + ", ".join([one] * len(chunk))
        conn.exec_driver_sql(sql, tuple(flat(chunk)))


def _copy(conn: Connection, p: Plan, params: list[tuple[Any, ...]]) -> None:
    """PostgreSQL: the rows through COPY on the connection's own transaction (savepoint
    included); a driver error is raised as SQLAlchemy's, as `exec_driver_sql` would."""
    import psycopg

    sql = f"COPY {p.quoted} ({p.columns}) FROM STDIN"
    driver = conn.connection.driver_connection
    assert driver is not None
    try:
        with driver.cursor() as cursor, cursor.copy(sql) as copy:
            for values in params:
                copy.write_row(values)
    except psycopg.Error as err:
        raise exc.DBAPIError.instance(sql, None, err, psycopg.Error) from err


def upsert_rows(
    conn: Connection,
    table: Table,
    rows: list[Row],
    keys: list[str],
    *,
    add: Collection[str] = (),
    replace: Collection[str] = (),
) -> None:
    """Insert rows; on a key conflict `add` columns sum and `replace` columns take the new value."""
    if not rows:
        return
    quote = conn.dialect.identifier_preparer.quote
    t = quote(table.name)
    sets = [f"{quote(c)} = {t}.{quote(c)} + excluded.{quote(c)}" for c in add]
    sets += [f"{quote(c)} = excluded.{quote(c)}" for c in replace]
    target = ", ".join(quote(k) for k in keys)
    action = f"DO UPDATE SET {', '.join(sets)}" if sets else "DO NOTHING"
    insert_rows(conn, table, rows, f" ON CONFLICT ({target}) {action}")


def _in_list(p: Plan, column: str, keys: Collection[Any]) -> Iterator[tuple[str, tuple[Any, ...]]]:
    index = p.names.index(column)
    quoted = p.columns.split(", ")[index]
    process = {i: f for i, f, _ in p.bind}.get(index)
    ordered = sorted(keys) if process is None else [process(k) for k in sorted(keys)]
    if p.copy:  # PostgreSQL: the keys as one array parameter
        for chunk in _chunks(ordered, PG_KEYS):
            yield f"{quoted} = ANY({p.mark})", (chunk,)
        return
    for chunk in _chunks(ordered, KEYS_PER_STATEMENT):
        yield f"{quoted} IN ({', '.join([p.mark] * len(chunk))})", tuple(chunk)


def select_keys(conn: Connection, table: Table, column: str, keys: Collection[Any]) -> list[Row]:
    """Every row whose `column` is one of `keys`, as dicts of Python values (SQLAlchemy's
    own result types: one statement object per table and column, compiled once)."""
    pg = conn.dialect.name == "postgresql"
    key = f"bulk:select:{column}:{pg}"
    query = table.info.get(key)
    if query is None:
        c = table.c[column]
        where = (
            c == any_(bindparam("keys", type_=ARRAY(c.type)))
            if pg
            else c.in_(bindparam("keys", expanding=True))
        )
        query = table.info[key] = table.select().where(where)
    names = [c.name for c in table.columns]
    found: list[Row] = []
    ordered = sorted(keys)
    for chunk in _chunks(ordered, PG_KEYS if pg else KEYS_PER_STATEMENT):
        found += [dict(zip(names, r, strict=True)) for r in conn.execute(query, {"keys": chunk})]
    return found


def delete_keys(conn: Connection, table: Table, column: str, keys: Collection[Any]) -> None:
    """Delete every row whose `column` is one of `keys`."""
    p = plan(conn, table)
    for where, params in _in_list(p, column, keys):
        conn.exec_driver_sql(f"DELETE FROM {p.quoted} WHERE {where}", params)

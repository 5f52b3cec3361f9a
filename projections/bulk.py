"""Bulk row writes for read models: plain SQL prepared once per table, each row bound once.

SQLAlchemy's compiled `insert()` costs about 10 us per row in parameter processing
(`construct_params`) on top of the driver: more than the driver's own insert. Here each
table gets, once, its INSERT / SELECT / DELETE text and the bind and result processors
SQLAlchemy itself would use for its column types (dates as ISO text and JSON as text on
SQLite, psycopg's JSON adapter on PostgreSQL), so the rows written are byte for byte
what `conn.execute(table.insert(), rows)` writes. Statements run through
`exec_driver_sql` on the caller's connection (PostgreSQL: plain inserts by COPY on the
same driver connection): same transaction, same savepoints, and SQLAlchemy's exception
classes (the quarantine tells data errors by them). The per-row work is one generated
function a table (`_row_function`, `_reader`): a row's values through their processors
in one call, no dict or pass a column in between.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain
from json.encoder import JSONEncoder, c_encode_basestring, c_make_encoder  # type: ignore[attr-defined]
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Enum, String, Table, bindparam, exc, func, select
from sqlalchemy.dialects.postgresql import ARRAY

from events.connect import _readable_json

Row = dict[str, Any]
Processor = Callable[[Any], Any]
KEYS_PER_STATEMENT = 500  # keys per IN (...) list, well under every backend's limit
ROWS_PER_INSERT = 200  # SQLite: rows per multi-row INSERT
SQLITE_VARIABLES = 30_000  # SQLite's bound-parameter limit is 32,766 (3.32+)
PG_KEYS = 20_000  # keys per array parameter on PostgreSQL (`_pg_keyed`)
ISO_DATE = "%(year)04d-%(month)02d-%(day)02d"  # SQLite DATE's default storage format
ISO_DATETIME = ISO_DATE + " %(hour)02d:%(minute)02d:%(second)02d.%(microsecond)06d"  # DATETIME's


@dataclass(frozen=True)
class Plan:
    """What one table needs to be written and read in bulk on one dialect."""

    names: tuple[str, ...]
    quoted: str  # the table's quoted name
    columns: str  # its quoted column list
    mark: str  # the driver's placeholder
    bind: tuple[tuple[int, Processor, bool], ...]  # column, processor, called on None too
    copy: bool  # PostgreSQL: plain inserts by COPY; SQLite: multi-row INSERTs
    by_name: Callable[[Row], tuple[Any, ...]]  # a dict row -> its bound values
    by_index: Callable[[tuple[Any, ...]], tuple[Any, ...]] | None  # a tuple row -> the same

    def params(self, rows: list[Row]) -> list[tuple[Any, ...]]:
        """Every row as a tuple of bound values, in column order."""
        try:
            return list(map(self.by_name, rows))
        except KeyError:  # a column a row leaves out is NULL, as in an insert()
            names = self.names
            return self.bound([tuple(row.get(n) for n in names) for row in rows])

    def bound(self, values: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Rows of Python values in column order, through the columns' bind processors."""
        if self.by_index is None:
            return values
        return list(map(self.by_index, values))


def plan(conn: Connection, table: Table) -> Plan:
    """The table's plan on this connection's dialect, made once and kept in `table.info`."""
    dialect = conn.dialect
    key = f"bulk:{dialect.name}"
    found = table.info.get(key)
    if found is None:
        quote = dialect.identifier_preparer.quote
        names = tuple(c.name for c in table.columns)
        binds = [_bind_processor(c.type, dialect) for c in table.columns]
        bind = tuple((i, *b) for i, b in enumerate(binds) if b is not None)
        bools = {i for i, c in enumerate(table.columns) if isinstance(c.type, Boolean)}
        by_index = _row_function([str(i) for i in range(len(names))], bind, bools)
        found = Plan(
            names=names,
            quoted=quote(table.name),
            columns=", ".join(quote(n) for n in names),
            mark="?" if dialect.paramstyle == "qmark" else "%s",
            bind=bind,
            copy=dialect.name == "postgresql",
            by_name=_row_function([repr(n) for n in names], bind, bools),
            by_index=by_index if bind else None,  # no processor: the tuples as they are
        )
        table.info[key] = found
    return found


def _row_function(
    subscripts: list[str], bind: tuple[tuple[int, Processor, bool], ...], bools: set[int]
) -> Callable[[Any], tuple[Any, ...]]:
    """One function a table, made once (as `collections.namedtuple` made its methods):
    `lambda r: (r["a"], None if (v1 := r["b"]) is None else p1(v1), ...)`, a row's
    values in column order through their processors in one call a row: no dict, no
    per-column pass, no transposition (a third less CPU than a pass a column on the
    models' rows). A Boolean column's True and False are inlined as the constants its
    processor gives for them (1 and 0 on SQLite); anything else still goes to SQLAlchemy's
    processor (None back, or its error). The subscripts are column names as Python
    literals (`repr`) or indexes, never other text."""
    scope: dict[str, Any] = {}
    parts = [f"r[{s}]" for s in subscripts]
    for i, process, on_none in bind:
        scope[f"p{i}"], value = process, f"(v{i} := r[{subscripts[i]}])"
        if i in bools:
            scope[f"t{i}"], scope[f"f{i}"] = process(True), process(False)
            parts[i] = f"(t{i} if {value} is True else f{i} if v{i} is False else p{i}(v{i}))"
        elif on_none:  # SQLAlchemy's processors take None too; ours only values
            parts[i] = f"p{i}(r[{subscripts[i]}])"
        else:
            parts[i] = f"(None if {value} is None else p{i}(v{i}))"
    return eval(f"lambda r: ({', '.join(parts)},)", scope)


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


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_rows(conn: Connection, table: Table, rows: list[Row], suffix: str = "") -> None:
    """Insert every row: multi-row INSERTs (SQLite) or COPY (PostgreSQL; an upsert: one
    executemany)."""
    if not rows:
        return
    p = plan(conn, table)
    _insert(conn, p, p.params(rows), suffix)


def insert_values(conn: Connection, table: Table, values: list[tuple[Any, ...]]) -> None:
    """`insert_rows` of rows given as tuples in the table's column order (every column):
    a model that builds its rows column by column skips a dict per row (issue 16)."""
    if not values:
        return
    p = plan(conn, table)
    _insert(conn, p, p.bound(values), "")


def insert_bound(conn: Connection, table: Table, params: list[tuple[Any, ...]]) -> None:
    """`insert_rows` of rows a model already made the driver's bound values, in the
    table's column order (no processor pass at all)."""
    if params:
        _insert(conn, plan(conn, table), params, "")


def _insert(conn: Connection, p: Plan, params: list[tuple[Any, ...]], suffix: str) -> None:
    if p.copy and not suffix:
        _copy(conn, p, params)
        return
    one = "(" + ", ".join([p.mark] * len(p.names)) + ")"
    head = f"INSERT INTO {p.quoted} ({p.columns}) VALUES "
    if p.copy or len(params) < 2:  # PostgreSQL's upserts: one executemany
        conn.exec_driver_sql(f"{head}{one}{suffix}", params)
        return
    # SQLite: many rows per statement (VALUES (...), (...)): a quarter less CPU per row
    # than an executemany of one-row statements (no reset and re-entry per row); the full
    # statements in one executemany (one trip through SQLAlchemy), then the rest. An
    # upsert's rows too: SQLite applies a statement's rows in order, so a key twice in
    # one statement conflicts with its own first row, as in one-row statements.
    size = max(1, min(ROWS_PER_INSERT, SQLITE_VARIABLES // len(p.names)))
    whole = len(params) - len(params) % size
    flat = chain.from_iterable
    if whole:
        chunks = [tuple(flat(params[i : i + size])) for i in range(0, whole, size)]
        conn.exec_driver_sql(head + ", ".join([one] * size) + suffix, chunks)
    if whole < len(params):
        rest = params[whole:]
        conn.exec_driver_sql(head + ", ".join([one] * len(rest)) + suffix, tuple(flat(rest)))


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
    for chunk in _chunks(ordered, KEYS_PER_STATEMENT):
        yield f"{quoted} IN ({', '.join([p.mark] * len(chunk))})", tuple(chunk)


def select_keys(conn: Connection, table: Table, column: str, keys: Collection[Any]) -> list[Row]:
    """Every row whose `column` is one of `keys`, as dicts of Python values (SQLAlchemy's
    own result types). SQLite: plain SQL and the columns' result processors, one function
    a table turning a row into its dict (an expanding IN re-rendered 500 placeholders a
    statement: most of the read's CPU); PostgreSQL: one statement object per table and
    column, compiled once (the keys are one array parameter)."""
    pg = conn.dialect.name == "postgresql"
    if not pg:
        p, read = plan(conn, table), _reader(conn, table)
        found: list[Row] = []
        for where, params in _in_list(p, column, keys):
            sql = f"SELECT {p.columns} FROM {p.quoted} WHERE {where}"
            found += map(read, conn.exec_driver_sql(sql, params))
        return found
    query = _pg_keyed(table, column, "select", table.select)
    names = [c.name for c in table.columns]
    found = []
    for chunk in _chunks(sorted(keys), PG_KEYS):
        found += [dict(zip(names, r, strict=True)) for r in conn.execute(query, {"keys": chunk})]
    return found


def _pg_keyed(table: Table, column: str, verb: str, statement: Callable[[], Any]) -> Any:
    """PostgreSQL: `statement()` (a select or delete of `table`) WHERE `column` is in the
    array parameter "keys", made once a table, column and verb. IN (SELECT unnest(array)),
    not = ANY(array): psycopg prepares a statement run often, and in a generic plan
    `= ANY($1)` searches the array row by row (no hashing of a parameter): 40k stints x
    1,300 officers a batch at 1M events, 1-2 s a select; the subquery is a hashed semi-join
    whatever the plan. The array is typed as the column (an untyped unnest is ambiguous),
    a string column's without its length: a cast to VARCHAR(n) cuts a longer key to n
    characters, and it matched the row named by its first n."""
    key = f"bulk:{verb}:{column}"
    query = table.info.get(key)
    if query is None:
        c = table.c[column]
        long = isinstance(c.type, String) and not isinstance(c.type, Enum) and c.type.length
        kind = String() if long else c.type
        keys = select(func.unnest(bindparam("keys", type_=ARRAY(kind))))
        query = table.info[key] = statement().where(c.in_(keys))
    return query


def select_where(
    conn: Connection, table: Table, column: str, keys: Collection[Any], where: Any
) -> list[Row] | None:
    """SQLite: `select_keys` of the rows that also meet `where` (a SQL condition on the
    table, compiled once a call, its values bound as SQLAlchemy binds them); None if the
    condition needs more than plain positional parameters (then the caller's select)."""
    compiled = where.compile(dialect=conn.dialect)
    names = getattr(compiled, "positiontup", None)
    if names is None or compiled.post_compile_params or compiled.literal_execute_params:
        return None
    values = compiled.construct_params()
    processors = compiled._bind_processors  # noqa: SLF001
    bound = tuple(processors[n](values[n]) if n in processors else values[n] for n in names)
    p, read = plan(conn, table), _reader(conn, table)
    found: list[Row] = []
    for keyed, params in _in_list(p, column, keys):
        sql = f"SELECT {p.columns} FROM {p.quoted} WHERE {keyed} AND ({compiled})"
        found += map(read, conn.exec_driver_sql(sql, params + bound))
    return found


def _reader(conn: Connection, table: Table) -> Callable[[Any], Row]:
    """`lambda r: {"a": r[0], "b": p1(r[1]), ...}`: a row read by plain SQL (every column,
    in order) as the dict SQLAlchemy's select gives, through each column's result processor
    (made once a table and dialect; see `_row_function`)."""
    dialect = conn.dialect
    key = f"bulk:read:{dialect.name}"
    found = table.info.get(key)
    if found is None:
        scope: dict[str, Any] = {}
        parts = []
        for i, c in enumerate(table.columns):
            process = c.type._cached_result_processor(dialect, None)  # noqa: SLF001
            if process is None:
                parts.append(f"{c.name!r}: r[{i}]")
            else:
                scope[f"p{i}"] = process
                parts.append(f"{c.name!r}: p{i}(r[{i}])")
        found = table.info[key] = eval(f"lambda r: {{{', '.join(parts)}}}", scope)
    return found


def delete_keys(conn: Connection, table: Table, column: str, keys: Collection[Any]) -> None:
    """Delete every row whose `column` is one of `keys`."""
    if conn.dialect.name == "postgresql":
        query = _pg_keyed(table, column, "delete", table.delete)
        for chunk in _chunks(sorted(keys), PG_KEYS):
            conn.execute(query, {"keys": chunk})
        return
    p = plan(conn, table)
    for where, params in _in_list(p, column, keys):
        conn.exec_driver_sql(f"DELETE FROM {p.quoted} WHERE {where}", params)

"""SQLite backend (嵌入式默认): a file, WAL, synchronous=FULL, one writer at a time.

Why `read_all` is gap-safe here: every append runs in `BEGIN IMMEDIATE`, which takes
the database's single write lock before reading the stream head, and positions are
rowids assigned inside that locked transaction. Transactions therefore commit in the
order they took their positions, and a reader's snapshot (WAL) holds either all of a
transaction's events or none: no event can commit later with a lower position than
one a reader has already seen.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event

from events.errors import StoreUnavailable
from events.model import StoreStatus
from events.prepare import Row
from events.store import COLUMNS, EventStore
from events.upcasting import Upcasters

DDL = [
    """CREATE TABLE IF NOT EXISTS events (
        position INTEGER PRIMARY KEY,
        stream_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        event_type TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        signature TEXT NOT NULL DEFAULT '',
        UNIQUE (stream_id, version)
    )""",
    """CREATE TABLE IF NOT EXISTS event_commands (
        command_id TEXT PRIMARY KEY,
        stream_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        positions TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    )""",
]
# SQLite has no TRUNCATE: `DELETE FROM t` without WHERE is its truncate, and a DELETE
# trigger disables that shortcut, so the delete trigger refuses it too.
for _table in ("events", "event_commands"):
    for _op in ("UPDATE", "DELETE"):
        DDL.append(
            f"CREATE TRIGGER IF NOT EXISTS {_table}_no_{_op.lower()} BEFORE {_op} ON {_table} "
            f"BEGIN SELECT RAISE(ABORT, '{_table} is append-only: {_op} refused'); END"
        )

# The oldest SQLite this store runs on: `RETURNING` (3.35, 2021) in the append; upserts
# (3.24) and 32,766 bound parameters a statement (3.32) in the read models. Python links
# the system's libsqlite3: an older one failed at the first append with "near RETURNING:
# syntax error"; now opening the store says what is missing.
MIN_SQLITE = (3, 35, 0)

INSERT = (
    "INSERT INTO events (stream_id, version, event_type, schema_version, data, metadata,"
    " recorded_at, prev_hash, hash, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " RETURNING position"
)


class SQLiteEventStore(EventStore):
    """The event store in one SQLite file (WAL, synchronous=FULL)."""

    backend = "sqlite"
    placeholder = "?"
    integrity_errors = (sqlite3.IntegrityError,)

    @classmethod
    def from_url(cls, url: URL, upcasters: Upcasters | None, **options: Any) -> SQLiteEventStore:
        if not url.database or url.database == ":memory:":
            raise ValueError("the SQLite store needs a file: sqlite:///path/to/casework.db")
        if sqlite3.sqlite_version_info < MIN_SQLITE:
            need = ".".join(map(str, MIN_SQLITE[:2]))
            raise StoreUnavailable(
                f"（SQLite {sqlite3.sqlite_version} 版本过旧，需要 {need} 或更新；或改用 PostgreSQL）"
                f" / SQLite {sqlite3.sqlite_version} is too old: {need} or newer is needed"
                " (the libsqlite3 Python links), or use PostgreSQL"
            )
        options.setdefault("connect_args", {"timeout": 60, "check_same_thread": False})
        engine = create_engine(url, **options)
        _configure(engine)
        return cls(engine, upcasters)

    def create_schema(self) -> None:
        with self._write() as conn:
            for statement in DDL:
                conn.exec_driver_sql(statement)
            columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(events)")}
            if "signature" not in columns:  # a log from before signatures (issue 13)
                conn.exec_driver_sql(
                    "ALTER TABLE events ADD COLUMN signature TEXT NOT NULL DEFAULT ''"
                )

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.info["immediate"] = True
            with conn.begin():
                yield conn

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Cursor]:
        raw = self.engine.raw_connection()
        try:
            yield raw.driver_connection.cursor()  # type: ignore[union-attr]
        finally:
            raw.close()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Cursor]:
        raw = self.engine.raw_connection()
        try:
            cur = raw.driver_connection.cursor()  # type: ignore[union-attr]
            cur.execute("BEGIN IMMEDIATE")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")
        finally:
            raw.close()

    def _insert(self, cur: sqlite3.Cursor, rows: list[Row]) -> list[int]:
        positions = []
        for row in rows:
            cur.execute(INSERT, row.values())
            positions.append(cur.fetchone()[0])
        return positions

    def _read_all_sql(self, types: int = 0) -> str:
        typed = self._types_sql(types)
        return f"SELECT {COLUMNS} FROM events WHERE position > ?{typed} ORDER BY position LIMIT ?"

    def _head_sql(self) -> str:
        return "SELECT coalesce(max(position), 0) FROM events"

    def status(self) -> StoreStatus:
        last = self.head()
        return StoreStatus(self.backend, last, last, 0)


def _configure(engine: Engine) -> None:
    """Let SQLAlchemy drive transactions: BEGIN IMMEDIATE for writes, BEGIN for reads."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Connection) -> None:
        immediate = conn.info.pop("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

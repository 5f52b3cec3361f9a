"""SQLite backend (嵌入式默认): a file, WAL, synchronous=FULL, one writer at a time.

Why `read_all` is gap-safe here: every append runs in `BEGIN IMMEDIATE`, which takes
the database's single write lock before reading the stream head, and positions are
rowids assigned inside that locked transaction. Transactions therefore commit in the
order they took their positions, and a reader's snapshot (WAL) holds either all of a
transaction's events or none: no event can commit later with a lower position than
one a reader has already seen.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, text

from events.model import StoreStatus
from events.store import EventStore, Row
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

INSERT = (
    "INSERT INTO events (stream_id, version, event_type, schema_version, data, metadata,"
    " recorded_at, prev_hash, hash) VALUES (:stream_id, :version, :event_type,"
    " :schema_version, :data, :metadata, :recorded_at, :prev_hash, :hash) RETURNING position"
)


class SQLiteEventStore(EventStore):
    """The event store in one SQLite file (WAL, synchronous=FULL)."""

    backend = "sqlite"

    @classmethod
    def from_url(cls, url: URL, upcasters: Upcasters | None, **options: Any) -> SQLiteEventStore:
        if not url.database or url.database == ":memory:":
            raise ValueError("the SQLite store needs a file: sqlite:///path/to/casework.db")
        options.setdefault("connect_args", {"timeout": 60, "check_same_thread": False})
        engine = create_engine(url, **options)
        _configure(engine)
        return cls(engine, upcasters)

    def create_schema(self) -> None:
        with self._write() as conn:
            for statement in DDL:
                conn.exec_driver_sql(statement)

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.info["immediate"] = True
            with conn.begin():
                yield conn

    def _insert(self, conn: Connection, rows: list[Row]) -> list[int]:
        statement = text(INSERT)
        return [conn.execute(statement, _params(row)).scalar_one() for row in rows]

    def _read_all_sql(self) -> str:
        return (
            "SELECT position, stream_id, version, event_type, schema_version, data, metadata,"
            " recorded_at, prev_hash, hash FROM events WHERE position > :after"
            " ORDER BY position LIMIT :limit"
        )

    def head(self) -> int:
        with self._read() as conn:
            return int(
                conn.execute(text("SELECT coalesce(max(position), 0) FROM events")).scalar_one()
            )

    def status(self) -> StoreStatus:
        last = self.head()
        return StoreStatus(self.backend, last, last, 0)


def _params(row: Row) -> dict[str, Any]:
    return {
        "stream_id": row.stream_id,
        "version": row.version,
        "event_type": row.event_type,
        "schema_version": row.schema_version,
        "data": row.data,
        "metadata": row.metadata,
        "recorded_at": row.recorded_at,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


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
        if conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
            return  # a one-statement read: SQLite runs it in its own implicit transaction
        immediate = conn.info.pop("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

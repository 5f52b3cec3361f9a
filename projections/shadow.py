"""Shadow generations: the tables a rebuild fills before it swaps them in (影子表).

Nobody reads a generation before the swap, so it is filled the way a bulk load should be:
tables created without their secondary indexes (built once, after the load, instead of
row by row), and on SQLite with `synchronous=NORMAL` on the loading connection (no fsync
per batch; a big one loads into a scratch file instead, `projections.parallel`).

PostgreSQL: plain (logged) tables. They were `UNLOGGED` while loading and set `LOGGED`
before the swap, but `SET LOGGED` rewrites the whole table and writes all of it to the
WAL at the end, on the rebuild's critical path; logged from the start, the WAL is
written by the server while this process folds the next batch. Measured on 100k events
(server CPU of the rebuild's connections, A/B alternating, 29 Nov 2026): rebuild 2.01,
1.94 s unlogged vs 1.63, 1.57 s logged; catch-up from 0 2.09, 2.44 vs 1.89, 1.98 s.

Why NORMAL and not OFF: the shadow shares the file with the event log. In WAL mode
NORMAL cannot corrupt the database on power loss; it may only lose the last batches
written, which belong to a generation no state row points at yet (the next rebuild
drops it). OFF could leave a checkpoint half-synced, and that checkpoint may carry
events appended meanwhile. The swap itself runs on an ordinary FULL connection.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, Table, exc
from sqlalchemy.engine import Transaction
from sqlalchemy.schema import CreateTable


def create(conn: Connection, tables: dict[str, Table]) -> None:
    """Create the tables, without their indexes."""
    for table in tables.values():
        conn.exec_driver_sql(str(CreateTable(table).compile(dialect=conn.dialect)))


def finish(conn: Connection, tables: dict[str, Table]) -> None:
    """After the load: build the tables' indexes."""
    for table in tables.values():
        for index in table.indexes:
            index.create(conn)


@contextmanager
def loading(engine: Engine) -> Iterator[Connection]:
    """One connection for the whole load; on SQLite without an fsync per commit (NORMAL),
    set back to FULL before it returns to the pool (or thrown away if that fails)."""
    with engine.connect() as conn:
        if engine.dialect.name != "sqlite":
            yield conn
            return
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA synchronous=NORMAL")
        try:
            yield conn
        finally:
            try:
                raw.execute("PRAGMA synchronous=FULL")
            except Exception:
                conn.invalidate()
                raise


@contextmanager
def without_gc() -> Iterator[None]:
    """No cyclic garbage collection while a batch is folded and written: a batch makes
    tens of thousands of dicts and tuples, all freed by reference counting, and the
    collector's passes over them cost 10-20% of a rebuild's CPU. Restored afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextmanager
def unsynced(engine: Engine) -> Iterator[Connection]:
    """A write transaction for a catch-up batch whose commit does not wait for the disk
    (SQLite: `synchronous=NORMAL` on a WAL database; PostgreSQL: `synchronous_commit=off`
    for this transaction). A power loss may lose the last such commits, never tear one:
    the rows and the checkpoint they were saved with go together, and the next catch-up
    applies those events again. Appends keep their full synchronous commit."""
    with loading(engine) as conn, polled(conn):
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL synchronous_commit = off")
        yield conn


POLL = 0.001  # seconds between two tries for SQLite's write lock (see `polled`)
WAIT = 60.0  # and how long in all, as the store's busy_timeout


def polled(conn: Connection) -> Transaction:
    """Begin a write transaction. SQLite: try for the write lock every millisecond instead
    of through SQLite's busy handler, whose sleeps grow to 100 ms: with writers appending
    back to back, the lock is free only for moments between their transactions, and a
    waiter asleep for 100 ms kept missing them (the worker's catch-up waited seconds
    behind four writers). Appends keep SQLite's own handler."""
    if conn.dialect.name != "sqlite":
        return batch(conn).begin()
    raw = conn.connection.driver_connection
    assert raw is not None
    raw.execute("PRAGMA busy_timeout=0")
    deadline = time.monotonic() + WAIT
    try:
        while True:
            try:
                return batch(conn).begin()
            except exc.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise
            time.sleep(POLL)
    finally:
        raw.execute(f"PRAGMA busy_timeout={int(WAIT * 1000)}")


def batch(conn: Connection) -> Connection:
    """Mark the next transaction on a loading connection as a write (BEGIN IMMEDIATE)."""
    if conn.dialect.name == "sqlite":
        conn.info["immediate"] = True
    return conn

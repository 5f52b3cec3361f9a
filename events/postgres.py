"""PostgreSQL backend (规模化路径): gap-safe reading by transaction-id visibility.

Every event row stores the id of the transaction that wrote it (`tx_id`, xid8).
`read_all` and `head` only return rows whose transaction is older than the oldest
*writer of this log* still running: such a transaction has finished, so nothing can
still commit beneath it.

That filter is only safe if transactions take their ids and their positions in the
same order. So an append's event INSERT is its transaction's first write (the id is
assigned by it) and runs under a short advisory lock, released right after the
INSERT and before the commit: the id and all the positions of one transaction are
taken together, and a younger transaction can never hold a lower position. The store
checks that no id was assigned before the lock (`pg_current_xact_id_if_assigned()`)
and refuses to append otherwise (`GapRisk`).

Which running transactions are writers of this log: an append also takes a *shared*
transaction-level advisory lock keyed by this database and this `events` table, held
until it commits. A reader (`SAFE`, in the same statement as its read) bounds what it
returns by the oldest transaction of its snapshot that either holds that lock now or
has finished since the snapshot was taken (it may have been a writer: counted, to be
safe); a transaction of another application, in any database of the server, that is
still running does not hold casework's readers back (before, `pg_snapshot_xmin` made
every write transaction on the server a blocker). `status()` names the writers that
hold readers back and their age. All writers of one log must run this code: a writer
of an older version takes no shared lock (stop every process to upgrade).
"""

from __future__ import annotations

import logging
import select
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import psycopg
from sqlalchemy import URL, Connection, create_engine, event, text
from sqlalchemy.exc import DisconnectionError

from events.errors import EventStoreError
from events.hashing import GENESIS
from events.model import AppendResult, Blocker, NewEvent, RecordedEvent, StoreStatus
from events.prepare import Prepared, Row, chain
from events.store import EventStore
from events.upcasting import Upcasters

APPEND_LOCK = 0x63617365  # 'case': serialises (transaction id, positions) allocation
SCHEMA_LOCK = 0x63617366

# After a failed append statement: release the session's append lock if it still holds it.
# The statement may have failed before taking it or after its own unlock (a duplicate
# command id fails the INSERT of `cmd`, which runs after `un`): a plain unlock then
# logged "WARNING: you don't own a lock of type ExclusiveLock" on the server and the
# client. A bigint key shows in pg_locks as classid (high half), objid (low), objsubid 1.
UNLOCK_IF_HELD = (
    f"SELECT pg_advisory_unlock({APPEND_LOCK}) FROM pg_locks WHERE locktype = 'advisory'"
    f" AND pid = pg_backend_pid() AND classid = {APPEND_LOCK >> 32}"
    f" AND objid = {APPEND_LOCK & 0xFFFFFFFF} AND objsubid = 1"
)

DDL = [
    """CREATE TABLE IF NOT EXISTS events (
        position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        stream_id VARCHAR(200) NOT NULL,
        version INTEGER NOT NULL,
        event_type VARCHAR(200) NOT NULL,
        schema_version INTEGER NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL,
        recorded_at CHAR(27) NOT NULL,
        prev_hash CHAR(64) NOT NULL,
        hash CHAR(64) NOT NULL,
        signature TEXT NOT NULL DEFAULT '',
        tx_id XID8 NOT NULL DEFAULT pg_current_xact_id(),
        UNIQUE (stream_id, version)
    )""",
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS signature TEXT NOT NULL DEFAULT ''",
    """CREATE TABLE IF NOT EXISTS event_commands (
        command_id VARCHAR(200) PRIMARY KEY,
        stream_id VARCHAR(200) NOT NULL,
        version INTEGER NOT NULL,
        positions TEXT NOT NULL,
        recorded_at CHAR(27) NOT NULL
    )""",
    """CREATE OR REPLACE FUNCTION casework_refuse_change() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION '%% is append-only: %% refused', TG_TABLE_NAME, TG_OP;
       END $$""",
]
for _table in ("events", "event_commands"):
    DDL.append(
        f"CREATE OR REPLACE TRIGGER {_table}_append_only BEFORE UPDATE OR DELETE ON {_table}"
        " FOR EACH ROW EXECUTE FUNCTION casework_refuse_change()"
    )
    DDL.append(
        f"CREATE OR REPLACE TRIGGER {_table}_no_truncate BEFORE TRUNCATE ON {_table}"
        " FOR EACH STATEMENT EXECUTE FUNCTION casework_refuse_change()"
    )

TRIGGERS = [f"{t}_{k}" for t in ("events", "event_commands") for k in ("append_only", "no_truncate")]
COMPLETE = (  # every table, its last column and every trigger the DDL above makes
    "SELECT (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal"
    " AND tgrelid IN (to_regclass('events'), to_regclass('event_commands'))"
    f" AND tgname IN ({', '.join(repr(t) for t in TRIGGERS)})) = {len(TRIGGERS)}"
    " AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('events')"
    " AND attname = 'signature' AND NOT attisdropped)"
)

COLUMNS = (
    "stream_id, version, event_type, schema_version, data, metadata, recorded_at, prev_hash, hash,"
    " signature"
)
# The running writers of THIS log (database and `events` table), by the shared lock every
# append holds until it commits (`INSERT_LOCKED`); pg_locks is read once (one consistent
# copy of the lock table), after the statement's snapshot was taken. Rows are joined on
# the holder's pid, not `virtualtransaction`: a committing backend clears its local
# transaction id while pg_locks copies its rows, so one copy can show its advisory lock
# under `n/123` and its transaction id under `n/0` (seen: the join missed a writer).
def writer_lock(alias: str) -> str:
    """The condition on a pg_locks row (named `alias`) that it is a running append's shared
    lock on this log."""
    return (
        f"{alias}.locktype = 'advisory' AND {alias}.classid = {APPEND_LOCK}::oid"
        f" AND {alias}.objsubid = 2 AND {alias}.objid = 'events'::regclass::oid AND {alias}.database ="
        " (SELECT oid FROM pg_database WHERE datname = current_database())"
    )


SAFE = (
    "tx_id < (WITH lk AS MATERIALIZED ("
    " SELECT locktype, database, classid, objid, objsubid, pid, transactionid, mode"
    " FROM pg_locks WHERE granted AND locktype IN ('advisory', 'transactionid')),"
    " alive AS (SELECT transactionid FROM lk WHERE locktype = 'transactionid' AND mode = 'ExclusiveLock'),"
    " writers AS (SELECT t.transactionid FROM lk AS a JOIN lk AS t"
    " ON t.pid = a.pid AND t.locktype = 'transactionid'"
    f" AND t.mode = 'ExclusiveLock' WHERE {writer_lock('a')})"
    " SELECT coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot()))"
    " FROM pg_snapshot_xip(pg_current_snapshot()) AS x"
    " WHERE x::xid IN (SELECT transactionid FROM writers)"
    " OR x::xid NOT IN (SELECT transactionid FROM alive))"
)


log = logging.getLogger(__name__)
T = TypeVar("T")

class GapRisk(EventStoreError):
    """The transaction had an id before its events took positions: readers could skip them."""


class PostgresEventStore(EventStore):
    """The event store on a PostgreSQL server, gap-safe by transaction-id visibility."""

    backend = "postgresql"
    placeholder = "%s"
    integrity_errors = (psycopg.IntegrityError,)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tails = Tails()

    @classmethod
    def from_url(cls, url: URL, upcasters: Upcasters | None, **options: Any) -> PostgresEventStore:
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        engine = create_engine(url, **options)
        event.listen(engine, "checkout", _replace_if_gone)
        return cls(engine, upcasters)

    def create_schema(self) -> None:
        """Create the log's tables and triggers, unless they are all there already: the
        service role (INSERT and SELECT only, see `workflow.integrity.roles`) may not run
        DDL on tables it does not own, so a complete schema is left as it is."""
        with self.engine.begin() as conn:
            if conn.execute(text(COMPLETE)).scalar():
                return
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SCHEMA_LOCK})
            for statement in DDL:
                conn.exec_driver_sql(statement)

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    # --- a lost connection (server restarted, backend terminated) --------------------
    # No pre-ping per checkout (a round trip per command). Two layers instead:
    # 1. at checkout, a pooled connection whose server end is gone is replaced before any
    #    statement is sent (`_replace_if_gone`: a poll of its socket, no round trip), for
    #    every user of the engine (the store, the read models, the web service);
    # 2. a connection lost where the poll cannot see it (the network dropped, the server
    #    went down mid-statement): the statement fails, the pool is emptied, and the call
    #    is retried once on a fresh connection when that is safe: reads, and appends that
    #    carry a command id (a retry of one that did commit returns the first result).

    def read_stream(self, stream_id: str, **options: Any) -> list[RecordedEvent]:
        found = self._again(lambda: super(PostgresEventStore, self).read_stream(stream_id, **options))
        if found and options.get("up_to_version") is None and options.get("as_of") is None:
            self._tails.seen(stream_id, found[-1].version, found[-1].hash)
        return found

    def read_streams(self, after: dict[str, int]) -> dict[str, list[RecordedEvent]]:
        found = self._again(lambda: super(PostgresEventStore, self).read_streams(after))
        for stream_id, records in found.items():
            if records:
                self._tails.seen(stream_id, records[-1].version, records[-1].hash)
        return found

    def stream_version(self, stream_id: str) -> int:
        return self._again(lambda: super(PostgresEventStore, self).stream_version(stream_id))

    def read_all(
        self, *, after: int = 0, limit: int = 1000, types: Collection[str] | None = None
    ) -> list[RecordedEvent]:
        return self._again(
            lambda: super(PostgresEventStore, self).read_all(after=after, limit=limit, types=types)
        )

    def append(self, stream_id: str, events: Sequence[NewEvent], **options: Any) -> AppendResult:
        call = lambda: super(PostgresEventStore, self).append(stream_id, events, **options)  # noqa: E731
        return self._again(call) if options.get("command_id") else call()

    def _again(self, call: Callable[[], T]) -> T:
        try:
            return call()
        except psycopg.OperationalError as err:
            if not getattr(err, "connection_lost", False):
                raise
            log.warning("PostgreSQL connection lost (%s); reconnecting once", err)
            self.engine.dispose()  # after a restart every pooled connection is stale
            return call()

    @contextmanager
    def _reading(self) -> Iterator[psycopg.Cursor[Any]]:
        raw = self.engine.raw_connection()
        driver: psycopg.Connection[Any] = raw.driver_connection  # type: ignore[assignment]
        try:
            driver.autocommit = True
            try:
                with driver.cursor() as cur:
                    yield cur
            finally:
                if not driver.closed:
                    driver.autocommit = False
        except psycopg.OperationalError as err:
            _mark_lost(err, driver, raw)
            raise
        finally:
            raw.close()

    @contextmanager
    def _reading_log(self) -> Iterator[psycopg.Cursor[Any]]:
        """`read_all`'s statement in a transaction of its own that rules out sequential and
        bitmap scans, sorts and JIT: the page is read in order along the primary key. Its
        gap-safety filter on `tx_id` hides the real selectivity from the planner, which
        then sorted a parallel scan of the rest of the log for every big page (a
        20,000-event page of a 1M-event log: 0.9 s, a sort spilled to disk; a rebuild
        went from linear to quadratic, 165 s against 24 s for the fold). One statement
        for BEGIN and the settings (SET LOCAL: they end with the transaction, the pooled
        connection keeps its defaults)."""
        with self._reading() as cur:
            cur.execute("BEGIN; SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off;"
                        " SET LOCAL enable_sort = off; SET LOCAL jit = off")  # fmt: skip
            try:
                yield cur
            except BaseException:
                if not cur.connection.closed:
                    cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")

    @contextmanager
    def _writing(self) -> Iterator[psycopg.Cursor[Any]]:
        raw = self.engine.raw_connection()
        driver: psycopg.Connection[Any] = raw.driver_connection  # type: ignore[assignment]
        try:
            with driver.cursor() as cur:
                try:
                    yield cur
                except BaseException:
                    if not driver.closed:
                        driver.rollback()
                    raise
                driver.commit()
        except psycopg.OperationalError as err:
            _mark_lost(err, driver, raw)
            raise
        finally:
            raw.close()

    # --- the append in one statement (one round trip) ---------------------------------
    # The full append (`EventStore._append`) is BEGIN, the command id and the stream's last
    # version and hash, the locked INSERT, COMMIT: four round trips. When this process
    # already knows the stream's last version and hash (it appended or read them: `Tails`,
    # or version 0 of a new stream), the rows are chained on them and sent as ONE statement
    # in autocommit: the same lock, transaction id and positions as the full path
    # (`INSERT_LOCKED`), the command id recorded by the same statement, and the stream's
    # tail checked by the server: the event at the known version must exist with the known
    # hash, and UNIQUE (stream_id, version) refuses the next version if another writer took
    # it. Anything else (a stale tail, a duplicate command id, a conflict) falls back to
    # the full path, which decides as it always did.

    def _append(
        self, stream_id: str, prepared: list[Prepared], expected: int | None, command_id: str | None
    ) -> AppendResult:
        tail = self._tails.get(stream_id)
        if expected == 0 and tail is None:
            tail = (0, GENESIS)
        if tail is not None and (expected is None or expected == tail[0]):
            done = self._append_at_once(stream_id, prepared, tail, command_id)
            if done is not None:
                return done
        return super()._append(stream_id, prepared, expected, command_id)

    def _append_at_once(
        self, stream_id: str, prepared: list[Prepared], tail: tuple[int, str], command_id: str | None
    ) -> AppendResult | None:
        """The append as one autocommit statement on the known tail; None: not done (the
        tail was stale, the command id recorded or the insert refused): take the full path."""
        version, prev = tail
        rows = chain(stream_id, version, prev, prepared, self.clock(), self.signer)
        params: list[Any] = [v for row in rows for v in row.values()]
        params += [stream_id, version, prev, version]
        if command_id is not None:
            params += [command_id, stream_id, rows[-1].recorded_at]
        with self._reading() as cur:  # autocommit: the statement is its own transaction
            try:
                cur.execute(_at_once_sql(len(rows), command_id is not None), params)
                result = cur.fetchall()
            except BaseException as err:
                self._tails.forget(stream_id)
                if not (cur.connection.closed or cur.connection.broken):
                    cur.execute(UNLOCK_IF_HELD)  # session-level: survives the failed statement
                if isinstance(err, psycopg.IntegrityError):
                    return None
                raise
        if result[0][2] is not None:  # autocommit: never (the statement's own transaction)
            raise GapRisk("append must be the transaction's first write")
        if result[0][0] is None:  # the known tail is not this log's: nothing was inserted
            self._tails.forget(stream_id)
            return None
        self._tails.seen(stream_id, rows[-1].version, rows[-1].hash)
        by_version = {v: position for position, v, _, _ in result}
        return AppendResult(stream_id, rows[-1].version, tuple(by_version[r.version] for r in rows))

    def _insert(self, cur: psycopg.Cursor[Any], rows: list[Row]) -> list[int]:
        """Lock, insert (taking the transaction id and every position), unlock: one statement."""
        return self._locked_insert(cur, rows, None)

    def _insert_command(self, cur: psycopg.Cursor[Any], rows: list[Row], command_id: str) -> list[int]:
        """As `_insert`, and the command id recorded with the positions by the same
        statement (one round trip less per append with a command id)."""
        return self._locked_insert(cur, rows, command_id)

    def _locked_insert(
        self, cur: psycopg.Cursor[Any], rows: list[Row], command_id: str | None
    ) -> list[int]:
        params = [v for row in rows for v in row.values()]
        if command_id is not None:
            params += [command_id, rows[-1].stream_id, rows[-1].recorded_at]
        try:
            cur.execute(_insert_sql(len(rows), command_id is not None), params)
        except BaseException:  # failed holding the lock: release it after the rollback
            cur.connection.rollback()
            cur.connection.execute(UNLOCK_IF_HELD)
            cur.connection.commit()
            raise
        result = cur.fetchall()
        if result[0][2] is not None:
            raise GapRisk("append must be the transaction's first write")
        self._tails.seen(rows[-1].stream_id, rows[-1].version, rows[-1].hash)  # checked when used
        by_version = {version: position for position, version, _, _ in result}
        return [by_version[row.version] for row in rows]

    def _read_all_sql(self, types: int = 0) -> str:
        typed = self._types_sql(types)
        return (f"SELECT position, {COLUMNS} FROM events WHERE position > %s{typed} AND {SAFE}"
                " ORDER BY position LIMIT %s")  # fmt: skip

    def head(self) -> int:
        return self._again(super().head)

    def head_and_positions(self, after: int, where: str) -> tuple[int, list[int]]:
        return self._again(lambda: super(PostgresEventStore, self).head_and_positions(after, where))

    def _head_sql(self) -> str:
        return f"SELECT coalesce(max(position), 0) FROM events WHERE {SAFE}"

    def status(self) -> StoreStatus:
        with self.engine.connect() as conn:
            head = int(
                conn.execute(
                    text(f"SELECT coalesce(max(position), 0) FROM events WHERE {SAFE}")
                ).scalar_one()
            )
            last = int(
                conn.execute(text("SELECT coalesce(max(position), 0) FROM events")).scalar_one()
            )
            held = conn.execute(
                text("SELECT count(*) FROM events WHERE position > :h"), {"h": head}
            ).scalar_one()
            blockers = tuple(Blocker(*row) for row in conn.execute(text(BLOCKERS)).all())
        return StoreStatus(self.backend, last, head, int(held), blockers)


# the running appends to this log (they hold its readers back); another role's session
# shows no start or query to an unprivileged (service) role: age 0
BLOCKERS = f"""
SELECT pid, coalesce(datname, ''), backend_xid::text,
       coalesce(extract(epoch FROM clock_timestamp() - xact_start)::float8, 0),
       coalesce(state, ''),
       left(coalesce(query, ''), 200)
FROM pg_stat_activity
WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
  AND pid IN (SELECT l.pid FROM pg_locks AS l WHERE l.granted AND {writer_lock("l")})
ORDER BY xact_start
"""


# the append lock and the writer mark, and whether a write came before (both appends)
LOCKED = f"""
WITH lk AS MATERIALIZED (
    SELECT pg_advisory_lock({APPEND_LOCK}) AS locked,
           pg_advisory_xact_lock_shared({APPEND_LOCK}, 'events'::regclass::oid::int4) AS writer,
           pg_current_xact_id_if_assigned() AS early),
"""

# The advisory lock is taken before the first row gets its position and transaction id
# (the rows are joined to `lk`), and released only after every row is inserted (`un`
# counts them all first): ids and positions are taken together, in one round trip.
INSERT_LOCKED = LOCKED + f"""
ins AS (
    INSERT INTO events ({COLUMNS})
    SELECT v.* FROM (VALUES {{values}}) AS v ({COLUMNS}) CROSS JOIN lk
    RETURNING position, version),
un AS MATERIALIZED (
    SELECT pg_advisory_unlock({APPEND_LOCK}) AS unlocked FROM (SELECT count(*) FROM ins) AS n)
SELECT ins.position, ins.version, (SELECT early FROM lk), (SELECT unlocked FROM un) FROM ins
"""
# With a command id, the same statement records it (as `_record_command` would) with the
# positions in version order; a duplicate id fails the whole statement (no events either).
RECORD_COMMAND = """,
cmd AS (
    INSERT INTO event_commands (command_id, stream_id, version, positions, recorded_at)
    SELECT %s, %s, max(version), string_agg(position::text, ',' ORDER BY version), %s FROM ins)
"""
_INSERT_CACHE: dict[tuple[int, bool], str] = {}

# The append in one statement on a known tail (`_append_at_once`): as INSERT_LOCKED, but the
# rows go in only if the stream's event at the known version has the known hash (version 0:
# a new stream, UNIQUE refuses version 1 if it is not). `lk` and `un` are read by the final
# SELECT, so the lock is taken and released even when nothing is inserted (one row, NULLs).
AT_ONCE = LOCKED + f"""
ins AS (
    INSERT INTO events ({COLUMNS})
    SELECT v.* FROM (VALUES {{values}}) AS v ({COLUMNS}) CROSS JOIN lk
    WHERE EXISTS (SELECT 1 FROM events WHERE stream_id = %s AND version = %s AND hash = %s)
       OR %s::int = 0
    RETURNING position, version),
un AS MATERIALIZED (
    SELECT pg_advisory_unlock({APPEND_LOCK}) AS unlocked FROM (SELECT count(*) FROM ins) AS n){{command}}
SELECT ins.position, ins.version, lk.early, un.unlocked FROM lk CROSS JOIN un LEFT JOIN ins ON true
"""
AT_ONCE_COMMAND = """,
cmd AS (
    INSERT INTO event_commands (command_id, stream_id, version, positions, recorded_at)
    SELECT %s, %s, max(version), string_agg(position::text, ',' ORDER BY version), %s FROM ins
    HAVING count(*) > 0)"""
_AT_ONCE_CACHE: dict[tuple[int, bool], str] = {}


def _values(n: int) -> str:
    """n rows of the ten columns' placeholders, for VALUES."""
    return ", ".join(["(" + ", ".join(["%s"] * 10) + ")"] * n)


def _at_once_sql(n: int, command: bool) -> str:
    sql = _AT_ONCE_CACHE.get((n, command))
    if sql is None:
        sql = AT_ONCE.format(values=_values(n), command=AT_ONCE_COMMAND if command else "")
        _AT_ONCE_CACHE[(n, command)] = sql
    return sql


class Tails:
    """The last version and hash this process saw of up to `size` streams (appended or read
    to their end). A hint, never the guard: the one-statement append checks it on the server."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._known: OrderedDict[str, tuple[int, str]] = OrderedDict()

    def get(self, stream_id: str) -> tuple[int, str] | None:
        with self._lock:
            return self._known.get(stream_id)

    def seen(self, stream_id: str, version: int, hash_: str) -> None:
        with self._lock:
            known = self._known.get(stream_id)
            if known is None or known[0] < version:
                self._known[stream_id] = (version, hash_)
                self._known.move_to_end(stream_id)
                if len(self._known) > self.size:
                    self._known.popitem(last=False)

    def forget(self, stream_id: str) -> None:
        with self._lock:
            self._known.pop(stream_id, None)


def _replace_if_gone(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    """Pool checkout: an idle connection has nothing to read unless its server end has
    gone (a terminated backend or a shut-down server sends its FATAL message, then closes;
    casework never LISTENs, so no notification is waiting). Readable, or closed: raise
    DisconnectionError, and SQLAlchemy opens a fresh connection in its place. One poll(2)
    of the socket, no round trip to the server."""
    try:
        poller = select.poll()
        poller.register(dbapi_connection.fileno(), select.POLLIN)
        gone = bool(poller.poll(0))
    except (OSError, ValueError, psycopg.Error):  # closed already: no socket to poll
        gone = True
    if gone:
        log.warning("PostgreSQL connection closed by the server; replaced at checkout")
        raise DisconnectionError("the server closed this pooled connection")


def _mark_lost(err: psycopg.OperationalError, driver: psycopg.Connection[Any], raw: Any) -> None:
    """Flag an error that lost the connection, and keep that connection out of the pool."""
    if driver.closed or driver.broken:
        err.connection_lost = True  # type: ignore[attr-defined]
        raw.invalidate()


def _insert_sql(n: int, command: bool = False) -> str:
    sql = _INSERT_CACHE.get((n, command))
    if sql is None:
        sql = INSERT_LOCKED.format(values=_values(n))
        if command:  # the last CTE, before the final SELECT: its parameters come last
            head, select = sql.rsplit("\nSELECT ins.position", 1)
            sql = head.rstrip() + RECORD_COMMAND + "SELECT ins.position" + select
        _INSERT_CACHE[(n, command)] = sql
    return sql

"""The event store port and its shared implementation.

`EventStore` holds what both backends share: validation, the hash chain, idempotent
commands, reading and upcasting. A backend (`SQLiteEventStore`, `PostgresEventStore`)
supplies the DDL, how a write transaction begins and how rows get their positions,
and the gap-safe filter for `read_all`.

The engine, its pool and every non-hot statement go through SQLAlchemy. The hot path
(append, read_stream, read_all) runs on the pooled DBAPI connection of that same engine
with prepared SQL strings: SQLAlchemy's per-statement overhead (30-80 us) would
otherwise cost more than the statements themselves.
"""

from __future__ import annotations

import json
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, text

from events.errors import ConcurrencyError
from events.hashing import GENESIS, canonical_record, chain_hash, format_time, parse_time
from events.keys import Keyring, build_keyring
from events.model import AppendResult, NewEvent, RecordedEvent, StoreStatus, VerifyReport
from events.prepare import Prepared, Row, chain, prepare
from events.signing import KEYS_STREAM, Signer, SigningKeyError
from events.upcasting import Upcasters

log = logging.getLogger(__name__)

COLUMNS = (
    "position, stream_id, version, event_type, schema_version, data, metadata, recorded_at,"
    " prev_hash, hash, signature"
)
Cursor = Any  # a DBAPI cursor (sqlite3 or psycopg)
# Stored JSON is canonical (no surrounding whitespace), so the decoder's scanner can be
# called directly, skipping json.loads' whitespace handling: a third of the read cost.
_load: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


class EventStore(ABC):
    """An append-only, hash-chained event log (事件库) over one SQLAlchemy engine."""

    backend = "abstract"
    placeholder = "?"
    integrity_errors: tuple[type[Exception], ...] = ()

    def __init__(
        self,
        engine: Engine,
        upcasters: Upcasters | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.engine = engine
        self.upcasters = upcasters if upcasters is not None else Upcasters()
        self.clock = clock or _utc_now
        self.listeners: list[Callable[[AppendResult], None]] = []
        self.signer: Signer | None = None  # set by open_store; see events.signing
        self._signing_checked = False
        self.sql = _statements(self.placeholder)

    def subscribe(self, listener: Callable[[AppendResult], None]) -> None:
        """Call `listener(result)` after every committed, non-duplicate append."""
        self.listeners.append(listener)

    # --- the port -------------------------------------------------------------------
    def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        *,
        expected_version: int | None = None,
        command_id: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> AppendResult:
        """Append events to one stream, all or nothing; return the new version and positions."""
        prepared = prepare(stream_id, events, expected_version, command_id, metadata)
        if not self._signing_checked:  # once per store: is this the log's signing key?
            self.require_signer()
            self._signing_checked = True
        try:
            result = self._append(stream_id, prepared, expected_version, command_id)
        except self.integrity_errors:
            return self._after_conflict(stream_id, expected_version, command_id)
        if not result.duplicate:
            self._notify(result)
        return result

    def read_stream(
        self,
        stream_id: str,
        *,
        up_to_version: int | None = None,
        as_of: datetime | None = None,
        after_version: int | None = None,
    ) -> list[RecordedEvent]:
        """The stream's events in version order, optionally only up to a version or a time,
        or only those after a version (what a caller that folded the rest still needs)."""
        p = self.placeholder
        sql = f"SELECT {COLUMNS} FROM events WHERE stream_id = {p}"
        params: list[Any] = [stream_id]
        if after_version:
            sql += f" AND version > {p}"
            params.append(after_version)
        if up_to_version is not None:
            sql += f" AND version <= {p}"
            params.append(up_to_version)
        if as_of is not None:
            sql += f" AND recorded_at <= {p}"
            params.append(format_time(as_of))
        with self._reading() as cur:
            cur.execute(sql + " ORDER BY version", params)
            rows = cur.fetchall()
        return [self._record(r) for r in rows]

    def read_streams(self, after: dict[str, int]) -> dict[str, list[RecordedEvent]]:
        """For each stream, its events after the given version, in version order: several
        streams in one statement (one round trip), e.g. a case and the streams its rules
        read, each from where the caller's fold of it stopped."""
        found: dict[str, list[RecordedEvent]] = {stream: [] for stream in after}
        if not after:
            return found
        p = self.placeholder
        where = " OR ".join([f"(stream_id = {p} AND version > {p})"] * len(after))
        params = [v for stream, version in after.items() for v in (stream, version)]
        with self._reading() as cur:
            cur.execute(f"SELECT {COLUMNS} FROM events WHERE {where} ORDER BY stream_id, version", params)
            rows = cur.fetchall()
        for row in rows:
            found[row[1]].append(self._record(row))
        return found

    def stream_version(self, stream_id: str) -> int:
        """The stream's current version; 0 if it does not exist."""
        with self._reading() as cur:
            return self._current(cur, stream_id)[0]

    def read_all(
        self, *, after: int = 0, limit: int = 1000, types: Collection[str] | None = None
    ) -> list[RecordedEvent]:
        """Events after a position, in position order, never skipping a later-committing one;
        with `types`, only events of those types (the database skips the others' rows, which
        are never decoded: a reader that needs a few types of a long log)."""
        if limit < 1 or after < 0:
            raise ValueError("read_all needs after >= 0 and limit >= 1")
        if types is not None and not types:
            return []
        chosen = sorted(types) if types is not None else []
        with self._reading_log() as cur:
            cur.execute(self._read_all_sql(len(chosen)), (after, *chosen, limit))
            rows = cur.fetchall()
        return [self._record(r) for r in rows]

    @contextmanager
    def _reading_log(self) -> Iterator[Cursor]:
        """A cursor for reading the log in position order (`read_all`)."""
        with self._reading() as cur:
            yield cur

    def read_positions(self, positions: Sequence[int]) -> list[RecordedEvent]:
        """The events at these positions (found through a read model's index), in position
        order; positions that hold no event are left out."""
        wanted, found = sorted(set(positions)), []
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ", ".join([self.placeholder] * len(chunk))
            with self._reading() as cur:
                cur.execute(f"SELECT {COLUMNS} FROM events WHERE position IN ({marks}) ORDER BY position", chunk)
                found += [self._record(r) for r in cur.fetchall()]
        return found

    def iter_all(self, *, after: int = 0, batch: int = 5000) -> Iterator[RecordedEvent]:
        """Every event after a position, read in batches up to the current head."""
        while True:
            page = self.read_all(after=after, limit=batch)
            yield from page
            if len(page) < batch:
                return
            after = page[-1].position

    def head(self) -> int:
        """The highest position below which every event is committed and readable."""
        with self._reading() as cur:
            cur.execute(self._head_sql())
            row = cur.fetchone()
            return int(row[0]) if row else 0

    def head_query(self) -> str:
        """The head's SQL (one row, one column, no parameters), for a caller that reads the
        head in the same statement as its own query (one round trip, one snapshot)."""
        return self._head_sql()

    def head_and_positions(self, after: int, where: str) -> tuple[int, list[int]]:
        """The head and the positions above `after` of the events matching `where` (a fixed
        SQL condition on the events' columns), read in one statement: every event at or
        below the head that matches is among them or at or below `after` (one snapshot on
        PostgreSQL, no second round trip)."""
        p = self.placeholder
        sql = (f"SELECT 0, ({self._head_sql()}) UNION ALL"
               f" SELECT 1, position FROM events WHERE position > {p} AND ({where})")  # fmt: skip
        with self.engine.connect() as conn:
            if self.backend == "postgresql":  # one SELECT: no BEGIN/ROLLBACK round trips
                conn.execution_options(isolation_level="AUTOCOMMIT")
            rows = conn.exec_driver_sql(sql, (after,)).all()
        head = next(int(value) for kind, value in rows if kind == 0)
        return head, sorted(int(value) for kind, value in rows if kind == 1)

    @abstractmethod
    def status(self) -> StoreStatus:
        """Last position, safe head, and what holds readers back."""

    def verify(self) -> VerifyReport:
        """Recompute every stream's hash chain and check every signature; report the
        broken events."""
        from events.checkpoint import recorded_checkpoints, verify_checkpoints
        from events.verify import verify_rows

        keyring = self.keyring()
        sql = f"SELECT {COLUMNS} FROM events ORDER BY stream_id, version"
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=2000).execute(text(sql))
            report = verify_rows(result, keyring)
        found = tuple(verify_checkpoints(self))
        count = len(recorded_checkpoints(self))
        return replace(report, problems=report.problems + found, checkpoints=count)

    def keyring(self) -> Keyring:
        """The public signing keys recorded in the log (events.keys)."""
        return build_keyring(self.read_stream(KEYS_STREAM))

    def require_signer(self) -> None:
        """Refuse to write unsigned, or signed by a key that is not the log's current one."""
        current = self.keyring().current
        if current is None:
            return
        if self.signer is None:
            raise SigningKeyError(
                f"this log is signed (key {current.key_id}); configure its signing key"
                " (CASEWORK_SIGNING_KEY_FILE or CASEWORK_SIGNING_KEY)"
            )
        if self.signer.key_id != current.key_id:
            raise SigningKeyError(
                f"the configured key {self.signer.key_id} is not the log's current key"
                f" {current.key_id}"
            )

    def content_hashes(
        self, *, recorded_from: datetime, recorded_before: datetime
    ) -> list[tuple[int, str]]:
        """(position, hash recomputed from the stored content) of every event recorded in
        [recorded_from, recorded_before), in position order: the leaves of a month's seal."""
        p = self.placeholder
        sql = f"SELECT {COLUMNS} FROM events WHERE recorded_at >= {p} AND recorded_at < {p} ORDER BY position"
        with self._reading() as cur:
            cur.execute(sql, (format_time(recorded_from), format_time(recorded_before)))
            rows = cur.fetchall()
        return [
            (r[0], chain_hash(r[8], canonical_record(r[1], r[2], r[3], r[4], r[5], r[6], r[7])))
            for r in rows
        ]

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()

    # --- backend hooks ----------------------------------------------------------------
    @abstractmethod
    def create_schema(self) -> None:
        """Create the tables and immutability triggers if absent (idempotent)."""

    @abstractmethod
    def _write(self) -> AbstractContextManager[Connection]:
        """A SQLAlchemy connection in a write transaction (schema, read models)."""

    @abstractmethod
    def _reading(self) -> AbstractContextManager[Cursor]:
        """A DBAPI cursor for one-statement reads (autocommit: one consistent snapshot)."""

    @abstractmethod
    def _writing(self) -> AbstractContextManager[Cursor]:
        """A DBAPI cursor in an append's write transaction, committed on a clean exit."""

    @abstractmethod
    def _insert(self, cur: Cursor, rows: list[Row]) -> list[int]:
        """Insert rows (the transaction's first write); return their positions in order."""

    @abstractmethod
    def _read_all_sql(self, types: int = 0) -> str:
        """SQL for read_all, placeholders: after, then `types` event types (none: every
        type), then limit."""

    def _types_sql(self, types: int) -> str:
        if not types:
            return ""
        return f" AND event_type IN ({', '.join([self.placeholder] * types)})"

    @abstractmethod
    def _head_sql(self) -> str:
        """SQL for head: one row, one column, no placeholders."""

    # --- shared machinery -----------------------------------------------------------
    def _append(
        self, stream_id: str, prepared: list[Prepared], expected: int | None, command_id: str | None
    ) -> AppendResult:
        with self._writing() as cur:
            if command_id is None:
                version, prev = self._current(cur, stream_id)
            else:
                first, (version, prev) = self._command_and_current(cur, command_id, stream_id)
                if first is not None:
                    return first
            if expected is not None and version != expected:
                raise ConcurrencyError(stream_id, expected, version)
            rows = chain(stream_id, version, prev, prepared, self.clock(), self.signer)
            if command_id is None:
                positions = self._insert(cur, rows)
            else:
                positions = self._insert_command(cur, rows, command_id)
            return AppendResult(stream_id, rows[-1].version, tuple(positions))

    def _insert_command(self, cur: Cursor, rows: list[Row], command_id: str) -> list[int]:
        """Insert the rows and record the command id with their positions (in the same
        transaction; a store may do both in one statement)."""
        positions = self._insert(cur, rows)
        result = AppendResult(rows[-1].stream_id, rows[-1].version, tuple(positions))
        _record_command(cur, self.sql["record_command"], command_id, result, rows[-1].recorded_at)
        return positions

    def _after_conflict(
        self, stream_id: str, expected: int | None, command_id: str | None
    ) -> AppendResult:
        with self._reading() as cur:
            if command_id is not None and (first := self._command_result(cur, command_id)):
                return first
            actual = self._current(cur, stream_id)[0]
        raise ConcurrencyError(stream_id, expected, actual)

    def _current(self, cur: Cursor, stream_id: str) -> tuple[int, str]:
        cur.execute(self.sql["current"], (stream_id,))
        row = cur.fetchone()
        return (row[0], row[1]) if row else (0, GENESIS)

    def _command_and_current(
        self, cur: Cursor, command_id: str, stream_id: str
    ) -> tuple[AppendResult | None, tuple[int, str]]:
        """The command's first result if it was recorded, and the stream's version and last
        hash: one statement (one round trip of the append on PostgreSQL)."""
        cur.execute(self.sql["command_and_current"], (command_id, stream_id))
        first, current = None, (0, GENESIS)
        for kind, stream, version, text_ in cur.fetchall():
            if kind == 1:
                positions = tuple(int(p) for p in text_.split(","))
                first = AppendResult(stream, version, positions, duplicate=True)
            else:
                current = (version, text_)
        return first, current

    def _command_result(self, cur: Cursor, command_id: str) -> AppendResult | None:
        cur.execute(self.sql["command"], (command_id,))
        row = cur.fetchone()
        if row is None:
            return None
        positions = tuple(int(p) for p in row[2].split(","))
        return AppendResult(row[0], row[1], positions, duplicate=True)

    def _notify(self, result: AppendResult) -> None:
        """Tell listeners; the events are committed, so a listener's failure is only logged."""
        for listener in self.listeners:
            try:
                listener(result)
            except Exception:  # noqa: BLE001 - a lost notification only delays read models
                log.warning("append listener %r failed", listener, exc_info=True)

    def _record(self, row: Any) -> RecordedEvent:
        data = _load(row[5], 0)[0]
        schema_version = row[4]
        if self.upcasters:
            schema_version, data = self.upcasters.upcast(row[3], schema_version, data)
        return RecordedEvent(
            row[0], row[1], row[2], row[3], schema_version, data,
            _load(row[6], 0)[0], parse_time(row[7]), row[8], row[9], row[10],
        )  # fmt: skip


def _statements(p: str) -> dict[str, str]:
    return {
        "current": f"SELECT version, hash FROM events WHERE stream_id = {p} ORDER BY version DESC LIMIT 1",
        "command": f"SELECT stream_id, version, positions FROM event_commands WHERE command_id = {p}",
        "command_and_current": "SELECT 1, CAST(stream_id AS TEXT), version, CAST(positions AS TEXT)"
        f" FROM event_commands WHERE command_id = {p} UNION ALL SELECT 0, '', version,"
        f" CAST(hash AS TEXT) FROM (SELECT version, hash FROM events WHERE stream_id = {p}"
        " ORDER BY version DESC LIMIT 1) AS last",
        "record_command": "INSERT INTO event_commands (command_id, stream_id, version, positions,"
        f" recorded_at) VALUES ({p}, {p}, {p}, {p}, {p})",
    }


def _record_command(cur: Cursor, sql: str, command_id: str, result: AppendResult, at: str) -> None:
    positions = ",".join(map(str, result.positions))
    cur.execute(sql, (command_id, result.stream_id, result.version, positions, at))


def _utc_now() -> datetime:
    return datetime.now(UTC)

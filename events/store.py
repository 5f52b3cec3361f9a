"""The event store port and its shared SQLAlchemy implementation.

`EventStore` holds what both backends share: validation, the hash chain, idempotent
commands, reading and upcasting. A backend (`SQLiteEventStore`, `PostgresEventStore`)
supplies the DDL, how a write transaction begins and how rows get their positions,
and the gap-safe filter for `read_all`.
"""

from __future__ import annotations

import json
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, exc, make_url, text

from events.errors import ConcurrencyError, InvalidAppend, UnknownBackend
from events.hashing import (
    GENESIS,
    canonical_json,
    canonical_record,
    chain_hash,
    format_time,
    parse_time,
)
from events.model import AppendResult, NewEvent, RecordedEvent, StoreStatus, VerifyReport
from events.upcasting import Upcasters

log = logging.getLogger(__name__)

MAX_STREAM_ID = 200
MAX_TYPE = 200
COLUMNS = "position, stream_id, version, event_type, schema_version, data, metadata, recorded_at, prev_hash, hash"


@dataclass(frozen=True, slots=True)
class Row:
    """One event prepared for insert: every column but the position."""

    stream_id: str
    version: int
    event_type: str
    schema_version: int
    data: str
    metadata: str
    recorded_at: str
    prev_hash: str
    hash: str


class EventStore(ABC):
    """An append-only, hash-chained event log (事件库) over one SQLAlchemy engine."""

    backend = "abstract"

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
        prepared = _prepare(stream_id, events, expected_version, command_id, metadata)
        try:
            result = self._append(stream_id, prepared, expected_version, command_id)
        except exc.IntegrityError:
            return self._after_conflict(stream_id, expected_version, command_id)
        if not result.duplicate:
            self._notify(result)
        return result

    def _notify(self, result: AppendResult) -> None:
        """Tell listeners; the events are committed, so a listener's failure is only logged."""
        for listener in self.listeners:
            try:
                listener(result)
            except Exception:  # noqa: BLE001 - a lost notification only delays read models
                log.warning("append listener %r failed", listener, exc_info=True)

    def read_stream(
        self, stream_id: str, *, up_to_version: int | None = None, as_of: datetime | None = None
    ) -> list[RecordedEvent]:
        """The stream's events in version order, optionally only up to a version or a time."""
        sql = f"SELECT {COLUMNS} FROM events WHERE stream_id = :s"
        params: dict[str, Any] = {"s": stream_id}
        if up_to_version is not None:
            sql += " AND version <= :v"
            params["v"] = up_to_version
        if as_of is not None:
            sql += " AND recorded_at <= :t"
            params["t"] = format_time(as_of)
        with self._read() as conn:
            rows = conn.execute(text(sql + " ORDER BY version"), params).all()
        return [self._record(r) for r in rows]

    def stream_version(self, stream_id: str) -> int:
        """The stream's current version; 0 if it does not exist."""
        with self._read() as conn:
            return _current(conn, stream_id)[0]

    def read_all(self, *, after: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        """Events after a position, in position order, never skipping a later-committing one."""
        if limit < 1 or after < 0:
            raise ValueError("read_all needs after >= 0 and limit >= 1")
        with self._read() as conn:
            rows = conn.execute(text(self._read_all_sql()), {"after": after, "limit": limit}).all()
        return [self._record(r) for r in rows]

    def iter_all(self, *, after: int = 0, batch: int = 5000) -> Iterator[RecordedEvent]:
        """Every event after a position, read in batches up to the current head."""
        while True:
            page = self.read_all(after=after, limit=batch)
            yield from page
            if len(page) < batch:
                return
            after = page[-1].position

    @abstractmethod
    def head(self) -> int:
        """The highest position below which every event is committed and readable."""

    @abstractmethod
    def status(self) -> StoreStatus:
        """Last position, safe head, and what holds readers back."""

    def verify(self) -> VerifyReport:
        """Recompute every stream's hash chain; report the broken events."""
        from events.verify import verify_rows

        sql = f"SELECT {COLUMNS} FROM events ORDER BY stream_id, version"
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=2000).execute(text(sql))
            return verify_rows(result)

    def content_hashes(self, *, recorded_from: datetime, recorded_before: datetime) -> list[tuple[int, str]]:
        """(position, hash recomputed from the stored content) of every event recorded in
        [recorded_from, recorded_before), in position order: the leaves of a month's seal."""
        sql = (
            f"SELECT {COLUMNS} FROM events WHERE recorded_at >= :a AND recorded_at < :b"
            " ORDER BY position"
        )
        params = {"a": format_time(recorded_from), "b": format_time(recorded_before)}
        with self._read() as conn:
            rows = conn.execute(text(sql), params).all()
        return [
            (r[0], chain_hash(r[8], canonical_record(r[1], r[2], r[3], r[4], r[5], r[6], r[7])))
            for r in rows
        ]

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()

    def _read(self) -> Connection:
        """A connection for one-statement reads: autocommit, so no BEGIN/ROLLBACK round trips
        (a single statement sees one consistent snapshot)."""
        return self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")

    # --- backend hooks ----------------------------------------------------------------
    @abstractmethod
    def create_schema(self) -> None:
        """Create the tables and immutability triggers if absent (idempotent)."""

    @abstractmethod
    def _write(self) -> AbstractContextManager[Connection]:
        """A connection inside a write transaction, committed on a clean exit."""

    @abstractmethod
    def _insert(self, conn: Connection, rows: list[Row]) -> list[int]:
        """Insert rows (the transaction's first write); return their positions in order."""

    @abstractmethod
    def _read_all_sql(self) -> str:
        """SQL for read_all with :after and :limit."""

    # --- shared machinery -----------------------------------------------------------
    def _append(
        self,
        stream_id: str,
        prepared: list[tuple[str, int, str, str]],
        expected: int | None,
        command_id: str | None,
    ) -> AppendResult:
        with self._write() as conn:
            if command_id is not None:
                first = _command_result(conn, command_id)
                if first is not None:
                    return first
            version, prev = _current(conn, stream_id)
            if expected is not None and version != expected:
                raise ConcurrencyError(stream_id, expected, version)
            rows = _chain(stream_id, version, prev, prepared, self.clock())
            positions = self._insert(conn, rows)
            result = AppendResult(stream_id, rows[-1].version, tuple(positions))
            if command_id is not None:
                _record_command(conn, command_id, result, rows[-1].recorded_at)
            return result

    def _after_conflict(
        self, stream_id: str, expected: int | None, command_id: str | None
    ) -> AppendResult:
        with self.engine.connect() as conn:
            if command_id is not None:
                first = _command_result(conn, command_id)
                if first is not None:
                    return first
            actual = _current(conn, stream_id)[0]
        raise ConcurrencyError(stream_id, expected, actual)

    def _record(self, row: Any) -> RecordedEvent:
        data = json.loads(row[5])
        schema_version = row[4]
        if self.upcasters:
            schema_version, data = self.upcasters.upcast(row[3], schema_version, data)
        return RecordedEvent(
            row[0], row[1], row[2], row[3], schema_version, data,
            json.loads(row[6]), parse_time(row[7]), row[8], row[9],
        )  # fmt: skip


def _prepare(
    stream_id: str,
    events: Sequence[NewEvent],
    expected: int | None,
    command_id: str | None,
    metadata: dict[str, Any] | None,
) -> list[tuple[str, int, str, str]]:
    """Validate an append and serialise its events before anything touches the database."""
    if not isinstance(stream_id, str) or not stream_id.strip():
        raise InvalidAppend("stream id must be a non-empty string")
    if len(stream_id) > MAX_STREAM_ID:
        raise InvalidAppend(f"stream id longer than {MAX_STREAM_ID} characters")
    if not events:
        raise InvalidAppend("nothing to append: the event list is empty")
    if expected is not None and (not isinstance(expected, int) or expected < 0):
        raise InvalidAppend(f"expected version must be >= 0, got {expected!r}")
    if command_id is not None and not (0 < len(command_id) <= MAX_STREAM_ID):
        raise InvalidAppend("command id must be 1 to 200 characters")
    base = dict(metadata or {})
    if command_id is not None:
        base.setdefault("command_id", command_id)
    return [_serialise(event, base) for event in events]


def _serialise(event: NewEvent, base: dict[str, Any]) -> tuple[str, int, str, str]:
    if not isinstance(event, NewEvent):
        raise InvalidAppend(f"not a NewEvent: {event!r}")
    if not event.type or len(event.type) > MAX_TYPE:
        raise InvalidAppend("event type must be 1 to 200 characters")
    if not isinstance(event.data, dict):
        raise InvalidAppend(f"{event.type}: data must be a JSON object")
    if event.schema_version < 1:
        raise InvalidAppend(f"{event.type}: schema version must be >= 1")
    try:
        data = canonical_json(event.data)
        meta = canonical_json({**base, **event.metadata})
    except (TypeError, ValueError) as err:
        raise InvalidAppend(f"{event.type}: data is not JSON-serialisable: {err}") from err
    return event.type, event.schema_version, data, meta


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _chain(
    stream_id: str,
    version: int,
    prev: str,
    prepared: list[tuple[str, int, str, str]],
    moment: datetime,
) -> list[Row]:
    recorded_at = format_time(moment)
    rows = []
    for offset, (event_type, schema_version, data, meta) in enumerate(prepared, start=1):
        v = version + offset
        record = canonical_record(stream_id, v, event_type, schema_version, data, meta, recorded_at)
        digest = chain_hash(prev, record)
        rows.append(
            Row(stream_id, v, event_type, schema_version, data, meta, recorded_at, prev, digest)
        )
        prev = digest
    return rows


def _current(conn: Connection, stream_id: str) -> tuple[int, str]:
    row = conn.execute(
        text("SELECT version, hash FROM events WHERE stream_id = :s ORDER BY version DESC LIMIT 1"),
        {"s": stream_id},
    ).first()
    return (row[0], row[1]) if row else (0, GENESIS)


def _command_result(conn: Connection, command_id: str) -> AppendResult | None:
    row = conn.execute(
        text("SELECT stream_id, version, positions FROM event_commands WHERE command_id = :c"),
        {"c": command_id},
    ).first()
    if row is None:
        return None
    positions = tuple(int(p) for p in row[2].split(","))
    return AppendResult(row[0], row[1], positions, duplicate=True)


def _record_command(conn: Connection, command_id: str, result: AppendResult, at: str) -> None:
    conn.execute(
        text(
            "INSERT INTO event_commands (command_id, stream_id, version, positions, recorded_at)"
            " VALUES (:c, :s, :v, :p, :t)"
        ),
        {
            "c": command_id,
            "s": result.stream_id,
            "v": result.version,
            "p": ",".join(map(str, result.positions)),
            "t": at,
        },
    )


def _readable_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def open_store(
    url: str,
    *,
    upcasters: Upcasters | None = None,
    clock: Callable[[], datetime] | None = None,
    **engine_options: Any,
) -> EventStore:
    """Open (and create if absent) the store at a SQLAlchemy URL: sqlite:/// or postgresql://."""
    try:
        parsed = make_url(url)
    except exc.ArgumentError as err:
        raise UnknownBackend(f"not a database URL: {url!r}") from err
    backend = parsed.get_backend_name()
    # read models may use JSON columns: keep Chinese readable there too
    engine_options.setdefault("json_serializer", _readable_json)
    if backend == "sqlite":
        from events.sqlite import SQLiteEventStore

        store: EventStore = SQLiteEventStore.from_url(parsed, upcasters, **engine_options)
    elif backend == "postgresql":
        from events.postgres import PostgresEventStore

        store = PostgresEventStore.from_url(parsed, upcasters, **engine_options)
    else:
        raise UnknownBackend(f"unknown database backend {backend!r} (use sqlite or postgresql)")
    if clock is not None:
        store.clock = clock  # recording time: real in production, simulated in tests
    store.create_schema()
    return store

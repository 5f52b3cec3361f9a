"""The projection engine (读模型投影): checkpointed catch-up and atomic rebuilds.

A projection names itself, declares a version, the event types it reads, its tables,
and an `apply` that writes only those tables. The checkpoint (`projection_state`) is
updated in the same transaction as the rows an event produced, so a crash at any point
neither skips nor repeats an event. Two workers catching up the same projection
serialise on its state row (`FOR UPDATE` on PostgreSQL, the write lock on SQLite).

Tables live in generations (`rm_<name>_g<N>_<table>`). A rebuild fills generation N+1
from position 0, then in one transaction applies the tail and points the state row at
N+1: readers see the old model or the new one, never a half-built one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import Connection, MetaData, Table, text

from events import EventStore, RecordedEvent

Tables = dict[str, Table]
Progress = Callable[[int, int], None]

STATE_DDL = """CREATE TABLE IF NOT EXISTS projection_state (
    name VARCHAR(100) PRIMARY KEY,
    version INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    position BIGINT NOT NULL,
    updated_at VARCHAR(32) NOT NULL
)"""


class Projection(ABC):
    """A read model: name, version, the event types it reads, its tables and `apply`."""

    name: ClassVar[str]
    version: ClassVar[int]
    event_types: ClassVar[frozenset[str] | None]  # None: every event

    @abstractmethod
    def define(self, metadata: MetaData, prefix: str) -> Tables:
        """Declare the projection's tables (names start with `prefix`), keyed by short name."""

    @abstractmethod
    def apply(self, conn: Connection, tables: Tables, event: RecordedEvent) -> None:
        """Write what one event means into the tables (same transaction as the checkpoint)."""

    def apply_batch(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        """Write a batch of wanted events in position order; override to write in bulk."""
        for event in events:
            self.apply(conn, tables, event)


@dataclass(frozen=True)
class ProjectionState:
    """Where a projection stands: its version, table generation and checkpoint."""

    name: str
    version: int
    generation: int
    position: int


class ProjectionEngine:
    """Runs projections against one event store, in the store's own database."""

    def __init__(
        self, store: EventStore, projections: Iterable[Projection], batch: int = 1000
    ) -> None:
        self.store = store
        self.engine = store.engine
        self.projections = {p.name: p for p in projections}
        self.batch = batch
        self._ensure_state_table()

    # --- reading ------------------------------------------------------------------
    def state(self, name: str) -> ProjectionState | None:
        with self.engine.connect() as conn:
            return _state(conn, name, lock=False)

    def tables(self, name: str) -> Tables:
        """The tables of the generation readers should use now (created if absent)."""
        state = self.state(name) or self.initialise(name)
        return self._tables(self.projections[name], state.generation)

    def initialise(self, name: str) -> ProjectionState:
        """Create the projection's state row and first generation if absent."""
        with self._write() as conn:
            return self._initialise(conn, self.projections[name])

    # --- writing ------------------------------------------------------------------
    def catch_up(self, name: str) -> int:
        """Apply every event after the checkpoint; returns how many were read."""
        projection = self.projections[name]
        read = 0
        while True:
            state, count = self._catch_up_batch(projection)
            if state.version != projection.version:
                self.rebuild(name)
                continue
            read += count
            if count < self.batch:
                return read

    def catch_up_all(self) -> dict[str, int]:
        return {name: self.catch_up(name) for name in self.projections}

    def rebuild(self, name: str, progress: Progress | None = None) -> ProjectionState:
        """Build a fresh generation from position 0, then swap it in atomically."""
        return self.rebuild_many([name], progress)[name]

    def rebuild_many(self, names: list[str], progress: Progress | None = None) -> dict[str, ProjectionState]:
        """Rebuild several projections in one pass over the store, then swap each in."""
        chosen = [self.projections[n] for n in names]
        current = {p.name: self.state(p.name) for p in chosen}
        generation = {p.name: (s.generation if (s := current[p.name]) else 0) + 1 for p in chosen}
        tables = {p.name: self._create(p, generation[p.name], fresh=True) for p in chosen}
        position, head = 0, self.store.head()
        while events := self.store.read_all(after=position, limit=self.batch):
            with self._write() as conn:
                for p in chosen:
                    self._apply(conn, p, tables[p.name], events)
            position = events[-1].position
            if progress:
                progress(position, max(head, position))
        return {
            p.name: self._swap(p, generation[p.name], tables[p.name], position, current[p.name])
            for p in chosen
        }

    def rebuild_all(self, progress: Progress | None = None) -> dict[str, ProjectionState]:
        return self.rebuild_many(list(self.projections), progress)

    # --- machinery ----------------------------------------------------------------
    def _catch_up_batch(self, projection: Projection) -> tuple[ProjectionState, int]:
        with self._write() as conn:
            state = _state(conn, projection.name, lock=True) or self._initialise(conn, projection)
            if state.version != projection.version:
                return state, 0
            tables = self._tables(projection, state.generation)
            events = self.store.read_all(after=state.position, limit=self.batch)
            if events:
                self._apply(conn, projection, tables, events)
                _save(
                    conn, projection.name, state.generation, projection.version, events[-1].position
                )
            return state, len(events)

    def _swap(
        self,
        projection: Projection,
        generation: int,
        tables: Tables,
        position: int,
        old: ProjectionState | None,
    ) -> ProjectionState:
        with self._write() as conn:
            _state(conn, projection.name, lock=True)
            while events := self.store.read_all(after=position, limit=self.batch):
                self._apply(conn, projection, tables, events)
                position = events[-1].position
            if old is None:
                _insert_state(conn, projection.name, projection.version, generation, position)
            _save(conn, projection.name, generation, projection.version, position)
        if old is not None:
            self._drop_older_than(projection, old.generation)
        return ProjectionState(projection.name, projection.version, generation, position)

    def _initialise(self, conn: Connection, projection: Projection) -> ProjectionState:
        _serialise(conn, f"projection:{projection.name}")
        found = _state(conn, projection.name, lock=True)
        if found is not None:
            return found
        tables = self._tables(projection, 1)
        for table in tables.values():
            table.create(conn, checkfirst=True)
        _insert_state(conn, projection.name, projection.version, 1, 0)
        state = _state(conn, projection.name, lock=True)
        assert state is not None
        return state

    def _apply(
        self, conn: Connection, projection: Projection, tables: Tables, events: list[RecordedEvent]
    ) -> None:
        wanted = projection.event_types
        chosen = events if wanted is None else [e for e in events if e.type in wanted]
        if chosen:
            projection.apply_batch(conn, tables, chosen)

    def _tables(self, projection: Projection, generation: int) -> Tables:
        return projection.define(MetaData(), f"rm_{projection.name}_g{generation}_")

    def _create(self, projection: Projection, generation: int, *, fresh: bool) -> Tables:
        tables = self._tables(projection, generation)
        with self._write() as conn:
            _serialise(conn, f"projection:{projection.name}")
            for table in tables.values():
                if fresh:
                    table.drop(conn, checkfirst=True)
                table.create(conn)
        return tables

    def _drop_older_than(self, projection: Projection, generation: int) -> None:
        """Keep the previous generation (a reader may still be on it); drop older ones."""
        with self._write() as conn:
            _serialise(conn, f"projection:{projection.name}")
            for old in range(1, generation):
                for table in self._tables(projection, old).values():
                    table.drop(conn, checkfirst=True)

    def _write(self) -> Any:
        return self.store._write()  # noqa: SLF001 - the store's own write transaction

    def _ensure_state_table(self) -> None:
        with self._write() as conn:
            _serialise(conn, "projection_state")
            conn.exec_driver_sql(STATE_DDL)


def _serialise(conn: Connection, key: str) -> None:
    """Serialise DDL on one key until commit (PostgreSQL; SQLite writers already are)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": key})


def _state(conn: Connection, name: str, *, lock: bool) -> ProjectionState | None:
    sql = "SELECT name, version, generation, position FROM projection_state WHERE name = :n"
    if lock and conn.dialect.name == "postgresql":
        sql += " FOR UPDATE"
    row = conn.execute(text(sql), {"n": name}).first()
    return ProjectionState(row[0], row[1], row[2], row[3]) if row else None


def _insert_state(
    conn: Connection, name: str, version: int, generation: int, position: int
) -> None:
    conflict = " ON CONFLICT (name) DO NOTHING"
    conn.execute(
        text(
            "INSERT INTO projection_state (name, version, generation, position, updated_at)"
            " VALUES (:n, :v, :g, :p, :t)" + conflict
        ),
        {"n": name, "v": version, "g": generation, "p": position, "t": _now()},
    )


def _save(conn: Connection, name: str, generation: int, version: int, position: int) -> None:
    conn.execute(
        text(
            "UPDATE projection_state SET generation = :g, version = :v, position = :p,"
            " updated_at = :t WHERE name = :n"
        ),
        {"n": name, "g": generation, "v": version, "p": position, "t": _now()},
    )


def _now() -> str:
    return datetime.now(UTC).isoformat()

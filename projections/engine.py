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

import logging
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, ClassVar

from sqlalchemy import Connection, MetaData, Table, inspect

from events import EventStore, RecordedEvent
from projections import parallel, quarantine, shadow
from projections.catchup import Pace, StaggeredCatchUp
from projections.state import (
    STATE_DDL,
    ProjectionState,
    insert_state,
    load_state,
    save,
    serialise,
)

log = logging.getLogger(__name__)
Tables = dict[str, Table]
Progress = Callable[[int, int], None]
FINISHERS = 2  # PostgreSQL: shadow tables indexed two at a time after a rebuild's load


class Projection(ABC):
    """A read model: name, version, the event types it reads, its tables and `apply`."""

    name: ClassVar[str]
    version: ClassVar[int]
    event_types: ClassVar[frozenset[str] | None]  # None: every event
    # CPU a rebuild spends in the model, relative (how `projections.parallel` splits them)
    cost: ClassVar[float] = 1.0

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


class ProjectionEngine(StaggeredCatchUp):
    """Runs projections against one event store, in the store's own database."""

    # a rebuild of a log this long or longer loads in processes / scratch files
    parallel_from: int = parallel.PARALLEL_FROM
    # at most this many at once; None: one per CPU, up to 4 (parallel.py)
    processes: int | None = None

    def __init__(
        self,
        store: EventStore,
        projections: Iterable[Projection],
        batch: int = 1000,
        max_batch: int | None = None,
    ) -> None:
        self.store = store
        self.engine = store.engine
        self.projections = {p.name: p for p in projections}
        self.batch = batch
        # far behind (a rebuild's shadow, a catch-up that keeps reading full batches):
        # batches grow up to this many events, fewer commits and fewer rows rewritten
        self.max_batch = max(batch, max_batch or batch)
        self._defined: dict[tuple[str, int], Tables] = {}
        self.quarantines = 0  # events this engine set aside: the embedded notice watches it
        self._ensure_state_table()

    # --- reading ------------------------------------------------------------------
    def state(self, name: str) -> ProjectionState | None:
        with self.engine.connect() as conn:
            return load_state(conn, name, lock=False)

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

    def rebuild(self, name: str, progress: Progress | None = None) -> ProjectionState:
        """Build a fresh generation from position 0, then swap it in atomically."""
        return self.rebuild_many([name], progress)[name]

    def rebuild_many(
        self, names: list[str], progress: Progress | None = None, read: dict[str, int] | None = None
    ) -> dict[str, ProjectionState]:
        """Rebuild several projections in one pass over the store, then swap each in
        (`read`, if given, counts the events each one read)."""
        chosen = [self.projections[n] for n in names]
        current = {p.name: self.state(p.name) for p in chosen}
        generation = {p.name: (s.generation if (s := current[p.name]) else 0) + 1 for p in chosen}
        tables = self._create(chosen, generation)
        head = self.store.head()
        indexed = False  # SQLite's scratch-file loads index their tables as they finish
        if parallel.wanted(self, chosen, head):
            positions = parallel.load(self, chosen, tables, generation, read, progress)
            indexed = self.engine.dialect.name == "sqlite"
        else:
            at = self._load(self.engine, chosen, tables, generation, read, progress, head)
            positions = dict.fromkeys(generation, at)
        if not indexed:
            self._finish([t for p in chosen for t in tables[p.name].values()], self.lock_budget())
        states = self._swap(chosen, generation, tables, positions, read)
        self._drop_older_than({p.name: s.generation for p in chosen if (s := current[p.name])})
        return states

    def _load(
        self,
        engine: Any,
        chosen: list[Projection],
        tables: dict[str, Tables],
        generation: dict[str, int],
        read: dict[str, int] | None,
        progress: Progress | None,
        head: int,
        *,
        paced: bool = True,
    ) -> int:
        """Fill the shadow tables from position 0 to the head on `engine` (the store's, or a
        scratch file's, `paced` False: no lock budget, no sync settings of the store's);
        returns the position reached (the swap applies what came since)."""
        position = 0
        budget = self.lock_budget() if paced else None
        pace = Pace(self.batch if budget else self.max_batch, self.max_batch, budget)
        types = parallel.types_of(chosen)  # models that name their types: only those read
        with shadow.loading(engine) if paced else engine.connect() as conn:
            for events in self._batches(pace, ahead=budget is None, types=types):
                pace.start()  # SQLite: appends wait while this transaction holds the lock
                with shadow.batch(conn).begin(), shadow.without_gc():
                    for p in chosen:
                        self._apply(conn, p, tables[p.name], events, generation[p.name])
                pace.done(len(events))
                position = events[-1].position
                if read is not None:
                    for p in chosen:
                        read[p.name] = read.get(p.name, 0) + len(events)
                if progress:
                    progress(position, max(head, position))
        # read to the end: every event up to the head is in (of the types read, the only
        # ones these models apply), so the swap starts there even if the last was earlier
        return max(position, head)

    def _batches(
        self, pace: Pace, *, ahead: bool, types: frozenset[str] | None = None
    ) -> Iterator[list[RecordedEvent]]:
        """The log from position 0 to the head, a batch of the pace's size at a time (the
        last one short: the swap applies what came since). `ahead` (no lock budget to keep
        to): the next batch is read in a thread while the caller folds this one, so the
        PostgreSQL server answers the read meanwhile instead of this process waiting for it
        (the in-memory fold of the log waits ~3.5 s of 4.9 s per 100k events there)."""
        if not ahead:
            position = 0
            while events := self.store.read_all(
                after=position, limit=(asked := pace.limit), types=types
            ):
                yield events
                if len(events) < asked:
                    return
                position = events[-1].position
            return
        with ThreadPoolExecutor(1, thread_name_prefix="rebuild-read") as pool:
            asked = pace.limit
            future = pool.submit(self.store.read_all, after=0, limit=asked, types=types)
            while events := future.result():
                last = len(events) < asked
                if not last:
                    asked = pace.limit
                    future = pool.submit(self.store.read_all, after=events[-1].position,
                                         limit=asked, types=types)  # fmt: skip
                yield events
                if last:
                    return

    def rebuild_all(self, progress: Progress | None = None) -> dict[str, ProjectionState]:
        return self.rebuild_many(list(self.projections), progress)

    # --- machinery ----------------------------------------------------------------
    def _finish(self, tables: list[Table], budget: float | None) -> None:
        """Indexes before readers get the tables. PostgreSQL (no lock budget): one table a
        transaction, two at a time on connections of their own (the server sorts; this
        process only waits), the biggest first.
        SQLite: one index after another, as many a transaction as fit in half the lock
        budget, with the gap between them, so appends never wait for all of a big table's
        indexes at once (and a table without indexes costs nothing: no transaction, no gap)."""
        if budget is None:

            def finish(table: Table) -> None:
                with self._write() as conn:
                    shadow.finish(conn, {table.name: table})

            with ThreadPoolExecutor(FINISHERS, thread_name_prefix="rebuild-finish") as pool:
                list(pool.map(finish, sorted(tables, key=lambda t: -len(t.indexes))))
            return
        todo = [i for t in tables for i in sorted(t.indexes, key=lambda i: str(i.name))]
        self._paced([index.create for index in todo], budget)

    def _paced(self, steps: list[Callable[[Connection], Any]], budget: float | None) -> None:
        """Run the steps in write transactions: all in one without a budget; with one
        (SQLite), as many a transaction as fit in half of it, with the gap between them."""
        if budget is None:
            if steps:
                with self._write() as conn:
                    for step in steps:
                        step(conn)
            return
        todo = list(steps)
        pace = Pace(1, 1, budget)
        while todo:
            pace.start()
            with self._write() as conn:
                began = time.perf_counter()
                while todo:
                    todo.pop(0)(conn)
                    if time.perf_counter() - began > budget / 2:
                        break
            pace.done(1)

    def _catch_up_batch(self, projection: Projection) -> tuple[ProjectionState, int]:
        with self._write() as conn:
            state = load_state(conn, projection.name, lock=True) or self._initialise(
                conn, projection
            )
            if state.version != projection.version:
                return state, 0
            tables = self._tables(projection, state.generation)
            events = self.store.read_all(after=state.position, limit=self.batch)
            if events:
                self._apply(conn, projection, tables, events, state.generation)
                save(
                    conn, projection.name, state.generation, projection.version, events[-1].position
                )
            return state, len(events)

    def _swap(
        self,
        chosen: list[Projection],
        generation: dict[str, int],
        tables: dict[str, Tables],
        positions: dict[str, int],
        read: dict[str, int] | None = None,
    ) -> dict[str, ProjectionState]:
        """Point every model's state row at its new generation, in one transaction that
        first applies the events that came since each one's load (read once for all):
        readers see all the old models or all the new ones, and one commit (one fsync on
        SQLite) instead of one per model."""
        order = sorted(chosen, key=lambda p: p.name)  # state rows locked in name order
        at = dict(positions)
        with self._write() as conn:
            found = {p.name: load_state(conn, p.name, lock=True) for p in order}
            start = min(at[p.name] for p in order)
            while events := self.store.read_all(after=start, limit=self.batch):
                for p in order:
                    mine = [e for e in events if e.position > at[p.name]]
                    if mine:
                        self._apply(conn, p, tables[p.name], mine, generation[p.name])
                        at[p.name] = mine[-1].position
                        if read is not None:
                            read[p.name] = read.get(p.name, 0) + len(mine)
                start = events[-1].position
            for p in order:
                at[p.name] = max(at[p.name], start)
                if found[p.name] is None:
                    insert_state(conn, p.name, p.version, generation[p.name], at[p.name])
                save(conn, p.name, generation[p.name], p.version, at[p.name])
        return {
            p.name: ProjectionState(p.name, p.version, generation[p.name], at[p.name])
            for p in chosen
        }

    def _initialise(self, conn: Connection, projection: Projection) -> ProjectionState:
        serialise(conn, f"projection:{projection.name}")
        found = load_state(conn, projection.name, lock=True)
        if found is not None:
            return found
        tables = self._tables(projection, 1)
        for table in tables.values():
            table.create(conn, checkfirst=True)
        insert_state(conn, projection.name, projection.version, 1, 0)
        state = load_state(conn, projection.name, lock=True)
        assert state is not None
        return state

    def _apply(
        self,
        conn: Connection,
        projection: Projection,
        tables: Tables,
        events: list[RecordedEvent],
        generation: int,
    ) -> None:
        self.quarantines += quarantine.apply(conn, projection, tables, events, generation)

    def quarantined(self, name: str) -> list[quarantine.Quarantined]:
        """The events the model's current generation set aside (隔离的事件)."""
        state = self.state(name)
        if state is None:
            return []
        with self.engine.connect() as conn:
            return quarantine.entries(conn, name, state.generation)

    def _tables(self, projection: Projection, generation: int) -> Tables:
        """The generation's tables, defined once per engine (SQLAlchemy caches compiled
        statements per Table object: a fresh definition per batch would recompile them)."""
        key = (projection.name, generation)
        if key not in self._defined:
            prefix = f"rm_{projection.name}_g{generation}_"
            self._defined[key] = projection.define(MetaData(), prefix)
        return self._defined[key]

    def _create(self, chosen: list[Projection], generation: dict[str, int]) -> dict[str, Tables]:
        """Fresh shadow tables for every chosen model, in one transaction (a table left by
        a rebuild that died is dropped first; indexes come after the load: shadow.finish)."""
        tables = {p.name: self._tables(p, generation[p.name]) for p in chosen}
        with self._write() as conn:
            found = set(inspect(conn).get_table_names())
            for p in sorted(chosen, key=lambda p: p.name):
                serialise(conn, f"projection:{p.name}")
                quarantine.forget(conn, p.name, generation[p.name])
                for table in tables[p.name].values():
                    if table.name in found:
                        table.drop(conn)
                shadow.create(conn, tables[p.name])
        return tables

    def _drop_older_than(self, previous: dict[str, int]) -> None:
        """Keep each model's previous generation (a reader may still be on it); drop older
        ones (the tables there are: one look at the schema, not one per generation ever
        made). One transaction on PostgreSQL; on SQLite (a drop walks the table's pages
        while appends wait) as many tables a transaction as fit in half the lock budget."""
        with self.engine.connect() as conn:
            found = sorted(inspect(conn).get_table_names())
            quote = conn.dialect.identifier_preparer.quote
        steps: list[Callable[[Connection], Any]] = []
        for name, generation in sorted(previous.items()):
            steps.append(partial(serialise, key=f"projection:{name}"))
            mine = re.compile(rf"rm_{re.escape(name)}_g([0-9]+)_")
            for table in found:
                if (match := mine.match(table)) and int(match[1]) < generation:
                    steps.append(partial(_drop, sql=f"DROP TABLE IF EXISTS {quote(table)}"))
            steps.append(partial(quarantine.forget_older_than, name=name, generation=generation))
        self._paced(steps, self.lock_budget())

    def _write(self) -> Any:
        return self.store._write()  # noqa: SLF001 - the store's own write transaction

    def _ensure_state_table(self) -> None:
        """The checkpoint and quarantine tables, created if absent. Looked for first with a
        read: every worker job makes an engine, and on SQLite a write transaction here
        waited for the write lock behind the writers, once a job, before any catch-up."""
        with self.engine.connect() as conn:
            found = inspect(conn)
            if found.has_table("projection_state") and found.has_table("projection_quarantine"):
                return
        with self._write() as conn:
            serialise(conn, "projection_state")
            conn.exec_driver_sql(STATE_DDL)
            conn.exec_driver_sql(quarantine.QUARANTINE_DDL)


def _drop(conn: Connection, sql: str) -> None:
    conn.exec_driver_sql(sql)

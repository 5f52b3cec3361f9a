"""Catching every read model up together, without a lagging model holding the others back.

`catch_up_all` reads each batch of the log once for all the models it serves. Served from
the lowest checkpoint, one model at 0 (new after an upgrade, or just reset) would keep
every other model as stale as itself until it reached the head. So the models are
grouped by checkpoint (a group: checkpoints within one batch of each other), and each
pass first brings the front group to the head, then moves every lagging group by one
bounded slice; passes repeat until one group is left. A fresh model is never more than
one slice of a lagging one away from the head.

Every transaction still saves the checkpoint with the rows (the quarantine applies as
before), and on SQLite, where it holds the write lock that appends wait for, its size is
paced to a time budget (`Pace`) instead of growing to `max_batch` regardless of cost.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from events import EventStore
from projections import shadow
from projections.state import ProjectionState, load_state, save

Projection = Any  # projections.engine.Projection (named here only: engine imports this module)
Tables = dict[str, Any]
log = logging.getLogger("projections.engine")
LOCK_BUDGET = 0.5  # seconds a catch-up or rebuild transaction may hold SQLite's write lock
# seconds the lock is left free between two of them: a waiting append polls (SQLite's busy
# handler) at most every 100 ms, so a shorter gap can starve it for the whole rebuild
LOCK_GAP = 0.1
# ... but it sleeps less early on: SQLite's busy handler (Unix, with usleep) sleeps these
# milliseconds one after another, then 100 ms each time (sqlite3's sqliteDefaultBusyCallback)
BUSY_SLEEPS_MS = (1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100)


def gap_after(held: float) -> float:
    """Seconds to leave the lock free after holding it `held` seconds: twice the sleep a
    waiter that came when the lock was taken is in by now (it wakes and tries within the
    gap; one that came later sleeps less), at most `LOCK_GAP`. After a short transaction
    a short gap: a paced load that starts small does not sleep 100 ms after each."""
    waited, held_ms = 0, held * 1000
    for sleep in BUSY_SLEEPS_MS:
        if held_ms < waited + sleep:
            return min(LOCK_GAP, 2 * sleep / 1000)
        waited += sleep
    return LOCK_GAP


class Pace:
    """A batch size kept under a time budget: grown (up to `most`) while a full batch takes
    under half the budget — to what should take about half of it at the rate just seen, at
    least doubled, at most 8x (no budget: doubled) — and halved (down to `least`) when one
    takes longer. With a budget, `start` also leaves the lock free after the previous batch
    (`gap_after` its length): fewer, fuller transactions, so fewer gaps slept through."""

    def __init__(self, least: int, most: int, budget: float | None) -> None:
        self.least, self.most, self.budget = least, max(least, most), budget
        self.limit = least
        self._started = self._ended = 0.0

    def start(self) -> None:
        if self.budget is not None and self._ended:
            gap = gap_after(self._ended - self._started)
            time.sleep(max(0.0, gap - (time.perf_counter() - self._ended)))
        self._started = time.perf_counter()

    def done(self, count: int) -> None:
        self._ended = time.perf_counter()
        took = self._ended - self._started
        if self.budget is not None and took > self.budget:
            self.limit = max(self.least, self.limit // 2)
        elif count >= self.limit and (self.budget is None or took < self.budget / 2):
            rate = 2.0 if self.budget is None else self.budget / 2 / max(took, 1e-6)
            self.limit = min(self.most, int(self.limit * min(8.0, max(2.0, rate))))


def groups(positions: dict[str, int], gap: int) -> list[list[str]]:
    """Names grouped by checkpoint, the front (highest) group first: a group starts
    wherever a checkpoint is more than `gap` below its group's highest one."""
    found: list[list[str]] = []
    top = 0
    for name in sorted(positions, key=lambda n: (-positions[n], n)):
        if not found or positions[name] < top - gap:
            found.append([])
            top = positions[name]
        found[-1].append(name)
    return [sorted(g) for g in found]


class StaggeredCatchUp:
    """The `catch_up_all` side of `ProjectionEngine` (a mixin: it uses the engine's state)."""

    store: EventStore
    projections: dict[str, Projection]
    batch: int
    max_batch: int
    budget: float = LOCK_BUDGET  # an engine may set its own (tests, a slow disk)
    bulk_fresh: bool = True  # a model at 0 far behind is built like a rebuild (catch_up_all)

    if TYPE_CHECKING:

        def state(self, name: str) -> ProjectionState | None: ...
        def initialise(self, name: str) -> ProjectionState: ...
        def rebuild(self, name: str, progress: Any = None) -> ProjectionState: ...
        def rebuild_many(self, names: list[str], progress: Any = None,
                         read: dict[str, int] | None = None) -> Any: ...  # fmt: skip
        def catch_up(self, name: str) -> int: ...
        def _write(self) -> Any: ...
        def _initialise(self, conn: Any, projection: Projection) -> ProjectionState: ...
        def _tables(self, projection: Projection, generation: int) -> Tables: ...
        def _apply(self, conn: Any, projection: Projection, tables: Tables,
                   events: list[Any], generation: int) -> None: ...  # fmt: skip

    def lock_budget(self) -> float | None:
        """SQLite: appends wait for the write lock a catch-up holds; PostgreSQL: they don't."""
        return self.budget if self.store.engine.dialect.name == "sqlite" else None

    def catch_up_all(self) -> dict[str, int]:
        """Catch every projection up, reading each batch of the store once for each group
        of models at about the same checkpoint, the freshest group first in every pass."""
        names = sorted(self.projections)
        found = {n: self.state(n) for n in names}
        if missing := [n for n in names if found[n] is None]:  # new models: one transaction
            with self._write() as conn:
                found.update((n, self._initialise(conn, self.projections[n])) for n in missing)
        states = {n: s for n, s in found.items() if s is not None}
        head = self.store.head()
        changed = [  # a new version of the code: its model is rebuilt from position 0; and a
            n  # model at 0 more than a big batch behind (new, or reset) is built the same way:
            for n in names  # tables loaded without indexes, no checkpoint per batch, swapped in
            if states[n].version != self.projections[n].version
            or (self.bulk_fresh and states[n].position == 0 and head > self.max_batch)
        ]
        read = dict.fromkeys(names, 0)
        # the unchanged models to the head first (a rebuild does not keep them stale), then
        # every changed model in one shared pass over the log, then what came meanwhile
        self._staggered([n for n in names if n not in changed], read)
        if changed:
            self.rebuild_many(changed, read=read)
            self._staggered(names, read)
        return read

    def _staggered(self, names: list[str], read: dict[str, int]) -> None:
        lag = Pace(self.batch, self.max_batch, self.lock_budget())
        try:
            while self.catch_up_pass(names, read, lag):
                pass
        except Exception:  # one projection failed: isolate it, let the others go on
            log.warning("shared catch-up failed; catching up one at a time", exc_info=True)
            self._catch_up_each(names, read)

    def catch_up_pass(
        self, names: list[str], read: dict[str, int], lag: Pace | None = None
    ) -> bool:
        """The front group to the head, then one slice (of `lag`'s size) for each lagging
        group; True while some group still lags (call again). Models must be initialised."""
        positions = {n: s.position for n in names if (s := self.state(n)) is not None}
        if not positions:
            return False
        front, *behind = groups(positions, self.batch)
        pace = Pace(self.batch, self.max_batch, self.lock_budget())
        while not self._timed_batch(front, read, pace):
            pass
        lag = lag or Pace(self.max_batch, self.max_batch, self.lock_budget())
        for group in behind:
            self._timed_batch(group, read, lag)
        return bool(behind)

    def _timed_batch(self, names: list[str], read: dict[str, int], pace: Pace) -> bool:
        """One paced batch; True when it reached the head (read fewer than it asked for)."""
        limit = pace.limit
        count = self._catch_up_shared(names, read, limit, pace)
        pace.done(count)
        return count < limit

    def _catch_up_each(self, names: list[str], read: dict[str, int]) -> dict[str, int]:
        failures: list[Exception] = []
        for name in names:
            try:
                read[name] += self.catch_up(name)
            except Exception as err:  # noqa: BLE001 - re-raised below, after the others
                failures.append(err)
        if failures:
            raise failures[0]
        return read

    def _catch_up_shared(
        self, names: list[str], read: dict[str, int], limit: int, pace: Pace | None = None
    ) -> int:
        """One batch for several projections, read before their state rows are locked (in
        name order; on SQLite the write lock appends wait for), reread if a checkpoint moved.
        The read counts towards the pace's gap: the lock is free while it runs."""
        seen = [s.position for n in names if (s := self.state(n)) is not None]
        after = min(seen) if len(seen) == len(names) else 0
        early = self.store.read_all(after=after, limit=limit)
        if pace is not None:
            pace.start()  # sleeps only what is left of the gap after that read
        with shadow.unsynced(self.store.engine) as conn, shadow.without_gc():
            states = {n: load_state(conn, n, lock=True) for n in names}
            if any(
                s is None or s.version != self.projections[n].version for n, s in states.items()
            ):
                return 0  # changed under us: the next sweep (or catch_up) sorts it out
            start = min(s.position for s in states.values() if s is not None)
            # another worker moved on (or a checkpoint was reset): read again
            events = early if start == after else self.store.read_all(after=start, limit=limit)
            for name, state in states.items():
                assert state is not None
                behind = state.position > start
                mine = [e for e in events if e.position > state.position] if behind else events
                if mine:
                    projection = self.projections[name]
                    tables = self._tables(projection, state.generation)
                    self._apply(conn, projection, tables, mine, state.generation)
                    save(conn, name, state.generation, projection.version, events[-1].position)
                    read[name] += len(mine)
            return len(events)

"""The projection engine's contract, on every backend (real SQLite file, real PostgreSQL)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, ClassVar

import pytest
from sqlalchemy import Connection, Text, cast, inspect, select

from events import EventStore, NewEvent, RecordedEvent
from projections import parallel
from projections.activity import ActivityProjection, read_counts
from projections.actors import ActorIndexProjection
from projections.engine import ProjectionEngine, Tables
from projections.paper import PaperProjection
from tests.integration.backends import settle


class Crashing(ActivityProjection):
    """The activity model, made to fail on one chosen event (a crash mid-batch)."""

    crash_at: ClassVar[int | None] = None

    def apply_batch(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        super().apply_batch(conn, tables, events)
        if any(e.position == self.crash_at for e in events):
            raise RuntimeError("worker killed mid-batch")


class Counting(ActivityProjection):
    """The activity model that also counts every apply (to detect double application)."""

    applied: ClassVar[list[int]] = []

    def apply_batch(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        super().apply_batch(conn, tables, events)
        self.applied.extend(e.position for e in events)


class Poisoned(ActivityProjection):
    """A second read model that cannot digest one event (a bug, a malformed legacy event)."""

    name: ClassVar[str] = "poisoned"
    poison_at: ClassVar[int] = 0

    def apply_batch(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        super().apply_batch(conn, tables, events)
        if any(e.position == self.poison_at for e in events):
            raise ValueError("cannot digest this event")


class Typed(ActivityProjection):
    """Activity of two event types only: a model that names the types it reads."""

    name: ClassVar[str] = "typed"
    event_types: ClassVar[frozenset[str] | None] = frozenset({"T1", "T3"})


class ProjectionContract:
    store: EventStore

    def fill(self, n: int, kinds: tuple[str, ...] = ("case", "roster", "county")) -> None:
        for i in range(n):
            self.store.append(f"{kinds[i % len(kinds)]}-{i % 7}", [NewEvent(f"T{i % 4}", {"i": i})])
        settle(self.store)

    def rows(self, engine: ProjectionEngine) -> list[Any]:
        with self.store.engine.connect() as conn:
            return read_counts(conn, engine.tables("activity"))

    def test_incremental_equals_rebuild(self) -> None:
        engine = ProjectionEngine(self.store, [ActivityProjection()], batch=7)
        self.fill(30)
        assert engine.catch_up("activity") == 30
        self.fill(11)
        assert engine.catch_up("activity") == 11
        incremental = self.rows(engine)
        assert sum(r[3] for r in incremental) == 41
        state = engine.rebuild("activity")
        assert state.generation == 2 and state.position == self.store.head()
        assert self.rows(engine) == incremental

    def test_crash_mid_batch_neither_skips_nor_repeats(self) -> None:
        self.fill(25)
        crash_at = self.store.read_all(after=0)[12].position
        Crashing.crash_at = crash_at
        engine = ProjectionEngine(self.store, [Crashing()], batch=10)
        with pytest.raises(RuntimeError):
            engine.catch_up("activity")
        state = engine.state("activity")
        assert state is not None and state.position == self.store.read_all(after=0)[9].position
        assert sum(r[3] for r in self.rows(engine)) == 10, "the failed batch left no rows"
        Crashing.crash_at = None
        engine.catch_up("activity")
        fresh = ProjectionEngine(self.store, [ActivityProjection()])
        fresh.rebuild("activity")
        assert self.rows(engine) == self.rows(fresh)

    def test_two_workers_never_apply_an_event_twice(self) -> None:
        self.fill(120)
        Counting.applied = []
        engines = [ProjectionEngine(self.store, [Counting()], batch=10) for _ in range(2)]
        ProjectionEngine(self.store, [Counting()]).tables("activity")
        threads = [threading.Thread(target=e.catch_up, args=("activity",)) for e in engines]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(Counting.applied) == [e.position for e in self.store.read_all(after=0)]
        assert sum(r[3] for r in self.rows(engines[0])) == 120

    def test_new_version_triggers_rebuild(self) -> None:
        self.fill(9)
        engine = ProjectionEngine(self.store, [ActivityProjection()])
        engine.catch_up("activity")

        class V2(ActivityProjection):
            version: ClassVar[int] = 2

        upgraded = ProjectionEngine(self.store, [V2()])
        upgraded.catch_up("activity")
        state = upgraded.state("activity")
        assert state is not None and (state.version, state.generation) == (2, 2)
        assert sum(r[3] for r in self.rows(upgraded)) == 9

    def test_readers_keep_the_old_generation_until_the_swap(self) -> None:
        self.fill(20)
        engine = ProjectionEngine(self.store, [ActivityProjection()], batch=5)
        engine.catch_up("activity")
        before = self.rows(engine)
        seen: list[list[Any]] = []

        def progress(done: int, total: int) -> None:
            seen.append(self.rows(engine))  # what a reader sees mid-rebuild

        engine.rebuild("activity", progress=progress)
        assert len(seen) >= 4 and all(rows == before for rows in seen)
        assert self.rows(engine) == before

    def test_one_poisoned_event_is_quarantined_and_the_model_goes_on(self) -> None:
        self.fill(30)
        Poisoned.poison_at = self.store.read_all(after=0)[20].position
        engine = ProjectionEngine(self.store, [ActivityProjection(), Poisoned()], batch=8)
        engine.catch_up_all()
        healthy, poisoned = engine.state("activity"), engine.state("poisoned")
        assert healthy is not None and healthy.position == self.store.head()
        assert poisoned is not None and poisoned.position == self.store.head()
        assert sum(r[3] for r in self.rows(engine)) == 30
        with self.store.engine.connect() as conn:
            counts = read_counts(conn, engine.tables("poisoned"))
        assert sum(r[3] for r in counts) == 29, "only the poisoned event is left out"
        [entry] = engine.quarantined("poisoned")
        assert entry.position == Poisoned.poison_at and "digest" in entry.error
        assert entry.error.startswith("ValueError") and engine.quarantined("activity") == []
        self.fill(5)
        engine.catch_up_all()  # goes on past it, and does not record it twice
        assert len(engine.quarantined("poisoned")) == 1

    def test_rebuild_retries_quarantined_events(self) -> None:
        self.fill(12)
        Poisoned.poison_at = self.store.read_all(after=0)[3].position
        engine = ProjectionEngine(self.store, [Poisoned()], batch=5)
        engine.catch_up("poisoned")
        assert [e.position for e in engine.quarantined("poisoned")] == [Poisoned.poison_at]
        Poisoned.poison_at = 0  # the projection was fixed
        engine.rebuild("poisoned")
        assert engine.quarantined("poisoned") == []
        with self.store.engine.connect() as conn:
            assert sum(r[3] for r in read_counts(conn, engine.tables("poisoned"))) == 12

    @pytest.mark.parametrize("whole", [True, False], ids=["tables-whole", "rowid-ranges"])
    def test_a_parallel_rebuild_equals_one_pass_in_place(
        self, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, whole: bool
    ) -> None:
        """From `parallel_from` events on, the models load in groups, all but one in forked
        processes (SQLite: each into a scratch file, then copied in, a small table in one
        statement, a big one in rowid ranges): the same rows, the same quarantined event,
        the same counts and checkpoints as one pass in place."""
        if not whole:  # every table copied in ranges of 4 rows, several a transaction
            monkeypatch.setattr(parallel, "COPY_WHOLE", 0)
            monkeypatch.setattr(parallel, "COPY_ROWS", 4)
        for i in range(30):
            meta = {"actor": f"tc-00{i % 3}"} if i % 4 else {}
            self.store.append(f"case-{i % 5}", [NewEvent(f"T{i % 4}", {"i": i}, metadata=meta)])
        settle(self.store)
        Poisoned.poison_at = self.store.read_all(after=0)[7].position
        names = ["activity", "actors", "poisoned"]

        def models() -> list[Any]:
            return [ActivityProjection(), ActorIndexProjection(), Poisoned()]

        def contents(engine: ProjectionEngine) -> dict[str, Any]:
            with self.store.engine.connect() as conn:
                found: dict[str, Any] = {
                    n: sorted(tuple(r) for t in engine.tables(n).values()
                              for r in conn.execute(t.select()))  # fmt: skip
                    for n in names
                }
            found["quarantined"] = [
                (q.name, q.position, q.error) for n in names for q in engine.quarantined(n)
            ]
            found["positions"] = [(s.name, s.position) for n in names if (s := engine.state(n))]
            return found

        one = ProjectionEngine(self.store, models(), batch=5, max_batch=10)
        one.parallel_from = 10**9
        read_one: dict[str, int] = {}
        one.rebuild_many(names, read=read_one)
        expected = contents(one)
        assert len(expected["actors"]) == 22 and len(expected["quarantined"]) == 1
        many = ProjectionEngine(self.store, models(), batch=5, max_batch=10)
        many.parallel_from, many.processes = 0, 3
        assert threading.active_count() == 1  # else nothing is forked: one group
        read_many: dict[str, int] = {}
        with caplog.at_level("INFO", logger="projections.engine"):
            states = many.rebuild_many(names, read=read_many)
        sqlite = self.store.engine.dialect.name == "sqlite"
        where = "each into a scratch file" if sqlite else "in place"
        assert f"3 group(s), 2 in forked processes, {where}" in caplog.text
        if sqlite:  # the scratch files are gone
            folder = Path(str(self.store.engine.url.database)).parent
            assert not list(folder.glob(".rebuild-*"))
        assert {s.generation for s in states.values()} == {2}  # the first was 1
        assert contents(many) == expected and read_many == read_one == dict.fromkeys(names, 30)
        assert many.quarantines == 1
        table = many.tables("actors")["events"]
        with self.store.engine.connect() as conn:
            built = {i["name"] for i in inspect(conn).get_indexes(table.name)}
        assert built == {i.name for i in table.indexes} and len(built) == 2

    def test_with_another_thread_running_the_models_load_as_one_group(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        """A process with another thread (a notifier's sender, a web server) forks nothing,
        and loads the models as one group, not group after group (each read the log):
        the same rows and checkpoints as a pass in place."""
        for i in range(30):
            meta = {"actor": f"tc-00{i % 3}"} if i % 4 else {}
            self.store.append(f"case-{i % 5}", [NewEvent(f"T{i % 4}", {"i": i}, metadata=meta)])
        settle(self.store)
        names = ["activity", "actors"]

        def contents(e: ProjectionEngine) -> dict[str, Any]:
            with self.store.engine.connect() as conn:
                rows = {n: sorted(tuple(r) for t in e.tables(n).values()
                                  for r in conn.execute(t.select())) for n in names}  # fmt: skip
            return rows | {"at": {n: s.position for n in names if (s := e.state(n))}}

        one = ProjectionEngine(self.store, [ActivityProjection(), ActorIndexProjection()], batch=5)
        one.parallel_from = 10**9
        one.rebuild_many(names)
        expected = contents(one)
        many = ProjectionEngine(self.store, [ActivityProjection(), ActorIndexProjection()], batch=5)
        many.parallel_from, many.processes = 0, 2
        stop = threading.Event()
        other = threading.Thread(target=stop.wait, daemon=True)
        other.start()
        read: dict[str, int] = {}
        try:
            with caplog.at_level("INFO", logger="projections.engine"):
                many.rebuild_many(names, read=read)
        finally:
            stop.set()
            other.join()
        assert "rebuild: 1 group(s), 0 in forked processes" in caplog.text
        assert contents(many) == expected and read == dict.fromkeys(names, 30)

    def test_a_group_whose_models_name_their_types_reads_only_those(self) -> None:
        """A process whose models all name their event types reads only events of those
        types (the store skips the rest): the same rows and checkpoints as one pass."""
        for i in range(30):
            meta = {"actor": f"tc-00{i % 3}"} if i % 4 else {}
            self.store.append(f"case-{i % 5}", [NewEvent(f"T{i % 4}", {"i": i}, metadata=meta)])
        settle(self.store)
        names = ["activity", "actors", "typed"]

        def engine(**options: Any) -> ProjectionEngine:
            found = ProjectionEngine(self.store, [ActivityProjection(), ActorIndexProjection(),
                                                  Typed()], batch=5, max_batch=10)  # fmt: skip
            for key, value in options.items():
                setattr(found, key, value)
            return found

        def contents(e: ProjectionEngine) -> dict[str, Any]:
            with self.store.engine.connect() as conn:
                rows = {n: sorted(tuple(r) for t in e.tables(n).values()
                                  for r in conn.execute(t.select())) for n in names}  # fmt: skip
            return rows | {"at": {n: s.position for n in names if (s := e.state(n))}}

        one = engine(parallel_from=10**9)
        one.rebuild_many(names)
        expected = contents(one)
        assert expected["at"] == dict.fromkeys(names, self.store.head())
        many = engine(parallel_from=0, processes=3)  # three groups: one model each
        assert threading.active_count() == 1
        read: dict[str, int] = {}
        many.rebuild_many(names, read=read)
        assert contents(many) == expected
        assert read == {"activity": 30, "actors": 30, "typed": 15}  # T1 and T3 only

    def test_a_big_rebuild_in_one_process_loads_sqlite_into_a_scratch_file(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        """One process (`processes` 1), a log of `parallel_from` events or more: on SQLite
        the load goes into a scratch file (no lock held, no gaps), copied in, then the
        swap; PostgreSQL loads in place. The same rows and checkpoints either way."""
        self.fill(30)
        engine = ProjectionEngine(self.store, [ActivityProjection(), ActorIndexProjection()],
                                  batch=5, max_batch=10)  # fmt: skip
        engine.catch_up_all()
        before = self.rows(engine)
        engine.parallel_from, engine.processes = 0, 1
        with caplog.at_level("INFO", logger="projections.engine"):
            states = engine.rebuild_many(["activity", "actors"])
        if self.store.engine.dialect.name == "sqlite":
            assert "1 group(s), 0 in forked processes, each into a scratch file" in caplog.text
            folder = Path(str(self.store.engine.url.database)).parent
            assert not list(folder.glob(".rebuild-*"))
        else:
            assert "group(s)" not in caplog.text
        assert {s.position for s in states.values()} == {self.store.head()}
        assert self.rows(engine) == before and sum(r[3] for r in before) == 30

    def test_a_big_rebuild_writes_json_as_the_store_does(self) -> None:
        """Loaded through a scratch file (SQLite) or in place, a JSON column holds the text
        the store's serializer makes: Chinese readable, not \\u escapes."""
        data = {"case_number": "甲镇综执罚〔2026〕1号", "罚款": 500}
        self.store.append("case-json", [NewEvent("DocumentIssued", data)])
        settle(self.store)
        engine = ProjectionEngine(self.store, [PaperProjection()], batch=5)
        engine.parallel_from = 0
        engine.rebuild("paper")
        table = engine.tables("paper")["events"]
        with self.store.engine.connect() as conn:
            text = conn.execute(select(cast(table.c.data, Text))).scalar_one()
        assert "甲镇综执罚〔2026〕1号" in text and "\\u" not in text

    def test_a_failed_loader_process_fails_the_rebuild_and_changes_nothing(self) -> None:
        """A machinery error in a forked loader (not a data error: nothing to quarantine)
        fails the whole rebuild; readers keep the generation they had, and its rows."""
        self.fill(30)
        engine = ProjectionEngine(self.store, [Crashing(), ActorIndexProjection()], batch=5)
        engine.catch_up_all()
        before, states = self.rows(engine), [engine.state(n) for n in ("activity", "actors")]
        assert all(s is not None and s.position == self.store.head() for s in states)
        Crashing.crash_at = self.store.read_all(after=0)[20].position
        engine.parallel_from, engine.processes = 0, 2  # activity loads in the forked one
        try:
            with pytest.raises(RuntimeError, match="rebuild process failed: RuntimeError: worker"):
                engine.rebuild_many(["activity", "actors"])
        finally:
            Crashing.crash_at = None
        folder = Path(str(self.store.engine.url.database)).parent
        assert not list(folder.glob(".rebuild-*"))  # SQLite's scratch files went with it
        assert [engine.state(n) for n in ("activity", "actors")] == states
        assert self.rows(engine) == before and sum(r[3] for r in before) == 30
        engine.rebuild_many(["activity", "actors"])  # fixed: the next rebuild goes through
        assert self.rows(engine) == before

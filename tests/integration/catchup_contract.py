"""A lagging read model never holds the fresh ones back; a rebuild never holds appends
back for long (issue 16), on every backend."""

from __future__ import annotations

import threading
import time
from typing import ClassVar

from sqlalchemy import Connection, inspect, text

from events import EventStore, NewEvent, RecordedEvent
from projections.activity import ActivityProjection, read_counts
from projections.actors import ActorIndexProjection
from projections.engine import ProjectionEngine, Tables
from tests.integration.backends import settle


class FreshA(ActivityProjection):
    name: ClassVar[str] = "fresh_a"


class FreshB(ActivityProjection):
    name: ClassVar[str] = "fresh_b"


class Late(ActivityProjection):
    """A read model new after an upgrade; notes where `fresh_a` stood at each of its batches."""

    name: ClassVar[str] = "late"
    seen: ClassVar[list[int]] = []
    order: ClassVar[list[str]] = []  # which model applied each batch, in order

    def apply_batch(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        sql = text("SELECT position FROM projection_state WHERE name = 'fresh_a'")
        self.seen.append(conn.execute(sql).scalar_one())
        self.order.append(self.name)
        super().apply_batch(conn, tables, events)


class LateToo(Late):
    name: ClassVar[str] = "late_too"


class LateV2(Late):
    """`late` after an upgrade of its code: a new version, rebuilt from 0."""

    version: ClassVar[int] = 2


class LateTooV2(LateV2):
    name: ClassVar[str] = "late_too"


class Slow(ActivityProjection):
    """A model that takes 5 ms an event: an unpaced 200-event batch holds a lock 1 s."""

    def apply_batch(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        time.sleep(0.005 * len(events))
        super().apply_batch(conn, tables, events)


class CatchUpContract:
    store: EventStore

    def append(self, n: int) -> None:
        for i in range(n):
            self.store.append(f"case-{i % 7}", [NewEvent(f"T{i % 4}", {"i": i})])
        settle(self.store)

    def total(self, engine: ProjectionEngine, name: str) -> int:
        with self.store.engine.connect() as conn:
            return sum(r[3] for r in read_counts(conn, engine.tables(name)))

    def upgraded(self) -> ProjectionEngine:
        """Two models current at the head, then a new one (at 0) and one more event."""
        self.append(60)
        ProjectionEngine(self.store, [FreshA(), FreshB()], batch=5).catch_up_all()
        self.append(1)
        Late.seen = []
        return ProjectionEngine(self.store, [FreshA(), FreshB(), Late()], batch=5, max_batch=10)

    def test_one_pass_brings_the_fresh_models_to_the_head_and_moves_the_new_one(self) -> None:
        engine = self.upgraded()
        engine.initialise("late")
        read = dict.fromkeys(engine.projections, 0)
        assert engine.catch_up_pass(sorted(engine.projections), read) is True
        head = self.store.head()
        for name in ("fresh_a", "fresh_b"):
            state = engine.state(name)
            assert state is not None and state.position == head and read[name] == 1
            assert self.total(engine, name) == 61
        late = engine.state("late")
        assert late is not None and late.position == self.store.read_all(after=0)[9].position
        assert self.total(engine, "late") == 10 < 61

    def test_the_new_model_catches_up_after_the_fresh_ones_reached_the_head(self) -> None:
        engine = self.upgraded()
        read = engine.catch_up_all()
        head = self.store.head()
        assert Late.seen and Late.seen[0] == head, "fresh_a reached the head before late began"
        assert read == {"fresh_a": 1, "fresh_b": 1, "late": 61}
        for name in engine.projections:
            state = engine.state(name)
            assert state is not None and state.position == head
            assert self.total(engine, name) == 61

    def test_changed_models_rebuild_in_one_pass_after_the_others_reach_the_head(self) -> None:
        self.append(60)
        ProjectionEngine(self.store, [FreshA(), Late(), LateToo()], batch=5).catch_up_all()
        self.append(1)
        Late.seen, Late.order = [], []
        engine = ProjectionEngine(self.store, [FreshA(), LateV2(), LateTooV2()], batch=5,
                                  max_batch=10)  # fmt: skip
        read = engine.catch_up_all()
        head = self.store.head()
        assert Late.seen and set(Late.seen) == {head}, "fresh_a was at the head throughout"
        n = len(Late.order) // 2  # batches of the one shared pass: late, late_too, late, ...
        assert n >= 2 and Late.order == ["late", "late_too"] * n
        assert read["fresh_a"] == 1
        for name in engine.projections:
            state = engine.state(name)
            assert state is not None and state.position == head
            assert state.version == (1 if name == "fresh_a" else 2)
            assert self.total(engine, name) == 61

    def test_appends_wait_at_most_about_the_budget_during_a_rebuild(self) -> None:
        self.append(200)
        engine = ProjectionEngine(self.store, [Slow()], batch=10, max_batch=200)
        engine.budget = 0.1
        engine.catch_up_all()
        waits: list[float] = []
        rebuild = threading.Thread(target=engine.rebuild, args=("activity",))
        rebuild.start()
        while rebuild.is_alive():
            began = time.perf_counter()
            self.store.append("case-x", [NewEvent("T0", {"i": len(waits)})])
            waits.append(time.perf_counter() - began)
            time.sleep(0.05)  # a busy office, not a flood the rebuild could never reach
        rebuild.join()
        assert len(waits) >= 3 and max(waits) < 0.6, f"an append waited {max(waits):.2f} s"
        settle(self.store)
        engine.catch_up_all()
        assert self.total(engine, "activity") == 200 + len(waits)

    def test_a_model_at_0_far_behind_is_bulk_loaded_like_a_rebuild(self) -> None:
        """More than a big batch behind at 0 (new, reset): loaded without indexes and no
        checkpoint per batch, indexes built, swapped in; the same rows as a catch-up."""
        self.append(60)
        bulk = ProjectionEngine(self.store, [FreshA(), ActorIndexProjection()], batch=5,
                                max_batch=10)  # fmt: skip
        read = bulk.catch_up_all()
        plain = ProjectionEngine(self.store, [FreshB()], batch=5, max_batch=100)  # 60 < 100
        assert plain.catch_up_all() == {"fresh_b": 60}
        assert read == {"fresh_a": 60, "actors": 60}
        head = self.store.head()
        for engine, name, generation in (
            (bulk, "fresh_a", 2),
            (bulk, "actors", 2),
            (plain, "fresh_b", 1),
        ):
            state = engine.state(name)
            assert state is not None and (state.position, state.generation) == (head, generation)
        with self.store.engine.connect() as conn:
            assert read_counts(conn, bulk.tables("fresh_a")) == read_counts(
                conn, plain.tables("fresh_b")
            )
            table = bulk.tables("actors")["events"]
            built = {i["name"] for i in inspect(conn).get_indexes(table.name)}
        assert built == {i.name for i in table.indexes} and len(built) == 2

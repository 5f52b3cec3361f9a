"""The server's background projector asks one cheap question before a pass: a pass with
nothing new (the models already at the head) runs no catch-up; a new event, a model
without a state row, or a model at another version than the code all make it run."""

from __future__ import annotations

import inspect
import sys
import threading
from collections.abc import Iterator

import pytest

from projections.engine import ProjectionEngine
from projections.lowest import lowest_checkpoint
from projections.registry import all_projections
from tests.integration.backends import PostgresBackend, SQLiteBackend, settle
from workflow.cases import commands as c
from workflow.cases.service import CaseService
from workflow.organisation.service import init_county
from workflow.organisation.snapshot import load_directory
from workflow.web.background import BackgroundProjector


class BackgroundContract:
    store: object

    def raw_execute(self, sql: str) -> None: ...

    @pytest.fixture(autouse=True)
    def _projector(self, _store: None) -> Iterator[None]:
        init_county(self.store)  # type: ignore[arg-type]
        self.engine = ProjectionEngine(self.store, all_projections())  # type: ignore[arg-type]
        self.projector = BackgroundProjector(self.engine)  # not subscribed: passes run here
        yield
        self.projector.stop()

    def open_case(self) -> str:
        directory = load_directory(self.store)  # type: ignore[arg-type]
        service = CaseService(self.store, lambda: directory)  # type: ignore[arg-type]
        opened = service.execute(c.OpenCase(actor="tc-004", township="taicheng",
                                            matter="SC-CF-003", party="张某", summary="未明码标价",
                                            violation_unknown="测试"))  # fmt: skip
        settle(self.store)  # type: ignore[arg-type]
        return opened.case_id

    def at_head(self) -> bool:
        head = self.store.head()  # type: ignore[attr-defined]
        return all(
            (s := self.engine.state(n)) is not None and s.position >= head
            for n in self.engine.projections
        )

    def test_a_pass_with_nothing_new_runs_no_catch_up(self) -> None:
        settle(self.store)  # type: ignore[arg-type]
        assert lowest_checkpoint(self.engine) is None  # no model has a state row yet
        assert self.projector.run_pass() is True
        assert self.at_head()
        assert self.projector.run_pass() is False
        assert self.projector.run_pass() is False
        assert (self.projector.passes, self.projector.skipped) == (1, 2)

    def test_a_new_event_makes_the_pass_run_and_reach_it(self) -> None:
        self.projector.run_pass()
        self.open_case()
        assert not self.at_head()
        assert self.projector.run_pass() is True
        assert self.at_head()
        assert lowest_checkpoint(self.engine) == self.store.head()  # type: ignore[attr-defined]
        assert self.projector.run_pass() is False

    def test_a_model_at_another_version_makes_the_pass_run(self) -> None:
        self.projector.run_pass()
        self.raw_execute("UPDATE projection_state SET version = version + 100 WHERE name = 'cases'")
        assert lowest_checkpoint(self.engine) is None
        assert self.projector.run_pass() is True  # rebuilt at the code's version
        assert self.engine.state("cases").version == self.engine.projections["cases"].version  # type: ignore[union-attr]
        assert self.projector.run_pass() is False

    def test_stop_ends_the_coalescing_wait_without_a_pass(self) -> None:
        """A wake starts the wait that lets a burst share one pass; `stop` ends it at once
        (the server's shutdown, and every web test's teardown, waited the second out)."""
        projector = BackgroundProjector(self.engine, every=600)
        projector(None)  # type: ignore[arg-type]  # an append's wake: the thread waits 600 s
        while not past_the_wake(projector._thread):  # in the 600-s wait, not before it
            pass
        projector.stop()  # joins for at most 60 s: a wait not cut short leaves it alive
        assert not projector._thread.is_alive()
        assert projector.passes == projector.skipped == 0


def past_the_wake(thread: threading.Thread) -> bool:
    """The projector's thread has left `self._wake.wait()` in `_run` (found in its stack)."""
    source, first = inspect.getsourcelines(BackgroundProjector._run)
    wake = first + next(i for i, line in enumerate(source) if "self._wake.wait()" in line)
    frame = sys._current_frames().get(thread.ident or 0)
    while frame is not None and frame.f_code is not BackgroundProjector._run.__code__:
        frame = frame.f_back
    return frame is not None and frame.f_lineno > wake


class TestSQLiteBackground(SQLiteBackend, BackgroundContract):
    pass


class TestPostgresBackground(PostgresBackend, BackgroundContract):
    pass

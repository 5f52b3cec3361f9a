"""Workers with a real Redis and real `casework worker` (rq) processes, on every backend."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from redis import Redis
from rq import Queue

from events import EventStore, NewEvent
from projections.activity import read_counts
from projections.engine import ProjectionEngine
from projections.registry import all_projections
from tests import redis_server
from tests.integration.backends import settle
from workers.jobs import catch_up
from workflow.bootstrap import bootstrap
from workflow.settings import from_env

pytestmark = pytest.mark.redis


class WorkerContract:
    store: EventStore
    url: str

    @pytest.fixture(autouse=True)
    def _redis(self) -> Iterator[None]:
        self.redis_url = redis_server.shared_url()
        self.queue = f"cw-test-{uuid.uuid4().hex[:8]}"
        self.redis = Redis.from_url(self.redis_url)
        yield
        for key in self.redis.scan_iter(f"*{self.queue}*"):
            self.redis.delete(key)

    # -- helpers ------------------------------------------------------------------------
    def env(self, **extra: str) -> dict[str, str]:
        env = {**os.environ, "CASEWORK_DATABASE_URL": self.url, "CASEWORK_REDIS_URL": self.redis_url,
               "CASEWORK_QUEUE": self.queue, **extra}  # fmt: skip
        return env

    def worker(self, *args: str, **extra: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "workflow", "worker", *args],
            env=self.env(**extra), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,
        )  # fmt: skip

    def burst(self, **extra: str) -> None:
        proc = self.worker("--burst", **extra)
        out, _ = proc.communicate(timeout=240)
        assert proc.returncode == 0, out

    def engine(self) -> ProjectionEngine:
        return ProjectionEngine(self.store, all_projections())

    def rows(self) -> list[Any]:
        with self.store.engine.connect() as conn:
            return read_counts(conn, self.engine().tables("activity"))

    def position(self) -> int:
        """The activity checkpoint, read without taking any write lock."""
        with self.store.engine.connect() as conn:
            found = conn.exec_driver_sql(
                "SELECT position FROM projection_state WHERE name = 'activity'"
            ).scalar()
        return int(found or 0)

    def bulk(self, appends: int, per_append: int) -> None:
        for i in range(appends):
            events = [NewEvent(f"T{j % 5}", {"i": i, "j": j}) for j in range(per_append)]
            self.store.append(f"case-{i}", events, expected_version=0)
        settle(self.store)

    def assert_equals_rebuild(self) -> None:
        settle(self.store)
        incremental = self.rows()
        assert self.position() == self.store.head()
        self.engine().rebuild("activity")
        assert self.rows() == incremental
        assert sum(r[3] for r in incremental) == len(list(self.store.iter_all()))

    # -- the tests ----------------------------------------------------------------------
    def test_a_burst_of_commands_enqueues_a_handful_of_jobs(self) -> None:
        cw = bootstrap(from_env(database_url=self.url, redis_url=self.redis_url, queue=self.queue))
        for i in range(300):
            cw.store.append(f"case-{i % 30}", [NewEvent("TestNoted", {"i": i})])
        cw.flush()
        queue = Queue(self.queue, connection=self.redis)
        assert 1 <= queue.count <= len(all_projections())
        settle(self.store)  # the worker reads what is readable: first, all this test wrote
        self.burst()
        assert queue.count == 0
        self.assert_equals_rebuild()
        cw.close()

    def test_redis_outage_delays_read_models_and_loses_nothing(self) -> None:
        with redis_server.private_redis() as server:
            settings = from_env(database_url=self.url, redis_url=server.url, queue=self.queue)
            cw = bootstrap(settings)
            cw.store.append("case-a", [NewEvent("TestNoted", {"当事人": "赵六"})])
            server.stop()
            for i in range(20):  # Redis is down: every command still succeeds
                cw.store.append(f"case-b{i}", [NewEvent("TestNoted", {"i": i})])
            settle(self.store)  # another transaction on the server may hold readers back
            assert len(list(self.store.iter_all())) == 21
            server.start()  # back, empty: every notification was lost
            scheduler = subprocess.Popen(
                [sys.executable, "-m", "workflow", "scheduler", "--sweep-seconds", "1"],
                env={**self.env(), "CASEWORK_REDIS_URL": server.url},
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
            try:
                self._wait(lambda: Queue(self.queue, connection=Redis.from_url(server.url)).count > 0)
            finally:
                os.killpg(scheduler.pid, signal.SIGTERM)
                scheduler.wait()
            self.burst(CASEWORK_REDIS_URL=server.url)
            cw.close()
        settle(self.store)  # the sweep folded every event the commands appended …
        own = max(e.position for e in self.store.iter_all() if e.type == "TestNoted")
        assert self.position() >= own
        self.engine().catch_up("activity")  # … the scheduler's checkpoint job may append after it
        self.assert_equals_rebuild()

    def test_kill_9_mid_catch_up_then_restart(self) -> None:
        self.bulk(appends=100, per_append=100)
        self.engine().initialise("activity")
        queue = Queue(self.queue, connection=self.redis)
        queue.enqueue(catch_up, self.url, "activity", self.queue)
        proc = self.worker("--burst", CASEWORK_PROJECTION_BATCH="5")
        head = self.store.head()
        self._wait(lambda: self.position() > head // 10, timeout=120)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        killed_at = self.position()
        assert 0 < killed_at < head, "the worker died mid catch-up"
        queue.enqueue(catch_up, self.url, "activity", self.queue)
        self.burst()
        self.assert_equals_rebuild()

    def test_kill_9_of_the_worker_stops_its_job_and_the_next_start_resumes(self) -> None:
        """kill -9 of the worker process alone (not its group): no job goes on without it;
        the next `casework worker` start finishes the catch-up without anyone enqueueing."""
        self.bulk(appends=100, per_append=100)
        self.engine().initialise("activity")
        Queue(self.queue, connection=self.redis).enqueue(catch_up, self.url, "activity", self.queue)
        proc = self.worker("--burst", CASEWORK_PROJECTION_BATCH="5")
        head = self.store.head()
        self._wait(lambda: self.position() > head // 10, timeout=120)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        stopped_at = self.position()
        time.sleep(1.5)
        assert self.position() == stopped_at < head, "a job went on after its worker died"
        self.burst()  # nothing enqueued since: the start itself resumes
        self.assert_equals_rebuild()

    def test_two_workers_on_one_projection_apply_each_event_once(self) -> None:
        self.bulk(appends=30, per_append=100)
        queue = Queue(self.queue, connection=self.redis)
        for _ in range(2):
            queue.enqueue(catch_up, self.url, "activity", self.queue)
        workers = [self.worker("--burst", CASEWORK_PROJECTION_BATCH="25") for _ in range(2)]
        for proc in workers:
            out, _ = proc.communicate(timeout=240)
            assert proc.returncode == 0, out
        self.assert_equals_rebuild()

    def _wait(self, condition: Any, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, "condition not reached in time"
            time.sleep(0.05)

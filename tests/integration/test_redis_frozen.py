"""A frozen Redis (SIGSTOP) hangs neither a worker nor a command (issue 13 §3)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from events import NewEvent
from tests import redis_server
from workflow.bootstrap import bootstrap
from workflow.settings import from_env

pytestmark = pytest.mark.redis


def test_worker_and_commands_give_up_on_a_stopped_redis(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'casework.db'}"
    with redis_server.private_redis() as server:
        assert server.process is not None
        cw = bootstrap(from_env(database_url=url, redis_url=server.url, queue="frozen"))
        cw.store.append("case-a", [NewEvent("TestNoted", {"i": 0})])
        cw.flush()
        os.kill(server.process.pid, signal.SIGSTOP)
        try:
            for i in range(3):  # every command still succeeds, without waiting on Redis
                cw.store.append(f"case-b{i}", [NewEvent("TestNoted", {"i": i})])
            cw.flush()
            with cw.store.engine.connect() as conn:  # the read models caught up in-process
                at = conn.exec_driver_sql("SELECT min(position) FROM projection_state").scalar()
            assert at == cw.store.head() == 4, at
            env = {**os.environ, "CASEWORK_DATABASE_URL": url, "CASEWORK_REDIS_URL": server.url,
                   "CASEWORK_QUEUE": "frozen"}  # fmt: skip
            done = subprocess.run([sys.executable, "-m", "workflow", "worker", "--burst"],
                                  env=env, capture_output=True, text=True,
                                  timeout=300)  # fmt: skip  # a hang guard, not a speed check
            assert done.returncode == 1, done  # README: one line naming Redis, exit 1
            lines = done.stderr.strip().splitlines()
            assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
            assert "无法连接 Redis / cannot reach Redis (CASEWORK_REDIS_URL)" in lines[0], lines
        finally:
            os.kill(server.process.pid, signal.SIGCONT)
        assert len(list(cw.store.iter_all())) == 4
        cw.close()


def test_scheduler_ends_promptly_on_a_stopped_redis(tmp_path: Path) -> None:
    """The scheduler talks to Redis every few seconds with a short read timeout: stopped
    (SIGSTOP), Redis is seen to be gone and the scheduler ends with one line naming it.
    Before: a 30 s read timeout after up to 60 s of RQ's sleep, far past the guard below."""
    from redis import Redis
    from rq.cron_scheduler_registry import get_registry_key

    url = f"sqlite:///{tmp_path / 'casework.db'}"
    with redis_server.private_redis() as server:
        assert server.process is not None
        env = {**os.environ, "CASEWORK_DATABASE_URL": url, "CASEWORK_REDIS_URL": server.url,
               "CASEWORK_QUEUE": "frozen-cron"}  # fmt: skip
        scheduler = subprocess.Popen([sys.executable, "-m", "workflow", "scheduler"], env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        try:
            redis = Redis.from_url(server.url, socket_timeout=2)
            while not redis.zcard(get_registry_key()):  # it runs and has registered
                assert scheduler.poll() is None, scheduler.communicate()
                time.sleep(0.1)
            os.kill(server.process.pid, signal.SIGSTOP)
            try:
                out, err = scheduler.communicate(timeout=25)  # a hang guard, not a timing
            finally:
                os.kill(server.process.pid, signal.SIGCONT)
        finally:
            if scheduler.poll() is None:
                scheduler.kill()
                scheduler.communicate()
        assert scheduler.returncode == 1, (out, err)
        lines = [line for line in err.splitlines() if line.strip()]
        assert "Traceback" not in err and "Redis" in lines[-1], err

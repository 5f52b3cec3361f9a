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
            started = time.monotonic()
            for i in range(3):  # every command still succeeds, without waiting on Redis
                cw.store.append(f"case-b{i}", [NewEvent("TestNoted", {"i": i})])
            cw.flush()
            assert time.monotonic() - started < 8
            with cw.store.engine.connect() as conn:  # the read models caught up in-process
                at = conn.exec_driver_sql("SELECT min(position) FROM projection_state").scalar()
            assert at == cw.store.head() == 4, at
            env = {**os.environ, "CASEWORK_DATABASE_URL": url, "CASEWORK_REDIS_URL": server.url,
                   "CASEWORK_QUEUE": "frozen"}  # fmt: skip
            started = time.monotonic()
            done = subprocess.run([sys.executable, "-m", "workflow", "worker", "--burst"],
                                  env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
            assert time.monotonic() - started < 30
            assert done.returncode == 1, done
            assert "Redis" in done.stderr and "Traceback" not in done.stderr, done.stderr
        finally:
            os.kill(server.process.pid, signal.SIGCONT)
        assert len(list(cw.store.iter_all())) == 4
        cw.close()

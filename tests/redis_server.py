"""Redis for tests: the shared server, where every test names its own queues and keys (so
xdist workers and other runs never collide and nothing is flushed), or a private server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from redis import Redis
from redis.exceptions import RedisError

DEFAULT = "redis://127.0.0.1:6379/15"


def shared_url() -> str:
    """The test Redis URL; skips (or fails in CI) when no server answers."""
    url = os.environ.get("CASEWORK_TEST_REDIS_URL", DEFAULT)
    try:
        Redis.from_url(url, socket_connect_timeout=2).ping()
    except RedisError as err:
        if os.environ.get("CASEWORK_REQUIRE_SERVICES"):
            raise
        pytest.skip(f"Redis not reachable: {err}")
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrivateRedis:
    """A redis-server process of the test's own, which the test may stop and start."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server") or pytest.skip("no redis-server binary")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            try:
                Redis.from_url(self.url, socket_connect_timeout=0.2).ping()
                return
            except RedisError:
                assert time.monotonic() < deadline, "private redis-server did not start"
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


@contextmanager
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()

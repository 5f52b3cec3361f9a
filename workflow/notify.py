"""After a command commits: enqueue coalesced catch-up jobs (RQ) or project in-process.

Coalescing happens twice. In the process, a command only raises a flag; a sender
thread turns any number of raised flags into one round trip to Redis (and `flush()`
sends what is left when the process exits). In Redis, one `pending` key per queue is
set with NX before enqueueing, and the job deletes it before it reads the store: a
burst of commands enqueues one job, which catches every read model up reading each
batch of the log once (`catch_up_all`), and an append that lands while a job runs
enqueues the next one. A Redis outage or a crash before the flag was
sent only loses notifications; the periodic sweep catches up regardless.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from events import AppendResult

if TYPE_CHECKING:  # Redis and RQ load only when a notifier is built (CASEWORK_REDIS_URL)
    from redis import Redis

    from projections.engine import ProjectionEngine

log = logging.getLogger(__name__)
PENDING_TTL = 600
CATCH_UP = "workers.jobs.catch_up_all"  # by name: the workers run it, this module queues it
ALL = "all"  # the pending key's name: one job catches every read model up
DEBOUNCE = 0.05  # seconds: at most ~20 round trips to Redis a second per process
CONNECT_TIMEOUT = 1.0  # seconds to open a Redis connection (a frozen Redis: issue 13 §3)
READ_TIMEOUT = 2.0  # seconds to wait for a reply


def connect(url: str, *, read_timeout: float = READ_TIMEOUT) -> Redis:
    """A Redis client that never waits longer than its timeouts: every connection casework
    opens is made here, so a stopped (SIGSTOP) Redis hangs no command and no worker."""
    from redis import Redis

    return Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=read_timeout)


def pending_key(queue: str, name: str) -> str:
    return f"casework:{queue}:pending:{name}"


class RQNotifier:
    """Enqueue one catch-up job per projection, unless one is already pending."""

    def __init__(
        self, redis: Redis, queue: str, database_url: str, names: list[str],
        fallback: Callable[[], object] | None = None,
    ) -> None:  # fmt: skip
        self.redis = redis
        self.fallback = fallback  # Redis down or frozen: bring the read models up in-process
        from rq import Queue

        self.queue = Queue(queue, connection=redis)
        self.database_url = database_url
        self.names = names
        self._wanted = threading.Event()
        self._sender: threading.Thread | None = None
        self._lock = threading.Lock()
        atexit.register(self.flush)

    def __call__(self, result: AppendResult) -> None:
        if not self._wanted.is_set():  # raised already: no lock, no wake-up
            self._wanted.set()
        if self._sender is None:
            with self._lock:
                if self._sender is None:
                    self._sender = threading.Thread(target=self._send_forever, daemon=True)
                    self._sender.start()

    def flush(self) -> None:
        """Send a raised flag now (at exit, or when a caller needs the jobs enqueued)."""
        if self._wanted.is_set():
            self._wanted.clear()
            self._send()

    def _send_forever(self) -> None:
        while True:
            self._wanted.wait()
            time.sleep(DEBOUNCE)  # let a burst of commands raise the flag many times first
            self._wanted.clear()
            self._send()

    def _send(self) -> None:
        from redis.exceptions import RedisError

        try:
            self.notify()
        except RedisError as err:
            log.warning("Redis unavailable, read models updated in-process: %s", err)
            self._in_process()

    def _in_process(self) -> None:
        if self.fallback is None:
            return
        try:
            self.fallback()
        except Exception as err:  # the command has committed: never fail after it
            log.warning("in-process catch-up failed, read models wait for the sweep: %s", err)

    def notify(self) -> int:
        """Enqueue the catch-up unless one is pending already; returns how many were enqueued."""
        if not self.redis.set(pending_key(self.queue.name, ALL), "1", nx=True, ex=PENDING_TTL):
            return 0
        self.queue.enqueue(CATCH_UP, self.database_url, self.queue.name, job_timeout=3600)
        return 1


class InlineProjector:
    """Embedded mode: bring every read model up to date right after each command."""

    def __init__(self, engine: Callable[[], ProjectionEngine]) -> None:
        self.engine = engine  # built on the first append: a read-only command never needs it
        self._noticing = False

    def __call__(self, result: AppendResult) -> None:
        engine = self.engine()
        before = engine.quarantines
        engine.catch_up_all()
        if engine.quarantines > before and not self._noticing:
            self.notice_quarantined(engine)

    def notice_quarantined(self, engine: ProjectionEngine) -> None:
        """The catch-up set an event aside: tell supervisors now, not at the next sweep
        (the sweep would, once). Never fails the command, which has committed."""
        from workflow.clock import local_day, now
        from workflow.integrity.quarantine import notify_quarantined

        self._noticing = True  # the notice's own append comes back here
        try:
            notify_quarantined(engine.store, engine, local_day(now()))
        except Exception:
            log.warning("quarantine notice not issued; the next sweep issues it", exc_info=True)
        finally:
            self._noticing = False

"""After a command commits: enqueue coalesced catch-up jobs (RQ) or project in-process.

Coalescing: a per-projection `pending` key is set with NX before enqueueing, and the job
deletes it before it reads the store. A burst of commands therefore enqueues about one
job per projection, and an append that lands while a job runs enqueues the next one.
A Redis outage only loses notifications; the periodic sweep catches up regardless.
"""

from __future__ import annotations

import logging

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue

from events import AppendResult
from projections.engine import ProjectionEngine

log = logging.getLogger(__name__)
PENDING_TTL = 600


def pending_key(queue: str, name: str) -> str:
    return f"casework:{queue}:pending:{name}"


class RQNotifier:
    """Enqueue one catch-up job per projection, unless one is already pending."""

    def __init__(self, redis: Redis, queue: str, database_url: str, names: list[str]) -> None:
        self.redis = redis
        self.queue = Queue(queue, connection=redis)
        self.database_url = database_url
        self.names = names

    def __call__(self, result: AppendResult) -> None:
        try:
            self.notify()
        except RedisError as err:
            log.warning("Redis unavailable, read models wait for the sweep: %s", err)

    def notify(self) -> int:
        """Enqueue the catch-ups that are not pending yet; returns how many were enqueued."""
        from workers.jobs import catch_up

        enqueued = 0
        for name in self.names:
            if self.redis.set(pending_key(self.queue.name, name), "1", nx=True, ex=PENDING_TTL):
                self.queue.enqueue(catch_up, self.database_url, name, self.queue.name, job_timeout=3600)
                enqueued += 1
        return enqueued


class InlineProjector:
    """Embedded mode: bring every read model up to date right after each command."""

    def __init__(self, engine: ProjectionEngine) -> None:
        self.engine = engine

    def __call__(self, result: AppendResult) -> None:
        self.engine.catch_up_all()

"""Every Redis connection casework opens, with timeouts (issue 13 §3: a frozen Redis).

A Redis that accepts no connection, or one that is stopped (SIGSTOP) mid-conversation,
must not hang a command or a worker: each connection has a connect timeout and a read
timeout. Commands then degrade to in-process updates (`workflow.notify.connect` makes every
connection), workers exit with one line naming Redis.

The worker is RQ's `SimpleWorker`: it runs each job in its own process, so a `kill -9`
of the worker stops the job with it (a forked work-horse would go on alone). On start it
enqueues one sweep, so a catch-up that was interrupted resumes on the next start.
"""

from __future__ import annotations

from redis import Redis
from rq import Queue, SimpleWorker

from workflow.notify import connect

WORKER_TTL = 20  # the worker blocks on its queue for WORKER_TTL - 15 seconds at a time
SWEEP = "workers.jobs.sweep"


def worker(url: str, queue: str) -> SimpleWorker:
    """casework's RQ worker on `queue`: in-process jobs, bounded waits on Redis."""

    class BoundedWorker(SimpleWorker):
        @property
        def connection_timeout(self) -> int:
            return self.dequeue_timeout + 2  # RQ's own is +10: a frozen Redis waits less

    # the worker blocks (BLPOP) up to dequeue_timeout: its reads may wait that long, no more
    redis = connect(url, read_timeout=WORKER_TTL - 15 + 2)
    return BoundedWorker([queue], connection=redis, worker_ttl=WORKER_TTL)


def resume(redis: Redis, queue: str, database_url: str) -> None:
    """Enqueue one sweep: whatever catch-up a killed worker left half done goes on."""
    Queue(queue, connection=redis).enqueue(SWEEP, database_url, job_timeout=3600)

"""Steady-state lag of the read models in worker mode (part of projection_bench.py).

W writer processes append `EvidenceRecorded` to the generated store's cases at full speed
for S seconds, each with the coalescing RQ notifier; one `casework worker` process runs
the catch-up jobs. A sampler records, every 50 ms, the store's head and the lowest
read-model checkpoint. The lag of a sample is how long the oldest event no read model
has applied yet has been readable: the time since the first sample whose head passed
the checkpoint (0 when every model is at the head).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from redis import Redis

from events import NewEvent, open_store
from projections.registry import all_projections
from workflow.notify import RQNotifier

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = 0.05


def writer(url: str, redis_url: str, queue: str, streams: list[str], until: float) -> None:
    """Append to the given case streams until the wall clock reaches `until`."""
    store = open_store(url)
    store.subscribe(RQNotifier(Redis.from_url(redis_url), queue, url, projection_names()))
    i = 0
    while time.time() < until:
        stream = streams[i % len(streams)]
        at = datetime.now(UTC).isoformat()
        data = {"at": at, "evidence": f"现场照片 {i}", "kind": "photo"}
        store.append(stream, [NewEvent("EvidenceRecorded", data)])
        i += 1
    store.close()


def checkpoints(store: Any) -> int:
    with store.engine.connect() as conn:
        found = conn.exec_driver_sql("SELECT min(position) FROM projection_state").scalar()
    return int(found or 0)


def case_streams(store: Any, n: int) -> list[str]:
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT DISTINCT stream_id FROM events WHERE event_type = 'CaseOpened'"
        ).fetchall()
    return sorted(r[0] for r in rows)[:n]


def measure(url: str, redis_url: str, writers: int, seconds: float) -> dict[str, float]:
    """Run the writers and one worker; return p50/p99/max lag (s) and events appended."""
    queue = "casework-lag"
    redis = Redis.from_url(redis_url)
    redis.delete(f"rq:queue:{queue}", *redis.keys(f"casework:{queue}:pending:*"))
    store = open_store(url)
    streams = case_streams(store, 400)
    env = {**os.environ, "CASEWORK_DATABASE_URL": url, "CASEWORK_REDIS_URL": redis_url,
           "CASEWORK_QUEUE": queue, "PYTHONPATH": str(ROOT)}  # fmt: skip
    # its own session: stopping it stops the work-horse processes a job forks too
    worker = subprocess.Popen([sys.executable, "-m", "workflow", "worker"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)  # fmt: skip
    spawn = multiprocessing.get_context("spawn")
    procs: list[Any] = []
    try:
        start_head = store.head()
        until = time.time() + seconds
        procs += [
            spawn.Process(target=writer, args=(url, redis_url, queue, streams[k::writers], until))
            for k in range(writers)
        ]
        for p in procs:
            p.start()
        heads: list[tuple[float, int]] = []
        lags: list[float] = []
        while time.time() < until:
            now, head, done = time.time(), store.head(), checkpoints(store)
            heads.append((now, head))
            waiting = next((t for t, h in heads if h > done), None)
            lags.append(0.0 if waiting is None else now - waiting)
            time.sleep(SAMPLE)
        for p in procs:
            p.join()
        appended = store.head() - start_head
    finally:  # also when the run fails or is interrupted: no writer or worker left behind
        for p in procs:
            if p.is_alive():
                p.terminate()
                p.join()
        stop(worker)
        store.close()
    lags.sort()
    return {"p50": statistics.median(lags), "p99": lags[int(len(lags) * 0.99) - 1],
            "max": lags[-1], "appended": appended, "samples": len(lags)}  # fmt: skip


def stop(worker: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """SIGTERM to the worker's process group (RQ finishes the job at hand), then SIGKILL to
    what is left of it after `grace` seconds; reaps the worker."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(worker.pid, sig)
        except ProcessLookupError:
            break
        try:
            worker.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            continue
        with contextlib.suppress(ProcessLookupError):  # a forked job process may be left
            os.killpg(worker.pid, signal.SIGKILL)
        break
    worker.wait()


def projection_names() -> list[str]:
    return [p.name for p in all_projections()]

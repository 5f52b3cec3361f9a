"""Read-model benchmark: catch-up, rebuild, coalesced enqueue and lag, against same-run baselines.

    python benchmarks/projection_bench.py --events 1000000          # SQLite and PostgreSQL
    python benchmarks/projection_bench.py --events 100000 --backends sqlite --lag-seconds 0

(Runs as written from a clone: the repository root is put on sys.path from __file__.)

1. A generated store of N events (the demo county copied into many counties; see
   benchmarks/generate.py) on SQLite; for PostgreSQL the same rows are copied (COPY)
   into a fresh database `<pg db>_projbench`.
2. Per repeat, on the same store: the baseline, one full `iter_all` read folded in memory
   (a dict per stream: last type and count); the catch-up of every read model from 0
   (`catch_up_all`), ratio = baseline time / catch-up time (target >= 0.5); `rebuild --all`,
   ratio = rebuild time / baseline time (target <= 2.5). Medians over the repeats, wall
   clock and CPU of the process and its children (not the database server's).
3. Coalesced enqueue: M commands (read_stream + append) with and without the RQ
   notifier on a real Redis, alternating, median overhead over the repeats (target < 10%).
   Stages 3 and 4 of every backend come after stage 2 of all of them (3 leaves a notifier
   thread running; a process with threads forks no loaders).
4. Lag: W writers appending at full speed for S seconds (SQLite: to a copy of the store,
   which keeps its N events for a rerun), read models in worker mode;
   p50 / p99 of how long the oldest unapplied event waits (target within 2 s).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script, too

from redis import Redis  # noqa: E402
from rich.console import Console  # noqa: E402

from events import NewEvent, open_store  # noqa: E402
from projections.engine import ProjectionEngine  # noqa: E402
from projections.registry import all_projections  # noqa: E402
from workflow.notify import RQNotifier  # noqa: E402

console = Console()
Timing = tuple[float, float]  # wall seconds, process CPU seconds


def cpu_time() -> float:
    """This process's CPU and its finished children's (a rebuild's forked loaders)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(call: Callable[[], Any]) -> Timing:
    wall, cpu = time.perf_counter(), cpu_time()
    call()
    return time.perf_counter() - wall, cpu_time() - cpu


def fold_in_memory(url: str) -> Timing:
    """The floor: read every event once (decoded) and fold it into a dict."""
    store = open_store(url)

    def fold() -> None:
        state: dict[str, tuple[str, int]] = {}
        for event in store.iter_all(batch=5000):
            state[event.stream_id] = (event.type, state.get(event.stream_id, ("", 0))[1] + 1)

    took = timed(fold)
    store.close()
    return took


def read_models(url: str, batch: int, processes: int | None = None) -> tuple[Timing, Timing]:
    """Catch every read model up from 0 on fresh tables, then `rebuild --all` (both load
    in `processes` processes: `casework rebuild --processes`; None: the engine's default)."""
    store = open_store(url)
    ProjectionEngine(store, [])  # the checkpoint tables exist
    reset_read_models(store)
    engine = ProjectionEngine(store, all_projections(), batch=batch, max_batch=10 * batch)
    engine.processes = processes
    catch = timed(engine.catch_up_all)
    rebuild = timed(engine.rebuild_all)
    store.close()
    return catch, rebuild


def reset_read_models(store: Any) -> None:
    """From 0: drop every read-model table and checkpoint an earlier repeat left."""
    with store.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND"
        else:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND"
        sql += (
            " substr(name, 1, 3) = 'rm_'" if "sqlite" in sql else " substr(tablename, 1, 3) = 'rm_'"
        )
        for (name,) in conn.exec_driver_sql(sql).fetchall():
            conn.exec_driver_sql(f'DROP TABLE "{name}"')
        for table in ("projection_state", "projection_quarantine"):
            conn.exec_driver_sql(f"DELETE FROM {table}")


def commands(store: Any, n: int, offset: int) -> Timing:
    """n commands (read the stream, append one event with the expected version)."""

    def run() -> None:
        for i in range(offset, offset + n):
            stream = f"case-bench-{i % 50}"
            version = len(store.read_stream(stream))
            store.append(stream, [NewEvent("EvidenceRecorded", {"i": i, "证据": "现场照片"})],
                         expected_version=version)  # fmt: skip

    return timed(run)  # the process's CPU includes the notifier's sender thread


def enqueue_overhead(
    urls: Callable[[str], str], n: int, repeats: int, redis_url: str
) -> tuple[list[tuple[Timing, Timing]], int]:
    """Blocks of n commands on a plain store and on one with the notifier, alternating
    (which goes first alternates too), so the machine's load hits both alike; returns
    each pair's (plain, notified) timings and the jobs enqueued."""
    redis = Redis.from_url(redis_url)
    queue = "casework-bench"
    redis.delete(f"rq:queue:{queue}", *redis.keys(f"casework:{queue}:pending:*"))
    plain, notified = open_store(urls("plain")), open_store(url := urls("notified"))
    notifier = RQNotifier(redis, queue, url, [p.name for p in all_projections()])
    notified.subscribe(notifier)
    pairs = []
    for r in range(repeats):
        if r % 2:
            b = commands(notified, n, r * n)
            a = commands(plain, n, r * n)
        else:
            a = commands(plain, n, r * n)
            b = commands(notified, n, r * n)
        pairs.append((a, b))
    notifier.flush()
    jobs = int(redis.llen(f"rq:queue:{queue}"))
    redis.delete(f"rq:queue:{queue}", *redis.keys(f"casework:{queue}:pending:*"))
    plain.close()
    notified.close()
    return pairs, jobs


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="repeats of catch-up and rebuild")
    parser.add_argument("--batch", type=int, default=2000, help="events per catch-up batch")
    parser.add_argument("--processes", type=int, default=None,
                        help="processes a catch-up from 0 and a rebuild load in"
                             " (default: the engine's, one per CPU up to 4)")  # fmt: skip
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/casework_bench"
    )
    parser.add_argument("--commands", type=int, default=500, help="commands per enqueue block")
    parser.add_argument("--enqueue-repeat", type=int, default=9, help="pairs of blocks (>= 5)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--lag-seconds", type=float, default=60, help="0: skip the lag run")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    from benchmarks.projection_report import run

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="cw-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    run(args, workdir)


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def median(values: list[float]) -> float:
    return statistics.median(values)


if __name__ == "__main__":
    main()

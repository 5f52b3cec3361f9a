"""Read-model benchmark: catch-up rate, rebuild time, and the cost of the coalesced enqueue.

    python benchmarks/projection_bench.py --events 1000000

1. A generated store of N events (the demo county copied into many counties; see
   benchmarks/generate.py), on SQLite (the embedded default).
2. Baseline, same run: read every event through the store and fold it in memory
   (a dict per stream: last type and count) - what any projection must at least do.
3. Catch-up of all read models from position 0 (events/s), then `rebuild --all` (s).
4. Per-command overhead of the coalesced RQ enqueue: M commands (read_stream, append)
   with and without the RQ notifier on a real Redis (target < 10%).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from redis import Redis
from rich.console import Console
from rich.table import Table

from events import NewEvent, open_store
from projections.engine import ProjectionEngine
from projections.registry import all_projections
from workflow.notify import RQNotifier

console = Console()


def fold_in_memory(url: str) -> tuple[int, float]:
    store = open_store(url)
    start = time.perf_counter()
    state: dict[str, tuple[str, int]] = {}
    count = 0
    for event in store.iter_all(batch=5000):
        state[event.stream_id] = (event.type, state.get(event.stream_id, ("", 0))[1] + 1)
        count += 1
    elapsed = time.perf_counter() - start
    store.close()
    return count, elapsed


def catch_up(url: str) -> tuple[dict[str, int], float]:
    store = open_store(url)
    engine = ProjectionEngine(store, all_projections(), batch=2000)
    start = time.perf_counter()
    applied = engine.catch_up_all()
    elapsed = time.perf_counter() - start
    store.close()
    return applied, elapsed


def rebuild_all(url: str) -> float:
    store = open_store(url)
    engine = ProjectionEngine(store, all_projections(), batch=2000)
    start = time.perf_counter()
    engine.rebuild_all()
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed


def commands(url: str, n: int, notifier: Any | None) -> float:
    store = open_store(url)
    if notifier is not None:
        store.subscribe(notifier)
    start = time.perf_counter()
    for i in range(n):
        stream = f"case-bench-{i % 50}"
        version = len(store.read_stream(stream))
        store.append(stream, [NewEvent("EvidenceRecorded", {"i": i, "证据": "现场照片"})],
                     expected_version=version)  # fmt: skip
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed


def enqueue_overhead(workdir: Path, n: int, redis_url: str) -> tuple[float, float, int]:
    redis = Redis.from_url(redis_url)
    queue = "casework-bench"
    redis.delete(f"rq:queue:{queue}")
    for key in redis.scan_iter(f"casework:{queue}:pending:*"):
        redis.delete(key)
    plain = commands(f"sqlite:///{workdir / 'plain.db'}", n, None)
    url = f"sqlite:///{workdir / 'notified.db'}"
    names = [p.name for p in all_projections()]
    notified = commands(url, n, RQNotifier(redis, queue, url, names))
    jobs = int(redis.llen(f"rq:queue:{queue}"))
    redis.delete(f"rq:queue:{queue}")
    return plain, notified, jobs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--commands", type=int, default=2000)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    from benchmarks.generate import demo_database, generate

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="cw-bench-"))
    demo = workdir / "demo.db"
    store_path = workdir / "big.db"
    for path in (demo, store_path):
        path.unlink(missing_ok=True)
    demo_database(demo)
    start = time.perf_counter()
    total = generate(store_path, args.events, demo)
    console.print(f"generated {total:,} events in {time.perf_counter() - start:.1f} s ({store_path})")
    url = f"sqlite:///{store_path}"

    count, fold_s = fold_in_memory(url)
    applied, catch_s = catch_up(url)
    rebuild_s = rebuild_all(url)
    plain, notified, jobs = enqueue_overhead(workdir, args.commands, args.redis_url)
    report(count, fold_s, applied, catch_s, rebuild_s, plain, notified, jobs, args.commands)


def report(count: int, fold_s: float, applied: dict[str, int], catch_s: float, rebuild_s: float,
           plain: float, notified: float, jobs: int, n: int) -> None:  # fmt: skip
    table = Table(title=f"read models over {count:,} events (SQLite)")
    for column in ("measure", "value", "baseline / target", "verdict"):
        table.add_column(column)
    fold_rate, catch_rate = count / fold_s, count / catch_s
    table.add_row("fold in memory (baseline)", f"{fold_rate:,.0f} ev/s", "-", "-")
    table.add_row(f"catch-up, {len(applied)} read models", f"{catch_rate:,.0f} ev/s",
                  f"{catch_rate / fold_rate:.2f}x of baseline", "-")  # fmt: skip
    table.add_row("rebuild --all", f"{rebuild_s:.1f} s", "< 60 s", "pass" if rebuild_s < 60 else "MISS")
    overhead = notified / plain - 1
    table.add_row(f"{n} commands, no notifier", f"{plain / n * 1000:.2f} ms/cmd", "-", "-")
    table.add_row(f"{n} commands, RQ coalesced enqueue", f"{notified / n * 1000:.2f} ms/cmd",
                  f"+{overhead:.1%} (< 10%)", "pass" if overhead < 0.10 else "MISS")  # fmt: skip
    table.add_row("jobs enqueued for those commands", str(jobs), f"<= {len(applied)} per burst", "-")
    console.print(table)


if __name__ == "__main__":
    main()

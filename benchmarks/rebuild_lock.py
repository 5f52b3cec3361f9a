"""How long appends wait for SQLite's write lock during `rebuild --all`, paced or not.

    python benchmarks/rebuild_lock.py 100000 0.5     # events, lock budget in seconds

The same generated store (benchmarks/generate.py); per repeat, alternating: `rebuild_all`
unpaced (10x the batch per transaction, no gap: the behaviour before the lock budget) and
paced (`ProjectionEngine.budget`); one append every 50 ms meanwhile, each one's wait kept.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script, too

from benchmarks.generate import demo_database, generate  # noqa: E402
from benchmarks.projection_bench import fold_in_memory  # noqa: E402
from events import EventStore, NewEvent, open_store  # noqa: E402
from projections.engine import ProjectionEngine  # noqa: E402
from projections.registry import all_projections  # noqa: E402


def rebuild_with_appends(store: EventStore, budget: float | None) -> tuple[float, list[float]]:
    engine = ProjectionEngine(store, all_projections(), batch=2000, max_batch=20000)
    engine.budget = budget if budget is not None else 0.0
    if budget is None:
        engine.lock_budget = lambda: None  # type: ignore[method-assign]
    waits: list[float] = []
    thread, began = threading.Thread(target=engine.rebuild_all), time.perf_counter()
    thread.start()
    while thread.is_alive():
        start = time.perf_counter()
        store.append("bench-lock", [NewEvent("T0", {"i": len(waits)})])
        waits.append(time.perf_counter() - start)
        time.sleep(0.05)
    thread.join()
    return time.perf_counter() - began, waits


def main() -> None:
    events, budget = int(sys.argv[1]), float(sys.argv[2])
    work = Path(tempfile.mkdtemp())
    demo_database(work / "demo.db")
    generate(work / "store.db", events, work / "demo.db")
    url = f"sqlite:///{work}/store.db"
    store = open_store(url)
    ProjectionEngine(store, all_projections()).catch_up_all()
    took: dict[str, list[float]] = {"unpaced": [], "paced": []}
    waits: dict[str, list[float]] = {"unpaced": [], "paced": []}
    folds = []
    for _ in range(3):
        folds.append(fold_in_memory(url)[0])
        for mode, chosen in (("unpaced", None), ("paced", budget)):
            seconds, waited = rebuild_with_appends(store, chosen)
            took[mode].append(seconds)
            waits[mode].extend(waited)
    fold = statistics.median(folds)
    for mode in took:
        w = sorted(waits[mode])
        print(f"{mode}: rebuild {statistics.median(took[mode]):.1f} s "
              f"({statistics.median(took[mode]) / fold:.2f}x the fold, {fold:.1f} s); append wait "
              f"p50 {w[len(w) // 2] * 1000:.0f} ms, p99 {w[int(len(w) * 0.99)] * 1000:.0f} ms, "
              f"max {w[-1] * 1000:.0f} ms (n {len(w)})")  # fmt: skip
    print("load average", os.getloadavg())


if __name__ == "__main__":
    main()

"""The paper deadline board's cost (文书与执行期限看板): one call of
`workflow.execution.board.paper_deadlines` on a demo county, day after day, as the daily
sweep asks it, same run, same machine.

    PYTHONPATH=. .venv/bin/python benchmarks/board_bench.py               # ~1 min
    PYTHONPATH=. .venv/bin/python benchmarks/board_bench.py --db sqlite:///demo.db

Builds the demo of `--cases` cases in a temporary SQLite file (or reads `--db`), then in
alternating rounds (A B A B ...) so machine load falls on both alike, asks the board for
`--days` consecutive days: A folds every paper event afresh each call (`before` far
ahead: the read model re-read and every case re-folded, as the board did before it kept
its fold), B the kept fold advanced by what came since (as shipped). Both must give the
same items (checked every day). Medians of the rounds, milliseconds a call.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from events import open_store
from projections.engine import ProjectionEngine
from projections.registry import all_projections
from workflow.execution.board import paper_deadlines

AFRESH = datetime(2100, 1, 1, tzinfo=UTC)


def build_demo(workdir: Path, cases: int) -> str:
    """A demo county of `cases` cases in a fresh SQLite file; its URL."""
    url = f"sqlite:///{workdir / 'demo.db'}"
    env = {**os.environ, "CASEWORK_DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "workflow", "demo", "--cases", str(cases),
                    "--replace"], env=env, check=True, capture_output=True)  # fmt: skip
    return url


def one_round(engine: ProjectionEngine, days: list[date], before: datetime | None) -> float:
    """Milliseconds a call, over the days."""
    start = time.perf_counter()
    for day in days:
        paper_deadlines(engine, day, before)
    return (time.perf_counter() - start) / len(days) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing demo database (default: build one)")
    parser.add_argument("--cases", type=int, default=30)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or build_demo(Path(tmp), args.cases)
        store = open_store(url)
        engine = ProjectionEngine(store, all_projections())
        days = [date(2026, 6, 1) + timedelta(days=n) for n in range(args.days)]
        for day in days:  # the same items both ways
            assert paper_deadlines(engine, day) == paper_deadlines(engine, day, AFRESH), day
        timings: dict[str, list[float]] = {"A afresh": [], "B kept fold": []}
        for _ in range(args.rounds):
            timings["A afresh"].append(one_round(engine, days, AFRESH))
            timings["B kept fold"].append(one_round(engine, days, None))
        store.close()
    print(f"load average {os.getloadavg()[0]:.1f}; {args.days} days, {args.rounds} rounds")
    for name, values in timings.items():
        print(f"{name:<12} median {statistics.median(values):7.2f} ms/call "
              f"(min {min(values):.2f}, max {max(values):.2f})")  # fmt: skip


if __name__ == "__main__":
    main()

"""Reads that do not grow with the province (issue 8 part 2), same run:

    PYTHONPATH=. python -m benchmarks.province_bench --events 1000000 --workdir /work/bench-data

Two SQLite stores made by benchmarks/generate.py from one `casework demo` (seed 1): the
demo county alone (one copy) and the demo copied into many counties (~390 for 1M
events). Copy 0 of both is the same county, so every command below asks both stores
the same question. Before timing, each store's `actors` read model is caught up (what the
workers keep doing) and the directory snapshot is written by one command (what the
first command after any org change does); neither is timed.

Timed, in-process (`workflow.cli.app.main`, a new store object per command as in a new
process; interleaved round by round; median of the rounds):
- `case show <number>` by the case's human number (parse needs the directory);
- `history --actor <id>` (every event one officer of copy 0 recorded);
- the directory alone: from the snapshot (`load_directory` in a new store object) and,
  for comparison, the full replay of the org streams that it replaced.
- for comparison, `history --actor` as it was: a full scan of the log (one round).
Target: the many-county figure within 1.5x of the one-county figure.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from events import open_store

NOW = "2026-11-26T10:00"


def command(url: str, *argv: str) -> Callable[[], None]:
    from workflow.cli.app import main

    def run() -> None:
        os.environ["CASEWORK_DATABASE_URL"] = url
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            main(list(argv))

    return run


def directory(url: str, *, from_snapshot: bool) -> Callable[[], None]:
    from workflow.organisation.directory_fold import replay
    from workflow.organisation.snapshot import load_directory

    def run() -> None:
        store = open_store(url)  # a new store object: nothing kept in memory
        (load_directory if from_snapshot else replay)(store)
        store.close()

    return run


def prepare(path: Path, events: int, template: Path) -> str:
    from benchmarks.generate import generate
    from projections.engine import ProjectionEngine
    from projections.registry import all_projections
    from workflow.organisation.snapshot import load_directory

    if not path.exists():
        start = time.perf_counter()
        total = generate(path, events, template)
        print(f"generated {path.name}: {total:,} events in {time.perf_counter() - start:.0f} s")
    url = f"sqlite:///{path}"
    store = open_store(url)
    start = time.perf_counter()
    ProjectionEngine(store, all_projections()).catch_up("actors")
    load_directory(store)
    print(
        f"{path.name}: actors read model and directory snapshot in {time.perf_counter() - start:.0f} s"
    )
    store.close()
    return url


def first_case(path: Path) -> tuple[str, str]:
    """The human number of copy 0's first case, and its busiest officer (most events)."""
    import json
    from collections import Counter

    with sqlite3.connect(path) as conn:
        (data,) = conn.execute(
            "SELECT data FROM events WHERE event_type = 'CaseOpened' ORDER BY position LIMIT 1"
        ).fetchone()
        actors = Counter(
            json.loads(m).get("actor") for (m,) in conn.execute("SELECT metadata FROM events")
        )
    busiest = next(a for a, _ in actors.most_common() if isinstance(a, str) and "-" in a)
    return json.loads(data)["number"], busiest


def scan(url: str, actor: str) -> Callable[[], None]:
    """`history --actor` as it was: a full scan of the log (audit.actor_events, no index)."""
    from workflow.reports.audit import actor_events

    def run() -> None:
        store = open_store(url)
        list(actor_events(store, actor=actor))
        store.close()

    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/work/bench-data"))
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    from benchmarks.generate import demo_database, template

    args.workdir.mkdir(parents=True, exist_ok=True)
    demo = args.workdir / "demo.db"
    if not demo.exists():
        demo_database(demo)
    one_county = len(template(demo)[0])
    stores = {"1 county": prepare(args.workdir / "one.db", one_county, demo),
              "province": prepare(args.workdir / f"province-{args.events}.db", args.events, demo)}  # fmt: skip
    os.environ["CASEWORK_NOW"] = NOW
    os.environ.pop("CASEWORK_REDIS_URL", None)
    number, officer = first_case(demo)
    kinds = {
        f"case show {number}": lambda url: command(url, "--json", "case", "show", number),
        f"history --actor {officer}": lambda url: command(
            url, "--json", "history", "--actor", officer
        ),
        "directory from the snapshot": lambda url: directory(url, from_snapshot=True),
        "directory by full replay (before)": lambda url: directory(url, from_snapshot=False),
        f"history --actor {officer}: full scan (before)": lambda url: scan(url, officer),
    }
    rounds = {kind: 2 if "full scan" in kind else args.rounds + 1 for kind in kinds}
    times = {(k, s): [] for k in kinds for s in stores}  # type: ignore[var-annotated]
    for i in range(args.rounds + 1):  # the first round warms caches and is dropped
        for kind, make in kinds.items():
            for name, url in stores.items():
                if i >= rounds[kind]:
                    continue
                run = make(url)
                start = time.perf_counter()
                run()
                times[(kind, name)].append(time.perf_counter() - start)
    sizes = {name: open_store(url).head() for name, url in stores.items()}
    print(f"\nevents: {sizes}; rounds {args.rounds} (full scan: 1); load average {os.getloadavg()}")
    print("| measure | 1 county (ms) | province (ms) | province / 1 county (target <= 1.5) |")
    print("|---|---:|---:|---:|")
    for kind in kinds:
        one, many = (statistics.median(times[(kind, s)][1:]) * 1000 for s in stores)
        print(f"| {kind} | {one:.1f} | {many:.1f} | {many / one:.2f} |")


if __name__ == "__main__":
    main()

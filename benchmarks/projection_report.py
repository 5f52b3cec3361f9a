"""Run the read-model benchmark's stages and print its table (see projection_bench.py)."""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.backup_bench import _database, _load
from benchmarks.generate import demo_database, generate
from benchmarks.projection_bench import (
    enqueue_overhead,
    fold_in_memory,
    load,
    read_models,
)
from benchmarks.projection_lag import measure

console = Console()
Row = tuple[str, str, str, str, str]


def stores(args: argparse.Namespace, workdir: Path) -> dict[str, str]:
    demo, big = workdir / "demo.db", workdir / "big.db"
    if not big.exists():
        demo_database(demo)
        start = time.perf_counter()
        total = generate(big, args.events, demo)
        console.print(f"generated {total:,} events in {time.perf_counter() - start:.1f} s ({big})")
    urls = {}
    for backend in args.backends.split(","):
        if backend == "sqlite":
            urls[backend] = f"sqlite:///{big}"
        else:
            urls[backend] = _database(args.pg_url, "projbench")
            _load(big, urls[backend])
    return urls


def catch_up_and_rebuild(backend: str, url: str, args: argparse.Namespace) -> list[Row]:
    folds, catches, rebuilds, loads = [], [], [], []
    for i in range(args.repeat):
        fold = fold_in_memory(url)
        catch, rebuild = read_models(url, args.batch, args.processes)
        folds.append(fold)
        catches.append(catch)
        rebuilds.append(rebuild)
        loads.append(load())
        console.print(f"{backend} repeat {i + 1}: fold {fold[0]:.2f} s, catch-up {catch[0]:.2f} s,"
                      f" rebuild {rebuild[0]:.2f} s (wall), load {loads[-1]}")  # fmt: skip
    med = [
        statistics.median(x[k] for x in series)
        for series in (folds, catches, rebuilds)
        for k in (0, 1)
    ]
    fold_w, fold_c, catch_w, catch_c, rebuild_w, rebuild_c = med
    cu_w = [f[0] / c[0] for f, c in zip(folds, catches, strict=True)]
    cu_c = [f[1] / c[1] for f, c in zip(folds, catches, strict=True)]
    rb_w = [r[0] / f[0] for f, r in zip(folds, rebuilds, strict=True)]
    rb_c = [r[1] / f[1] for f, r in zip(folds, rebuilds, strict=True)]
    where = f"{backend}, median of {args.repeat}"
    if args.processes is not None:
        where += f", {args.processes} process{'es' if args.processes > 1 else ''}"
    return [
        (where, "iter_all + fold in memory (baseline)", f"{fold_w:.2f} s wall / {fold_c:.2f} s CPU", "-", ", ".join(loads)),
        (where, "catch-up of all read models from 0", f"{catch_w:.2f} s wall / {catch_c:.2f} s CPU",
         f"{statistics.median(cu_w):.2f}x wall, {statistics.median(cu_c):.2f}x CPU (>= 0.5)", ""),
        (where, "rebuild --all", f"{rebuild_w:.2f} s wall / {rebuild_c:.2f} s CPU",
         f"{statistics.median(rb_w):.2f}x wall, {statistics.median(rb_c):.2f}x CPU (<= 2.5)", ""),
    ]  # fmt: skip


def enqueue(backend: str, args: argparse.Namespace, workdir: Path) -> list[Row]:
    if backend == "sqlite":

        def urls(name: str) -> str:
            path = workdir / f"{name}.db"
            path.unlink(missing_ok=True)
            return f"sqlite:///{path}"
    else:

        def urls(name: str) -> str:
            return _database(args.pg_url, name)

    before = load()
    pairs, jobs = enqueue_overhead(urls, args.commands, args.enqueue_repeat, args.redis_url)
    wall = [b[0] / a[0] - 1 for a, b in pairs]
    cpu = [b[1] / a[1] - 1 for a, b in pairs]
    o, c = statistics.median(wall), statistics.median(cpu)
    plain = statistics.median(a[0] for a, _ in pairs) / args.commands * 1000
    spread = ", ".join(f"{x:+.0%}" for x in wall)
    return [(f"{backend}, median of {len(pairs)} pairs",
             f"blocks of {args.commands} commands, coalesced RQ enqueue vs none (alternating)",
             f"{plain:.2f} ms/cmd without; wall {o:+.1%} (pairs: {spread}); {jobs} job(s) enqueued",
             f"wall {o:+.1%}: {'pass' if o < 0.10 else 'MISS'}; CPU {c:+.1%}:"
             f" {'pass' if c < 0.10 else 'MISS'} (< 10%)", f"{before} .. {load()}")]  # fmt: skip


def lag(backend: str, url: str, args: argparse.Namespace, workdir: Path) -> list[Row]:
    """The lag run appends (W writers x S seconds) to a copy of the SQLite store, so the
    generated store keeps its N events for the next run with the same --workdir (it grew
    by ~90k events a run before: a 100k run then measured 190k). PostgreSQL's store is
    loaded afresh from the SQLite file by every run."""
    if backend == "sqlite":
        copy = workdir / "lag.db"
        copy.unlink(missing_ok=True)
        source, target = sqlite3.connect(url.removeprefix("sqlite:///")), sqlite3.connect(copy)
        source.backup(target)
        source.close()
        target.close()
        url = f"sqlite:///{copy}"
    found = measure(url, args.redis_url, args.writers, args.lag_seconds)
    rate = found["appended"] / args.lag_seconds
    return [(backend, f"lag, {args.writers} writers x {args.lag_seconds:.0f} s, worker mode",
             f"p50 {found['p50']:.2f} s, p99 {found['p99']:.2f} s, max {found['max']:.2f} s;"
             f" {rate:,.0f} appends/s", "within 2 s: " + ("pass" if found["p99"] <= 2 else "MISS"),
             load())]  # fmt: skip


def run(args: argparse.Namespace, workdir: Path) -> None:
    urls = stores(args, workdir)
    # every backend's catch-up and rebuild first: the enqueue stage leaves its notifier's
    # sender thread running, and a process with other threads forks no loaders (as
    # `casework rebuild` and a worker's job, which have none, do): PostgreSQL's stages
    # after SQLite's enqueue measured one group in this process (0.38x against 0.52x)
    by: dict[str, list[Row]] = {b: catch_up_and_rebuild(b, u, args) for b, u in urls.items()}
    for backend, url in urls.items():
        by[backend] += enqueue(backend, args, workdir)
        if args.lag_seconds > 0:
            by[backend] += lag(backend, url, args, workdir)
    rows = [row for found in by.values() for row in found]
    report(rows, args)
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)


def report(rows: list[Row], args: Any) -> None:
    table = Table(title=f"read models over {args.events:,} generated events")
    for column in ("where", "measure", "value", "ratio / target", "load average (1/5/15 min)"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    console.print("| where | measure | value | ratio / target | load |\n|---|---|---|---|---|")
    for row in rows:
        console.print("| " + " | ".join(row) + " |", markup=False, highlight=False, soft_wrap=True)

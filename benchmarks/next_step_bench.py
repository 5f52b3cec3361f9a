"""下一步 on a board of open cases: what folding the cases of a page costs (期限看板).

    PYTHONPATH=. .venv/bin/python benchmarks/next_step_bench.py --backends sqlite
    PYTHONPATH=. .venv/bin/python benchmarks/next_step_bench.py \\
        --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/casework_next_step_bench

Per backend, a fresh store with `--cases` open cases of 台城镇 (a quarter dispatched, the
rest notified: 2 and 4 events), built through `CaseService`, and the cases read model
caught up. Then, in rounds that run each in turn, medians in milliseconds:

  board       the deadline board read from the read model (what the page did before)
  cold        `next_steps` for every row, no folded cases kept: one read of all the
              streams (per 200), every case folded from its first event
  warm        the same with the process's folded cases (the console's): one read that
              finds nothing new, no fold
  per case    the baseline: one `read_stream` per case, then the fold

The PostgreSQL database named by `--pg-url` is dropped and created again.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import store_bench as sb  # noqa: E402
from psycopg import sql as pgsql  # noqa: E402
from sqlalchemy import make_url  # noqa: E402

from projections.queries_cases import deadline_board  # noqa: E402
from workflow.bootstrap import bootstrap  # noqa: E402
from workflow.cases import commands as c  # noqa: E402
from workflow.cases.case import Case, replay  # noqa: E402
from workflow.cases.folded import FoldedCases  # noqa: E402
from workflow.cases.next_steps import next_steps  # noqa: E402
from workflow.cases.numbering import parse_case_ref  # noqa: E402
from workflow.cases.service import CaseService  # noqa: E402
from workflow.cases.waiting import waiting_for  # noqa: E402
from workflow.messages import from_recorded  # noqa: E402
from workflow.organisation.service import init_county  # noqa: E402
from workflow.organisation.snapshot import load_directory  # noqa: E402
from workflow.settings import Settings  # noqa: E402

START = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # Monday 09:00 Asia/Shanghai
TODAY = date(2026, 11, 27)
BASIS = "《中华人民共和国价格法》第四十二条"


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def fill(service: CaseService, clock: Clock, cases: int) -> None:
    for n in range(cases):
        clock.now = START + timedelta(minutes=n)
        case = service.execute(c.OpenCase(actor="tc-004", township="taicheng", matter="SC-CF-003",
                                          party=f"张{n % 97}某", summary="未按规定明码标价", at=clock.now,
                                          violation_date=START.date() - timedelta(days=3))).case_id  # fmt: skip
        service.execute(
            c.DispatchCase(actor="tc-001", case=case, officers=("tc-004", "tc-005"), at=clock.now)
        )
        if n % 4 == 0:
            continue
        service.execute(
            c.RecordEvidence(
                actor="tc-004", case=case, kind="现场检查笔录", text="已拍照", at=clock.now
            )
        )
        service.execute(c.NotifyPenalty(actor="tc-005", case=case, amount=200.0, circumstance="一般",
                                        basis=BASIS, at=clock.now))  # fmt: skip


def per_case(store: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    found = {}
    for r in rows:
        records = store.read_stream(parse_case_ref(r["case_id"]).stream_id)
        case: Case = replay([from_recorded(x) for x in records])
        found[r["case_id"]] = waiting_for(case, TODAY)
    return found


def medians(calls: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Milliseconds a call, the median of `rounds` rounds that run every call in turn (so
    the machine's load falls on all alike)."""
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            started = time.perf_counter()
            call()
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def fresh_pg(url: str) -> None:
    name = make_url(url).database
    with sb.pg_connect(url, autocommit=True, dbname="postgres") as admin:
        admin.execute(
            pgsql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(pgsql.Identifier(name))
        )
        admin.execute(pgsql.SQL("CREATE DATABASE {}").format(pgsql.Identifier(name)))


def run(url: str, cases: int, rounds: int) -> dict[str, float]:
    casework = bootstrap(Settings(database_url=url), project=False)
    store = casework.store
    try:
        init_county(store)
        directory = load_directory(store)
        clock = Clock()
        fill(CaseService(store, lambda: directory, clock=clock), clock, cases)
        engine = casework.projections
        engine.catch_up("cases")

        def board() -> list[dict[str, Any]]:
            with engine.engine.connect() as conn:
                return deadline_board(conn, engine.tables("cases"), TODAY)

        rows = board()
        assert len(rows) == cases, len(rows)
        name = str
        kept = FoldedCases()
        assert next_steps(store, rows, TODAY, name, kept) == next_steps(store, rows, TODAY, name)
        calls: dict[str, Callable[[], object]] = {
            "board": board,
            "cold": lambda: next_steps(store, rows, TODAY, name),
            "warm": lambda: next_steps(store, rows, TODAY, name, kept),
            "per case": lambda: per_case(store, rows),
        }
        return medians(calls, rounds)
    finally:
        casework.close()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cases", type=int, default=200)
    p.add_argument("--rounds", type=int, default=9)
    p.add_argument("--backends", default="sqlite,postgresql")
    p.add_argument(
        "--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/casework_next_step_bench"
    )
    args = p.parse_args()
    print(
        "| backend | open cases | board ms | + 下一步 cold ms | + 下一步 warm ms | one read per case ms |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for backend in args.backends.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            if backend == "sqlite":
                url = f"sqlite:///{Path(tmp) / 'next_step.db'}"
            else:
                fresh_pg(args.pg_url)
                url = args.pg_url
            t = run(url, args.cases, args.rounds)
        print(f"| {backend} | {args.cases} | {t['board']:.1f} | {t['cold']:.1f} | {t['warm']:.1f} "
              f"| {t['per case']:.1f} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()

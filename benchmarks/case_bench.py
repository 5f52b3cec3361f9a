"""Case-domain benchmark (办案全流程基准): the store benchmark's workload through the full domain.

    .venv/bin/python benchmarks/case_bench.py                    # SQLite and PostgreSQL
    .venv/bin/python benchmarks/case_bench.py --cases 200 --backends sqlite

Per backend, one writer, N cases x 6 commands (open, dispatch, evidence, notify,
decide, close), interleaved in batches of 50 cases like `store_bench.py`. Each domain
command goes through `CaseService`: parse the case reference, read and fold the
stream, authorise against the directory (loaded once per process, as a server would),
check the business time, ask the shared lifecycle machine, run the guards (certificates,
deadlines in working days, ...), build the events and append them with the loaded
version (hash chain, one transaction). Opening also allocates the gapless case number.
The raw baseline is `store_bench.write_raw` (plain driver, same durability) in the same
run. Target: domain >= 0.5 x raw.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import store_bench as sb  # noqa: E402

from events import open_store  # noqa: E402
from workflow.cases import commands as c  # noqa: E402
from workflow.cases.service import CaseService  # noqa: E402
from workflow.organisation.service import init_county  # noqa: E402
from workflow.organisation.snapshot import load_directory  # noqa: E402

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/casework_helper_case_bench"
TARGET = 0.5
START = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)  # Monday 09:00 Asia/Shanghai
OFFSETS = [timedelta(0), timedelta(hours=1), timedelta(hours=2), timedelta(hours=3),
           timedelta(days=10), timedelta(days=12)]  # fmt: skip


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now


def command(step: int, case: str, n: int) -> Any:
    """Step `step` of case n: the actor the law wants for it."""
    at = START + OFFSETS[step]
    fine = 200.0 + n % 7 * 50
    return [
        lambda: c.OpenCase(actor="tc-004", township="taicheng", matter="SC-CF-003",
                           party=f"张{n % 97}某", summary="未按规定明码标价", at=at,
                           party_id_number="140922198503120018", party_address="台城镇",
                           violation_date=START.date() - timedelta(days=3)),
        lambda: c.DispatchCase(actor="tc-001", case=case, officers=("tc-004", "tc-005"), at=at),
        lambda: c.RecordEvidence(actor="tc-004", case=case, kind="现场检查笔录",
                                 text="现场检查，已拍照取证，当事人签字确认", at=at),
        lambda: c.NotifyPenalty(actor="tc-005", case=case, amount=fine, circumstance="一般",
                                basis="《中华人民共和国价格法》第四十二条", at=at),
        lambda: c.DecidePenalty(actor="tc-001", case=case, amount=fine,
                                basis="《中华人民共和国价格法》第四十二条", at=at),
        lambda: c.CloseCase(actor="tc-004", case=case, outcome="executed", at=at),
    ][step]()  # fmt: skip


def run_domain(target: sb.Target, cases: int) -> float:
    """Commands per second through CaseService (county set up before the clock starts)."""
    sb.reset(target, "store")
    store = open_store(target.store_url())
    init_county(store)
    directory = load_directory(store)
    clock = Clock()
    service = CaseService(store, lambda: directory, clock=clock)
    ids: dict[int, str] = {}
    started = time.perf_counter()
    for n, step in sb.commands(range(cases)):
        clock.now = START + OFFSETS[step] + timedelta(minutes=1)
        result = service.execute(command(step, ids.get(n, ""), n))
        ids.setdefault(n, result.case_id)
    elapsed = time.perf_counter() - started
    store.close()
    return cases * 6 / elapsed


def run_raw(target: sb.Target, cases: int) -> float:
    sb.reset(target, "raw")
    started = time.perf_counter()
    done = sb.write_raw(target, range(cases), lambda: None)
    return done / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cases", type=int, default=300)
    p.add_argument("--backends", default="sqlite,postgresql")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--pg-url", default=PG_URL)
    p.add_argument("--sqlite-dir", default="/tmp")
    args = p.parse_args(argv)
    rows = []
    for backend in args.backends.split(","):
        target = sb.Target(backend, f"{args.sqlite_dir}/casework_case_bench.db", args.pg_url)
        if backend == "postgresql":
            sb.ensure_pg_database(args.pg_url)
        domain = max(run_domain(target, args.cases) for _ in range(args.repeat))
        raw = max(run_raw(target, args.cases) for _ in range(args.repeat))
        ratio = domain / raw
        rows.append((backend, domain, raw, ratio))
        print(f"{backend:<10} domain {domain:7.0f} cmd/s  raw {raw:7.0f} cmd/s  ratio {ratio:.2f}"
              f"  {'ok' if ratio >= TARGET else 'BELOW TARGET'}", flush=True)  # fmt: skip
    print(f"\n| backend | domain cmd/s | raw cmd/s | domain / raw (target ≥ {TARGET}) |")
    print("|---|---:|---:|---:|")
    for backend, domain, raw, ratio in rows:
        print(f"| {backend} | {domain:.0f} | {raw:.0f} | {ratio:.2f} |")
    return 0 if all(r[3] >= TARGET for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())

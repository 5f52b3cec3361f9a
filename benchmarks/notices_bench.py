"""提醒's first page in a process, and the nav's count, on a generated store.

    PYTHONPATH=. .venv/bin/python benchmarks/notices_bench.py --events 100000 \\
        --workdir /tmp/notices-bench --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/casework_notices_bench

The store is `benchmarks/generate.py`'s (the demo county, with its daily sweeps' notices,
copied into as many counties as needed), SQLite; for PostgreSQL the same rows are copied
into a fresh database `<pg db>_notices` (dropped at the end). Every read model is built
once, not measured. Then, in rounds that run each measurement in turn, each in a fresh
process (`--child`): what a `casework serve` worker process pays on its first request, and
on its second. Medians in milliseconds.

  before   `inbox()` for the first page (50 notices), the paper deadlines of every case
           folded to tell where a paper notice stands (`paper_deadlines`: the page until
           this change), then a second call in the same process
  after    the same with only the page's cases' paper events read and folded
           (`case_paper_deadlines`); the pages must be equal to the before's, or it stops
  nav      `unread()`, the count beside 提醒 on every page: first call and second; the
           process must have built no paper fold (it must never pay for one)

Readers: a county supervisor (every township), a township leader, an officer (the one on
most of the township's notices).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from workflow.bootstrap import bootstrap  # noqa: E402
from workflow.settings import Settings  # noqa: E402

KINDS = ("before", "after", "nav")


def readers(engine: Any) -> tuple[date, dict[str, Any]]:
    """The day of the newest notice, and the readers (role, township, account)."""
    from workflow.reports import inbox

    engine.catch_up("notices")
    t = engine.tables("notices")["notices"]
    with engine.engine.connect() as conn:
        today = conn.execute(select(func.max(t.c.issued_on))).scalar_one()
        township = conn.execute(
            select(t.c.township).group_by(t.c.township).order_by(func.count().desc()).limit(1)
        ).scalar_one()
        counts: dict[str, int] = {}
        for (officers,) in conn.execute(select(t.c.officers).where(t.c.township == township)):
            for o in officers:
                counts[o] = counts.get(o, 0) + 1
    officer = max(counts, key=lambda o: counts[o])
    return today, {
        "supervisor": inbox.Person("sv-001", "supervisor", None),
        "leader": inbox.Person(f"{township}-leader", "leader", township),
        "officer": inbox.Person(officer, "officer", township),
    }


class WholeFold:
    """The page as it was: the paper deadlines of every case, to read a few of them."""

    @staticmethod
    def install() -> None:
        from workflow.execution.board import paper_deadlines
        from workflow.reports import inbox

        def whole(self: inbox.Standing, cases: Collection[str]) -> dict[tuple[str, str], str]:
            if not cases:
                return {}
            return {(i["case_id"], i["deadline"]): i["due"] for i in paper_deadlines(self.engine, self.today)}

        inbox.Standing._paper = whole  # type: ignore[method-assign]


def child(url: str, kind: str, reader: str) -> None:
    """One measurement in this fresh process: the first call, then the second."""
    from workflow.execution import board
    from workflow.reports import inbox

    casework = bootstrap(Settings(database_url=url), project=False)
    engine = casework.projections
    today, people = readers(engine)
    who = people[reader]
    if kind == "before":
        WholeFold.install()
    times, found = [], None
    for _ in range(2):
        started = time.perf_counter()
        if kind == "nav":
            found = inbox.unread(engine, who, today, None)
        else:
            found = inbox.inbox(engine, who, today)
        times.append((time.perf_counter() - started) * 1000)
    folded = len(board._FOLDS)
    casework.close()
    text = json.dumps(found, sort_keys=True, default=str, ensure_ascii=False)
    print(json.dumps({"first": times[0], "second": times[1], "folds": folded,
                      "digest": hashlib.sha256(text.encode()).hexdigest()[:16],
                      "paper": _paper_rows(found)}))  # fmt: skip


def _paper_rows(found: Any) -> int:
    from workflow.reports.inbox import PAPER_DEADLINES

    if not isinstance(found, dict):
        return 0
    return sum(n["deadline"] in PAPER_DEADLINES for n in found["notices"])


def measure(url: str, kind: str, reader: str) -> dict[str, Any]:
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run([sys.executable, __file__, "--child", url, kind, reader],
                         capture_output=True, text=True, cwd=root, check=False)  # fmt: skip
    if run.returncode != 0:
        raise SystemExit(run.stderr)
    return dict(json.loads(run.stdout.strip().splitlines()[-1]))


def prepare(args: argparse.Namespace) -> dict[str, str]:
    from benchmarks.backup_bench import _database, _load
    from benchmarks.generate import demo_database, generate

    args.workdir.mkdir(parents=True, exist_ok=True)
    demo, big = args.workdir / "demo.db", args.workdir / "big.db"
    if not big.exists():
        demo_database(demo)
        print(f"generated {generate(big, args.events, demo):,} events ({big})", flush=True)
    urls = {}
    for backend in args.backends.split(","):
        if backend == "sqlite":
            urls[backend] = f"sqlite:///{big}"
        else:
            urls[backend] = _database(args.pg_url, "notices")
            _load(big, urls[backend])
        started = time.perf_counter()
        casework = bootstrap(Settings(database_url=urls[backend]), project=False)
        casework.projections.rebuild_all()
        events = casework.store.status().last_position
        casework.close()
        print(f"{backend}: {events:,} events, read models built in {time.perf_counter() - started:.1f} s",
              flush=True)  # fmt: skip
    return urls


def run(url: str, rounds: int) -> dict[tuple[str, str], dict[str, float]]:
    times: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for _ in range(rounds):
        for reader in ("supervisor", "leader", "officer"):
            for kind in KINDS:
                times.setdefault((reader, kind), []).append(measure(url, kind, reader))
    out = {}
    for (reader, kind), found in times.items():
        digests = {f["digest"] for f in found}
        assert len(digests) == 1, (reader, kind, digests)
        if kind == "nav":
            assert all(f["folds"] == 0 for f in found), "the nav's count built a paper fold"
        out[(reader, kind)] = {
            "first": statistics.median(f["first"] for f in found),
            "second": statistics.median(f["second"] for f in found),
            "paper": found[0]["paper"], "digest": found[0]["digest"],
        }  # fmt: skip
    for reader in ("supervisor", "leader", "officer"):
        assert out[(reader, "before")]["digest"] == out[(reader, "after")]["digest"], reader
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--child", nargs=3, metavar=("URL", "KIND", "READER"), help=argparse.SUPPRESS)
    p.add_argument("--events", type=int, default=100_000)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--backends", default="sqlite,postgresql")
    p.add_argument("--workdir", type=Path, default=Path("/tmp/notices-bench"))
    p.add_argument("--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/casework_notices_bench")
    args = p.parse_args()
    if args.child:
        child(*args.child)
        return
    urls = prepare(args)
    print("| backend | reader | paper notices on the page | before: first / second ms "
          "| after: first / second ms | nav count: first / second ms |")
    print("|---|---|---:|---:|---:|---:|")
    for backend, url in urls.items():
        out = run(url, args.rounds)
        for reader in ("supervisor", "leader", "officer"):
            b, a, n = (out[(reader, k)] for k in KINDS)
            print(f"| {backend} | {reader} | {b['paper']} | {b['first']:.0f} / {b['second']:.0f} "
                  f"| {a['first']:.0f} / {a['second']:.0f} | {n['first']:.0f} / {n['second']:.0f} |",
                  flush=True)  # fmt: skip
    if "postgresql" in urls:
        import psycopg

        from benchmarks.backup_bench import _admin

        with psycopg.connect(_admin(args.pg_url), autocommit=True) as conn:
            name = urls["postgresql"].rsplit("/", 1)[1]
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()

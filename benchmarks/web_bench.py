"""Web benchmark (网页服务基准): N concurrent HTTP clients against `casework serve`,
compared in the same run with a bare ASGI endpoint doing the raw-driver command.

    .venv/bin/python benchmarks/web_bench.py                       # SQLite and PostgreSQL
    .venv/bin/python benchmarks/web_bench.py --backends sqlite --clients 1,16

casework: each client records evidence on its own dispatched case through
`POST /api/cases/{case}/record-evidence` (API token, Idempotency-Key): uvicorn, FastAPI,
the token check, the roster (cached until an org stream changes), the case handler
(fold, authorise, lifecycle, guards), the append with its hash chain, the server's
background read-model pass (the models are caught up before the server starts, as a
running service's are). Bare: `benchmarks/web_raw_app.py` under the same uvicorn: read the
stream and decode it, insert one chained row, plain driver. One server process each, or
N each with `--workers N` (uvicorn's, as `casework serve --workers N`; both through
`workflow.web.serving`, which keeps TCP_NODELAY with several workers). Each client first
sends 2 untimed requests. Reported: throughput (requests/s) and p50/p99 latency, each the
median of `--repeat` runs (the ratio: the median of each run's own ratio); target
casework ≥ 0.5 × bare.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/casework_web_bench"
TARGET = 0.5
REQUESTS = {1: 400, 16: 25, 64: 6}  # per client (one client: several background passes in a run)
WARM_UP = 2  # untimed requests per client first


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(url: str, clients: int) -> tuple[list[str], str]:
    """A fresh county, accounts, `clients` dispatched cases, the officer's write token."""
    from events import open_store
    from workflow.accounts.passwords import hasher
    from workflow.accounts.service import AccountService
    from workflow.accounts.tokens import ApiTokens
    from workflow.cases import commands as c
    from workflow.cases.service import CaseService
    from workflow.organisation.service import init_county
    from workflow.organisation.snapshot import load_directory

    store = open_store(url)
    init_county(store)
    directory = load_directory(store)
    service = CaseService(store, lambda: directory)
    cases = []
    for n in range(clients):
        opened = service.execute(c.OpenCase(actor="tc-004", township="taicheng", matter="SC-CF-003",
                                            party=f"张{n}某", summary="未明码标价",
                                            violation_unknown="压测数据"))  # fmt: skip
        service.execute(
            c.DispatchCase(actor="tc-001", case=opened.case_id, officers=("tc-004", "tc-005"))
        )
        cases.append(opened.case_id)
    accounts = AccountService(store, lambda: directory, hasher=hasher(cheap=True))
    accounts.create("tc-004", by="ad-001", channel="cli")
    token = ApiTokens(store).issue("tc-004", "bench", ["read", "write"], 1, channel="cli")
    catch_up(store)
    store.close()
    return cases, token


def catch_up(store: Any) -> None:
    """The read models at the head before the server starts, as a running service's are
    (else the first background pass builds every model over the setup's events, a cost
    of the setup and not of a request)."""
    from projections.engine import ProjectionEngine
    from projections.registry import all_projections

    ProjectionEngine(store, all_projections()).catch_up_all()


def prepare_raw(url: str) -> None:
    if url.startswith("sqlite:///"):
        import sqlite3

        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        conn.execute("PRAGMA journal_mode=WAL")
        ddl = "CREATE TABLE raw_events (position INTEGER PRIMARY KEY, stream_id TEXT, version INTEGER, data TEXT, recorded_at TEXT, prev_hash TEXT, hash TEXT, UNIQUE (stream_id, version))"
        conn.execute(ddl)
        conn.close()
        return
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as pg:
        pg.execute("DROP TABLE IF EXISTS raw_events")
        pg.execute(
            "CREATE TABLE raw_events (position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_id VARCHAR(200), version INTEGER, data TEXT, recorded_at CHAR(27), prev_hash CHAR(64), hash CHAR(64), UNIQUE (stream_id, version))"
        )


def start(
    target: str, env: dict[str, str], factory: bool, workers: int = 1, extra: tuple[str, ...] = ()
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    args = [sys.executable, "-m", "workflow.web.serving", target, "--port", str(port), "--log-level", "warning",
            "--no-access-log", *extra] + (["--factory"] if factory else [])  # fmt: skip
    if workers > 1:
        args += ["--workers", str(workers)]
    proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env})
    base = f"http://127.0.0.1:{port}"
    spawned = time.perf_counter()
    for _ in range(200):
        try:
            httpx.get(base + "/health", timeout=0.5)
            if workers > 1:  # the first process answers: give the others as long again
                time.sleep(max(2.0, time.perf_counter() - spawned))
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{target} did not start")


async def drive(
    base: str, paths: list[str], per_client: int, headers: dict[str, str], body: dict[str, Any]
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=len(paths) + 4)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:

        async def one(path: str, count: int) -> None:
            for _ in range(count):
                t = time.perf_counter()
                response = await client.post(
                    path, json=body, headers={**headers, "Idempotency-Key": uuid.uuid4().hex}
                )
                latencies.append(time.perf_counter() - t)
                assert response.status_code == 200, response.text

        await asyncio.gather(*(one(p, WARM_UP) for p in paths))
        latencies.clear()  # not measured: a process's first requests load what it loads lazily
        started = time.perf_counter()
        await asyncio.gather(*(one(p, per_client) for p in paths))
        return time.perf_counter() - started, latencies


def measure(
    backend: str, clients: int, workers: int = 1, extra: tuple[str, ...] = ()
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as where:
        url = f"sqlite:///{where}/bench.db" if backend == "sqlite" else PG_URL
        if backend == "postgresql":
            reset_pg()
        cases, token = prepare(url, clients)
        prepare_raw(url)
        per = REQUESTS.get(clients, 10)
        env = {
            "CASEWORK_DATABASE_URL": url,
            "RAW_DATABASE_URL": url,
            "PYTHONPATH": str(ROOT / "benchmarks"),
        }
        rows = {}
        for kind in ("bare", "casework"):
            target, factory = (("web_raw_app:app", False) if kind == "bare"
                               else ("workflow.web.app:create_app", True))  # fmt: skip
            proc, base = start(target, env, factory, workers, extra)
            try:
                if kind == "bare":
                    paths, headers, body = [f"/raw/bare-{n}" for n in range(clients)], {}, {}
                else:
                    paths = [f"/api/cases/{c}/record-evidence" for c in cases]
                    headers = {"Authorization": f"Bearer {token}"}
                    body = {"kind": "书证", "text": "现场照片"}
                seconds, latencies = asyncio.run(drive(base, paths, per, headers, body))
            finally:
                proc.terminate()
                proc.wait(10)
            rows[kind] = {
                "rps": len(latencies) / seconds,
                "p50": _pct(latencies, 50),
                "p99": _pct(latencies, 99),
            }
        return {
            "backend": backend,
            "clients": clients,
            **{f"{k}_{m}": v for k, r in rows.items() for m, v in r.items()},
        }


def _pct(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


def reset_pg() -> None:
    import psycopg

    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as pg:
        pg.execute("DROP DATABASE IF EXISTS casework_web_bench WITH (FORCE)")
        pg.execute("CREATE DATABASE casework_web_bench")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--clients", default="1,16,64")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per row: the medians are reported (the machine is shared)")
    parser.add_argument("--workers", default="1",
                        help="server processes (uvicorn --workers), the same for both apps: "
                             "a list such as 1,2 gives a row for each")  # fmt: skip
    parser.add_argument("--server-args", default="",
                        help="uvicorn options for both apps; several sets separated by ';' are"
                             " measured in turn within each repeat (an A/B in one run), e.g."
                             " '--http h11 --loop asyncio;--http httptools --loop uvloop'")  # fmt: skip
    args = parser.parse_args()
    sets = [tuple(part.split()) for part in args.server_args.split(";")]
    print(
        "| backend | server | workers | clients | casework req/s | bare req/s | ratio (≥ 0.5) | casework p50 / p99 ms | bare p50 / p99 ms |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for backend in args.backends.split(","):
        for workers, clients in ((int(w), int(n)) for w in args.workers.split(",")
                                 for n in args.clients.split(",")):  # fmt: skip
            runs: dict[tuple[str, ...], list[dict[str, Any]]] = {extra: [] for extra in sets}
            for _ in range(max(1, args.repeat)):
                for extra in sets:  # alternating: the machine's drift falls on every set alike
                    runs[extra].append(measure(backend, clients, workers, extra))
            for extra, found in runs.items():
                r = {k: statistics.median(run[k] for run in found) for k in found[0]
                     if k not in ("backend", "clients")}  # fmt: skip
                ratio = statistics.median(run["casework_rps"] / run["bare_rps"] for run in found)
                verdict = "pass" if ratio >= TARGET else "below"
                print(f"| {backend} | {' '.join(extra) or 'default'} | {workers} | {clients} |"
                      f" {r['casework_rps']:,.0f} | {r['bare_rps']:,.0f} | {ratio:.2f} {verdict} |"
                      f" {r['casework_p50']:.1f} / {r['casework_p99']:.1f} |"
                      f" {r['bare_p50']:.1f} / {r['bare_p99']:.1f} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()

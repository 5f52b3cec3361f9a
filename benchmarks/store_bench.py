"""Event-store benchmark (事件库基准): the store against a raw-driver baseline, same run.

    .venv/bin/python benchmarks/store_bench.py                       # everything, ~2-3 min
    .venv/bin/python benchmarks/store_bench.py --cases 500 --backends sqlite --writers 1

Workload, per backend (SQLite, PostgreSQL) and writer count (1, 4 processes):

* writes: N cases x 6 commands. A command reads the case's stream, checks that the next
  event type is the expected one of the fixed sequence (CaseOpened, CaseDispatched,
  EvidenceRecorded, PenaltyNotified, PenaltyDecided, CaseClosed) and appends one event
  (~300-400 bytes of Chinese JSON data, plus actor metadata) with the loaded version as
  `expected_version`, one transaction per command. Commands are interleaved in batches
  of 50 cases: step k for all 50, then step k+1, ... Each writer process owns a
  disjoint slice of the cases;
  the clock runs from a start barrier (all writers connected) until every writer is done.
* replay: one full pass over the log (`store.iter_all()`), folding every event into
  `{stream_id: (last_type, count)}`.

The baseline does the same with the plain driver (stdlib `sqlite3`, `psycopg`), the same
table shape and durability, and only what the store must do (see `BASELINE_NOTE`).
On PostgreSQL with 4 writers the store is also run *without gap safety*
(`_NoGapSafetyStore`, benchmark-only) to measure what gap safety costs.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import multiprocessing as mp
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql as pgsql
from rich.console import Console
from rich.table import Table
from sqlalchemy import Connection, make_url, text

from events import EventStore, NewEvent, open_store
from events.postgres import COLUMNS as PG_COLUMNS
from events.postgres import PostgresEventStore

STEPS = (
    "CaseOpened",
    "CaseDispatched",
    "EvidenceRecorded",
    "PenaltyNotified",
    "PenaltyDecided",
    "CaseClosed",
)
BATCH = 50  # cases interleaved per batch
PAGE = 5000  # replay page size (the store's iter_all default)
GENESIS = "0" * 64
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/casework_bench"
DEFAULT_CASES = 300
DEFAULT_REPEAT = 5
TARGET_RATIO = 0.6
TARGET_GAP_COST = 0.20

BASELINE_NOTE = (
    "Raw baseline (stdlib sqlite3 / plain psycopg, no SQLAlchemy), per command in ONE "
    "transaction: SELECT the stream's rows (all columns) and json-load their data, check the "
    "next type, canonical-JSON the new event, SHA-256(prev_hash + canonical record), INSERT "
    "version+1 (UNIQUE (stream_id, version) guards concurrency), COMMIT. It does NOT: "
    "validate input, parse metadata/recorded_at or build event objects, re-read the head "
    "inside the write transaction, take PostgreSQL's advisory lock, use a connection pool, or "
    "filter replay by transaction id (gap safety). Replay: page all rows by position (5000 a "
    "page), json-load data, same fold."
)


# --- the workload ------------------------------------------------------------------------
def stream_id(n: int) -> str:
    return f"case-taicheng-P-2026-{n}"


def payload(n: int, step: int) -> dict[str, Any]:
    """Realistic event data for case n, step `step` (~300 bytes as UTF-8 JSON)."""
    at = f"2026-03-{1 + step * 4:02d}T0{step + 1}:30:00+08:00"
    if step == 0:
        return {
            "case_id": f"taicheng-P-2026-{n}",
            "number": f"台城镇综执罚〔2026〕{n}号",
            "township": "taicheng",
            "township_name": "台城镇",
            "kind": "penalty",
            "matter_code": "330217161000",
            "matter_name": "对占道经营的行政处罚",
            "party": f"张{n % 97}某（个体工商户）",
            "summary": "当事人在台城镇人民路12号门前占用城市道路摆摊经营水果",
            "at": at,
            "due": "2026-05-30",
        }
    if step == 1:
        return {"officers": [f"officer-{n % 13:02d}", f"officer-{(n + 5) % 13:02d}"], "at": at,
                "note": "指派两名具有执法资格的执法人员负责调查取证，并告知当事人执法人员身份"}  # fmt: skip
    if step == 2:
        return {
            "kind": "现场检查笔录",
            "text": "执法人员于人民路12号门前现场检查，当事人占用人行道约六平方米摆放水果摊位，"
            "已制作现场检查笔录并拍照取证，当事人签字确认。",
            "at": at,
            "file_name": f"现场照片-{n}.jpg",
            "file_sha256": hashlib.sha256(str(n).encode()).hexdigest(),
        }
    if step == 3:
        return {
            "facts": "当事人未经批准占用城市道路摆摊经营",
            "basis": "《城市市容和环境卫生管理条例》第三十六条",
            "amount": 200.0 + n % 7 * 50,
            "rights": ["陈述", "申辩"],
            "hearing_eligible": False,
            "at": at,
            "hearing_due": "2026-03-20",
        }
    if step == 4:
        return {
            "amount": 200.0 + n % 7 * 50,
            "basis": "《城市市容和环境卫生管理条例》第三十六条第一项，责令改正并处罚款",
            "major": False,
            "decision_no": f"台城镇综执罚决字〔2026〕{n}号",
            "at": at,
            "paid_by": "2026-04-05",
        }
    return {
        "outcome": "executed",
        "at": at,
        "summary": "当事人已按期缴纳罚款并自行清理摊位，经复查道路已恢复通行，"
        "处罚决定执行完毕，予以结案归档。",
        "archive": f"台城镇综执档〔2026〕{n}号",
    }


def metadata(n: int) -> dict[str, Any]:
    return {"actor": f"officer-{n % 13:02d}", "role": "执法队员"}


def commands(cases: range) -> Iterator[tuple[int, int]]:
    """(case, step) pairs: batches of 50 cases, step k for the whole batch, then k+1."""
    for start in range(cases.start, cases.stop, BATCH):
        batch = range(start, min(start + BATCH, cases.stop))
        for step in range(len(STEPS)):
            for n in batch:
                yield n, step


class WrongState(AssertionError):
    pass


def check_next(n: int, step: int, version: int, last_type: str | None) -> None:
    expected_last = STEPS[step - 1] if step else None
    if version != step or last_type != expected_last:
        raise WrongState(f"case {n}: at version {version} after {last_type}, wanted step {step}")


# --- writers ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    """Where to write: the backend, the SQLite file or PostgreSQL URL."""

    backend: str  # "sqlite" | "postgresql"
    sqlite_path: str = ""
    pg_url: str = ""

    def store_url(self) -> str:
        return f"sqlite:///{self.sqlite_path}" if self.backend == "sqlite" else self.pg_url


class _NoGapSafetyStore(PostgresEventStore):
    """BENCHMARK ONLY, never used by the product: the PostgreSQL store WITHOUT gap safety.

    The same INSERT, but without the advisory lock, and `read_all` without the
    transaction-id filter. A reader paging on position can skip a later-committing event
    with this store; it exists only to measure what gap safety costs. It follows the
    store's hook either way it is built: SQLAlchemy connection with named parameters, or
    DBAPI cursor with `%s` placeholders.
    """

    def _insert(self, conn: Any, rows: list[Any]) -> list[int]:
        values = [_row_values(row) for row in rows]
        if isinstance(conn, Connection):
            names = [[f"{c}{i}" for c in "abcdefghj"] for i in range(len(rows))]
            sql = _plain_insert([", ".join(f":{n}" for n in ns) for ns in names])
            params = {
                n: v
                for ns, vs in zip(names, values, strict=True)
                for n, v in zip(ns, vs, strict=True)
            }
            result = conn.execute(text(sql), params).all()
        else:
            conn.execute(
                _plain_insert([", ".join(["%s"] * 9)] * len(rows)), [v for vs in values for v in vs]
            )
            result = conn.fetchall()
        by_version = {version: position for position, version in result}
        return [by_version[row.version] for row in rows]

    def _read_all_sql(self) -> str:
        after, limit = ("%s", "%s") if hasattr(self, "placeholder") else (":after", ":limit")
        return (
            f"SELECT position, {PG_COLUMNS} FROM events WHERE position > {after}"
            f" ORDER BY position LIMIT {limit}"
        )


def _row_values(row: Any) -> tuple[Any, ...]:
    return (
        row.stream_id, row.version, row.event_type, row.schema_version, row.data,
        row.metadata, row.recorded_at, row.prev_hash, row.hash,
    )  # fmt: skip


def _plain_insert(tuples: list[str]) -> str:
    values = ", ".join(f"({t})" for t in tuples)
    return f"INSERT INTO events ({PG_COLUMNS}) VALUES {values} RETURNING position, version"


def open_bench_store(target: Target, variant: str) -> EventStore:
    if variant == "nogap":
        store = _NoGapSafetyStore.from_url(make_url(target.pg_url), None)
        store.create_schema()
        return store
    return open_store(target.store_url())


def write_with_store(store: EventStore, cases: range) -> int:
    done = 0
    for n, step in commands(cases):
        sid = stream_id(n)
        history = store.read_stream(sid)
        version = history[-1].version if history else 0
        check_next(n, step, version, history[-1].type if history else None)
        store.append(
            sid,
            [NewEvent(STEPS[step], payload(n, step), metadata=metadata(n))],
            expected_version=version,
        )
        done += 1
    return done


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _raw_row(sid: str, n: int, step: int, version: int, prev: str) -> tuple[Any, ...]:
    """The new row: canonical JSON, recorded_at and the SHA-256 chain link."""
    data = _canonical(payload(n, step))
    meta = _canonical(metadata(n))
    at = datetime.now(UTC).strftime(TIME_FORMAT)
    v = version + 1
    record = (
        f'{{"data":{data},"metadata":{meta},"recorded_at":"{at}","schema_version":1,'
        f'"stream_id":{json.dumps(sid, ensure_ascii=False)},"type":"{STEPS[step]}","version":{v}}}'
    )
    digest = hashlib.sha256((prev + record).encode()).hexdigest()
    return (sid, v, STEPS[step], 1, data, meta, at, prev, digest)


RAW_SELECT = (
    "SELECT position, stream_id, version, event_type, schema_version, data, metadata,"
    " recorded_at, prev_hash, hash FROM raw_events WHERE stream_id = {p} ORDER BY version"
)
RAW_INSERT = (
    "INSERT INTO raw_events (stream_id, version, event_type, schema_version, data, metadata,"
    " recorded_at, prev_hash, hash) VALUES ({ps}) RETURNING position"
)


def _raw_command(cur: Any, n: int, step: int, mark: str) -> None:
    sid = stream_id(n)
    rows = cur.execute(RAW_SELECT.format(p=mark), (sid,)).fetchall()
    for row in rows:
        json.loads(row[5])
    version, last_type, prev = (
        (rows[-1][2], rows[-1][3], rows[-1][9]) if rows else (0, None, GENESIS)
    )
    check_next(n, step, version, last_type)
    cur.execute(RAW_INSERT.format(ps=", ".join([mark] * 9)), _raw_row(sid, n, step, version, prev))
    cur.fetchone()


def sqlite_connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=60, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA busy_timeout=60000")
    return conn


def pg_connect(url: str, autocommit: bool = False, dbname: str | None = None) -> psycopg.Connection:
    u = make_url(url)
    return psycopg.connect(
        host=u.host or "127.0.0.1",
        port=u.port or 5432,
        user=u.username or "postgres",
        password=u.password or None,
        dbname=dbname or u.database,
        autocommit=autocommit,
    )


def write_raw(target: Target, cases: range, ready: Callable[[], None]) -> int:
    done = 0
    if target.backend == "sqlite":
        conn = sqlite_connect(target.sqlite_path)
        conn.execute("SELECT 1").fetchall()
        ready()
        cur = conn.cursor()
        for n, step in commands(cases):
            cur.execute("BEGIN IMMEDIATE")
            try:
                _raw_command(cur, n, step, "?")
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            done += 1
        conn.close()
        return done
    pg = pg_connect(target.pg_url)
    pg.execute("SELECT 1").fetchall()
    pg.rollback()
    ready()
    with pg.cursor() as pcur:
        for n, step in commands(cases):
            try:
                _raw_command(pcur, n, step, "%s")
                pg.commit()
            except BaseException:
                pg.rollback()
                raise
            done += 1
    pg.close()
    return done


def writer_main(kind: str, target: Target, cases: range, barrier: Barrier, results: Any) -> None:
    """One writer process: connect, wait at the barrier, run its commands, report."""
    try:
        cpu: list[float] = []

        def ready() -> None:
            barrier.wait(timeout=300)
            cpu.append(time.process_time())

        if kind == "raw":
            done = write_raw(target, cases, ready)
        else:
            store = open_bench_store(target, kind)
            store.stream_version(stream_id(cases.start))  # warm the pool
            ready()
            done = write_with_store(store, cases)
            store.close()
        results.put(("ok", done, time.process_time() - cpu[0], ""))
    except BaseException:
        barrier.abort()
        results.put(("error", 0, 0.0, traceback.format_exc()))


@dataclass(frozen=True)
class Speed:
    """One measured pass: items per second of wall time and client CPU µs per item."""

    rate: float
    cpu_us: float


def run_writers(kind: str, target: Target, cases: int, writers: int) -> Speed:
    """Run the writes with `writers` processes: commands/s, barrier to all done."""
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(writers + 1)
    results = ctx.Queue()
    share = -(-cases // writers)
    slices = [range(w * share, min(cases, (w + 1) * share)) for w in range(writers)]
    procs = [
        ctx.Process(target=writer_main, args=(kind, target, s, barrier, results), daemon=True)
        for s in slices
    ]
    for p in procs:
        p.start()
    with contextlib.suppress(threading.BrokenBarrierError):  # a writer failed: it says why
        barrier.wait(timeout=300)
    started = time.perf_counter()
    outcomes = [results.get(timeout=1800) for _ in procs]
    elapsed = time.perf_counter() - started
    for p in procs:
        p.join(timeout=60)
    errors = [o[3] for o in outcomes if o[0] != "ok"]
    if errors:
        raise RuntimeError(f"{kind} writer failed:\n" + errors[0])
    total = sum(o[1] for o in outcomes)
    if total != cases * len(STEPS):
        raise RuntimeError(f"{kind}: {total} commands done, expected {cases * len(STEPS)}")
    return Speed(total / elapsed, sum(o[2] for o in outcomes) / total * 1e6)


# --- replay ------------------------------------------------------------------------------
Fold = dict[str, tuple[str, int]]


def check_fold(fold: Fold, cases: int) -> None:
    if len(fold) != cases or any(v != ("CaseClosed", len(STEPS)) for v in fold.values()):
        raise RuntimeError(f"replay fold wrong: {len(fold)} streams, expected {cases} closed")


def replay_store(target: Target, variant: str, cases: int) -> Speed:
    """One pass of `iter_all` folded into {stream_id: (last_type, count)}."""
    store = open_bench_store(target, variant)
    deadline = time.monotonic() + 60
    while store.head() < cases * len(STEPS):  # a write elsewhere on the server holds it back
        if time.monotonic() > deadline:
            raise RuntimeError(f"head held back: {store.status()}")
        time.sleep(0.2)
    store.read_all(after=0, limit=1)  # connect outside the clock, as the baseline does
    cpu, started = time.process_time(), time.perf_counter()
    fold: Fold = {}
    count = 0
    for e in store.iter_all(batch=PAGE):
        prev = fold.get(e.stream_id)
        fold[e.stream_id] = (e.type, prev[1] + 1 if prev else 1)
        count += 1
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    store.close()
    check_fold(fold, cases)
    return Speed(count / elapsed, cpu / count * 1e6)


def replay_raw(target: Target, cases: int) -> Speed:
    """The baseline replay: page rows by position, json-load data, the same fold."""
    sql = (
        "SELECT position, stream_id, version, event_type, schema_version, data, metadata,"
        " recorded_at, prev_hash, hash FROM raw_events WHERE position > {p}"
        " ORDER BY position LIMIT {p}"
    )
    conn: Any
    if target.backend == "sqlite":
        conn, mark = sqlite_connect(target.sqlite_path), "?"
    else:
        conn, mark = pg_connect(target.pg_url, autocommit=True), "%s"
    query = sql.format(p=mark)
    cpu, started = time.process_time(), time.perf_counter()
    fold: Fold = {}
    count = 0
    after = 0
    while True:
        rows = conn.execute(query, (after, PAGE)).fetchall()
        for row in rows:
            json.loads(row[5])
            prev = fold.get(row[1])
            fold[row[1]] = (row[3], prev[1] + 1 if prev else 1)
        count += len(rows)
        if len(rows) < PAGE:
            break
        after = rows[-1][0]
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    conn.close()
    check_fold(fold, cases)
    return Speed(count / elapsed, cpu / count * 1e6)


# --- schema resets -----------------------------------------------------------------------
SQLITE_RAW_DDL = """CREATE TABLE raw_events (
    position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, version INTEGER NOT NULL,
    event_type TEXT NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL,
    metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL, UNIQUE (stream_id, version))"""
PG_RAW_DDL = """CREATE TABLE raw_events (
    position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_id VARCHAR(200) NOT NULL, version INTEGER NOT NULL,
    event_type VARCHAR(200) NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL,
    metadata TEXT NOT NULL, recorded_at CHAR(27) NOT NULL, prev_hash CHAR(64) NOT NULL,
    hash CHAR(64) NOT NULL, tx_id XID8 NOT NULL DEFAULT pg_current_xact_id(),
    UNIQUE (stream_id, version))"""


def ensure_pg_database(url: str) -> None:
    """Create the benchmark database if missing (through the `postgres` database)."""
    name = make_url(url).database
    if not name:
        raise SystemExit("--pg-url needs a database name")
    with pg_connect(url, autocommit=True, dbname="postgres") as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not found:
            admin.execute(pgsql.SQL("CREATE DATABASE {}").format(pgsql.Identifier(name)))


def reset(target: Target, kind: str) -> None:
    """Fresh, empty tables for one measured run (the store's or the baseline's)."""
    if target.backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(target.sqlite_path + suffix).unlink(missing_ok=True)
        if kind == "raw":
            conn = sqlite_connect(target.sqlite_path)
            conn.execute(SQLITE_RAW_DDL)
            conn.close()
        else:
            open_store(target.store_url()).close()
        return
    with pg_connect(target.pg_url, autocommit=True) as pg:
        pg.execute("DROP TABLE IF EXISTS events, event_commands, raw_events")
        if kind == "raw":
            pg.execute(PG_RAW_DDL)
        pg.execute("CHECKPOINT")  # start every run with the same (clean) WAL state
    if kind != "raw":
        open_bench_store(target, kind).close()


# --- the run -----------------------------------------------------------------------------
@dataclass
class Result:
    """Every repeat of one backend and writer count, per kind, in run order.

    Rates shown are medians over the repeats. A ratio is the median of the per-repeat
    ratios: the kinds run back to back inside a repeat, so each pair saw much the same
    machine, which matters on a box shared with other work.
    """

    backend: str
    writers: int
    write: dict[str, list[Speed]] = field(default_factory=dict)
    replay: dict[str, list[Speed]] = field(default_factory=dict)

    @staticmethod
    def rate(what: dict[str, list[Speed]], kind: str) -> float:
        return statistics.median(s.rate for s in what[kind])

    @staticmethod
    def cpu(what: dict[str, list[Speed]], kind: str) -> float:
        return statistics.median(s.cpu_us for s in what[kind])

    @staticmethod
    def ratio(what: dict[str, list[Speed]], kind: str = "raw") -> float:
        """Median over repeats of store rate ÷ `kind` rate."""
        pairs = zip(what["store"], what[kind], strict=True)
        return statistics.median(a.rate / b.rate for a, b in pairs)

    def gap_cost(self, what: dict[str, list[Speed]]) -> float | None:
        return None if "nogap" not in what else 1 - self.ratio(what, "nogap")


def measure(
    kind: str, target: Target, cases: int, writers: int, log: Console
) -> tuple[Speed, Speed]:
    reset(target, kind)
    w = run_writers(kind, target, cases, writers)
    r = replay_raw(target, cases) if kind == "raw" else replay_store(target, kind, cases)
    log.print(
        f"  {target.backend:<10} writers={writers} {kind:<5} {w.rate:7.0f} cmd/s"
        f" ({w.cpu_us:5.0f} µs CPU/cmd)  replay {r.rate:7.0f} ev/s ({r.cpu_us:4.1f} µs CPU/ev)"
        f"  load {os.getloadavg()[0]:.1f}",
        highlight=False,
    )
    return w, r


def run(args: argparse.Namespace, log: Console) -> list[Result]:
    results = []
    tmp = Path(tempfile.mkdtemp(prefix="casework-bench-", dir=args.sqlite_dir))
    try:
        for backend in args.backends:
            if backend == "postgresql":
                ensure_pg_database(args.pg_url)
            target = Target(backend, str(tmp / "bench.db"), args.pg_url)
            for writers in args.writers:
                kinds = ["store", "raw"]
                if backend == "postgresql" and writers == 4:
                    kinds.append("nogap")
                runs: dict[str, list[tuple[Speed, Speed]]] = {k: [] for k in kinds}
                for _ in range(args.repeat):  # alternate, so drift hits every kind alike
                    for kind in kinds:
                        runs[kind].append(measure(kind, target, args.cases, writers, log))
                res = Result(backend, writers)
                for kind, pairs in runs.items():
                    res.write[kind] = [p[0] for p in pairs]
                    res.replay[kind] = [p[1] for p in pairs]
                results.append(res)
        if "postgresql" in args.backends:  # leave empty tables behind, not the last run's
            with pg_connect(args.pg_url, autocommit=True) as conn:
                conn.execute("DROP TABLE IF EXISTS events, event_commands, raw_events")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return results


# --- output ------------------------------------------------------------------------------
HEADERS = [
    "backend", "writers", "store cmd/s", "raw cmd/s", "ratio ≥0.6",
    "store replay ev/s", "raw replay ev/s", "ratio ≥0.6", "gap-safety cost ≤20%",
]  # fmt: skip
CPU_HEADERS = [
    "backend", "writers", "store µs/cmd", "raw µs/cmd",
    "store µs/ev", "raw µs/ev", "no-gap cmd/s", "no-gap µs/cmd", "no-gap replay ev/s",
    "gap-safety replay cost",
]  # fmt: skip


def verdict(ok: bool) -> str:
    return "pass" if ok else "MISS"


def rows_of(results: list[Result]) -> list[list[str]]:
    out = []
    for r in results:
        wr, rr = r.ratio(r.write), r.ratio(r.replay)
        cost = r.gap_cost(r.write)
        gap = "—" if cost is None else f"{cost:.0%} {verdict(cost <= TARGET_GAP_COST)}"
        out.append([
            r.backend, str(r.writers),
            f"{r.rate(r.write, 'store'):,.0f}", f"{r.rate(r.write, 'raw'):,.0f}",
            f"{wr:.2f} {verdict(wr >= TARGET_RATIO)}",
            f"{r.rate(r.replay, 'store'):,.0f}", f"{r.rate(r.replay, 'raw'):,.0f}",
            f"{rr:.2f} {verdict(rr >= TARGET_RATIO)}",
            gap,
        ])  # fmt: skip
    return out


def cpu_rows_of(results: list[Result]) -> list[list[str]]:
    out = []
    for r in results:
        ng = "nogap" in r.write
        cost = r.gap_cost(r.replay)
        out.append([
            r.backend, str(r.writers),
            f"{r.cpu(r.write, 'store'):,.0f}", f"{r.cpu(r.write, 'raw'):,.0f}",
            f"{r.cpu(r.replay, 'store'):.1f}", f"{r.cpu(r.replay, 'raw'):.1f}",
            f"{r.rate(r.write, 'nogap'):,.0f}" if ng else "—",
            f"{r.cpu(r.write, 'nogap'):,.0f}" if ng else "—",
            f"{r.rate(r.replay, 'nogap'):,.0f}" if ng else "—",
            "—" if cost is None else f"{cost:.0%}",
        ])  # fmt: skip
    return out


NOTES = [
    BASELINE_NOTE,
    "Both sides: WAL + synchronous=FULL on SQLite, synchronous_commit=on on PostgreSQL; one "
    "commit (one WAL flush) per command. Rates are medians of --repeat runs; the kinds alternate "
    "inside a repeat and each ratio is the median of the per-repeat ratios.",
    "Gap-safety cost = 1 − store cmd/s ÷ cmd/s of the same store without the advisory lock and "
    "without the tx-id filter in read_all (benchmark-only subclass _NoGapSafetyStore).",
    "µs/cmd and µs/ev: CPU time of the client processes (writers; the replaying process) per "
    "command or event; the database server's CPU is not included.",
]


def print_tables(results: list[Result], cases: int, console: Console) -> None:
    title = f"event store vs raw driver — {cases} cases × {len(STEPS)} commands"
    for headers, rows, name in (
        (HEADERS, rows_of(results), title),
        (CPU_HEADERS, cpu_rows_of(results), "client CPU per command / event"),
    ):
        table = Table(title=name)
        for h in headers:
            table.add_column(h, justify="left" if h == "backend" else "right")
        for row in rows:
            table.add_row(*[c.replace("MISS", "[bold red]MISS[/]") for c in row])
        console.print(table)
    for note in NOTES:
        console.print(f"• {note}", highlight=False)


def markdown(results: list[Result]) -> str:
    out = []
    for headers, rows in ((HEADERS, rows_of(results)), (CPU_HEADERS, cpu_rows_of(results))):
        out += ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        out += ["| " + " | ".join(row) + " |" for row in rows]
        out.append("")
    return "\n".join(out)


def machine(pg_url: str | None) -> str:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    pg = "n/a"
    if pg_url:
        try:
            with pg_connect(pg_url, autocommit=True, dbname="postgres") as c:
                row = c.execute("SHOW server_version").fetchone()
                pg = row[0] if row else "?"
        except psycopg.Error:
            pg = "unreachable"
    return (
        f"events/ {events_version()}; "
        f"{os.cpu_count()} CPUs ({cpu}), {mem_kb / 1024 / 1024:.1f} GiB RAM, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, PostgreSQL {pg}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average {os.getloadavg()[0]:.1f}"
    )


def events_version() -> str:
    """Which event store was measured: its directory and, in a git checkout, its commit."""
    import events

    where = Path(events.__file__).resolve().parent
    try:
        head = subprocess.run(
            ["git", "log", "-1", "--format=%h", "--", "."],
            cwd=where,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "."],
            cwd=where,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return f"from {where}"
    return f"from {where} at {head}" + (" + uncommitted changes" if dirty else "")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Event-store benchmark against a raw-driver baseline.")
    p.add_argument("--cases", type=int, default=DEFAULT_CASES, help="cases (× 6 commands)")
    p.add_argument("--backends", default="sqlite,postgresql", help="comma list: sqlite,postgresql")
    p.add_argument("--writers", default="1,4", help="writer process counts, e.g. 1,4")
    p.add_argument(
        "--pg-url", default=DEFAULT_PG_URL, help="benchmark database (created if missing)"
    )
    p.add_argument(
        "--repeat", type=int, default=DEFAULT_REPEAT, help="alternating runs (medians are shown)"
    )
    p.add_argument("--sqlite-dir", default=None, help="where the SQLite files go (default: TMPDIR)")
    p.add_argument("--markdown", action="store_true", help="also print the tables as Markdown")
    args = p.parse_args(argv)
    args.backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    args.writers = [int(w) for w in args.writers.split(",") if w.strip()]
    if not args.backends or not set(args.backends) <= {"sqlite", "postgresql"}:
        p.error("--backends: sqlite and/or postgresql")
    if args.cases < 1 or args.repeat < 1 or not args.writers or min(args.writers) < 1:
        p.error("--cases, --repeat and --writers must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console(width=max(Console().width, 150))
    console.print(machine(args.pg_url if "postgresql" in args.backends else None), highlight=False)
    started = time.perf_counter()
    results = run(args, console)
    print_tables(results, args.cases, console)
    if args.markdown:
        print(markdown(results))
    console.print(f"total {time.perf_counter() - started:.0f} s", highlight=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Backup and restore times: `casework backup` / `restore` against same-run baselines.

    python -m benchmarks.backup_bench --workdir /work/bench-data            # demo + 1M, SQLite
    python -m benchmarks.backup_bench --workdir /work/bench-data --postgres # and PostgreSQL

Stores: the demo county (`casework demo`, seed 1) and a generated store of about a
million events (benchmarks/generate.py); both are made once and kept in `--workdir`.
PostgreSQL copies of them are loaded with COPY into fresh databases `<pg db>_src_*`.

Baselines, same run, same files: SQLite - a plain file copy (`shutil.copyfile`: what
`cp` would do, neither online-consistent nor compressed); PostgreSQL - `pg_dump -Fc`
and `pg_restore` alone (no manifest, no checks, no read-model rebuild).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
from rich.console import Console
from rich.table import Table
from sqlalchemy import make_url

from events import open_store
from workflow.backup.postgres import libpq_env
from workflow.backup.restore import restore_backup
from workflow.backup.snapshot import take_backup
from workflow.cli.store import check_log

console = Console()
Row = tuple[str, str, int, float, float, dict[str, float], dict[str, float]]


def stores(workdir: Path, events: int) -> dict[str, Path]:
    from benchmarks.generate import demo_database, generate

    demo, big = workdir / "demo.db", workdir / "big.db"
    if not demo.exists():
        demo_database(demo)
    if not big.exists():
        generate(big, events, demo)
    return {"demo": demo, f"{events // 1000}k": big}


def sqlite_row(name: str, path: Path, tmp: Path) -> Row:
    start = time.perf_counter()
    shutil.copyfile(path, tmp / "copy.db")
    baseline = time.perf_counter() - start
    (tmp / "copy.db").unlink()
    done = take_backup(f"sqlite:///{path}", tmp / f"{name}.cwbak")
    restored = restore_backup(done.path, f"sqlite:///{tmp / (name + '-restored.db')}", check_log)
    return (name, "sqlite", done.manifest.log.events, baseline, done.path.stat().st_size,
            done.seconds, restored.seconds)  # fmt: skip


def postgres_row(name: str, path: Path, tmp: Path, pg_url: str) -> Row:
    source, target, plain = (_database(pg_url, f"{name}_{k}") for k in ("src", "dst", "plain"))
    _load(path, source)
    dump = tmp / "plain.pgdump"
    start = time.perf_counter()
    _tool(["pg_dump", "-Fc", f"--file={dump}"], source)
    _tool(["pg_restore", "--no-owner", f"--dbname={make_url(plain).database}", str(dump)], plain)
    baseline = time.perf_counter() - start
    done = take_backup(source, tmp / f"{name}-pg.cwbak")
    restored = restore_backup(done.path, target, check_log)
    return (name, "postgresql", done.manifest.log.events, baseline, done.path.stat().st_size,
            done.seconds, restored.seconds)  # fmt: skip


def _database(pg_url: str, suffix: str) -> str:
    base = make_url(pg_url)
    name = f"{base.database}_{suffix}".lower()
    with psycopg.connect(_admin(pg_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.set(database=name).render_as_string(hide_password=False)


def _admin(pg_url: str) -> str:
    url = make_url(pg_url).set(database="postgres", drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _load(path: Path, url: str) -> None:
    """Copy a SQLite store's events into an empty PostgreSQL store (not measured)."""
    open_store(url).close()
    columns = "position, stream_id, version, event_type, schema_version, data, metadata, recorded_at, prev_hash, hash"
    source = sqlite3.connect(path)
    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        with conn.cursor().copy(f"COPY events ({columns}) FROM STDIN") as copy:
            for row in source.execute(f"SELECT {columns} FROM events ORDER BY position"):
                copy.write_row(row)
        conn.execute("SELECT setval('events_position_seq', (SELECT max(position) FROM events))")
    source.close()


def _tool(args: list[str], url: str) -> None:
    import os

    subprocess.run(args, check=True, env={**os.environ, **libpq_env(url)}, capture_output=True)


def report(rows: list[Row]) -> None:
    table = Table(title="backup and restore (seconds)")
    for column in ("store", "backend", "events", "baseline", "backup", "file MB",
                   "restore", "of which verify", "of which rebuild"):  # fmt: skip
        table.add_column(column, justify="right")
    for name, backend, events, baseline, size, made, restored in rows:
        table.add_row(name, backend, f"{events:,}", f"{baseline:.1f}", f"{sum(made.values()):.1f}",
                      f"{size / 1e6:.1f}", f"{sum(restored.values()):.1f}",
                      f"{restored.get('verified', 0):.1f}", f"{restored.get('rebuilt', 0):.1f}")  # fmt: skip
    console.print(table)
    for name, backend, _, _, _, made, restored in rows:
        steps = ", ".join(f"{k} {v:.1f}" for k, v in {**made, **restored}.items())
        console.print(f"{name} {backend}: {steps}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workdir", type=Path, default=Path("/work/bench-data"))
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument(
        "--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/casework_bench"
    )
    parser.add_argument("--only", default=None, help="run one store: demo or e.g. 1000k")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    for name, path in stores(args.workdir, args.events).items():
        if args.only and name != args.only:
            continue
        with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
            rows.append(sqlite_row(name, path, Path(tmp)))
            console.print(rows[-1])
            if args.postgres:
                rows.append(postgres_row(name, path, Path(tmp), args.pg_url))
                console.print(rows[-1])
    report(rows)


if __name__ == "__main__":
    main()

"""`run_demo` for tests, once per test run for the same story: the first call with given
arguments and clock (CASEWORK_NOW) builds the demo, every later one, in this process or
another xdist worker of the run, copies what it built (the same rows a fresh run writes:
the demo is deterministic for a seed and a day; tests/integration/test_demo.py checks it).

- Where: the run's directory (`CASEWORK_TEST_DEMO_DIR`, made by tests/conftest.py in the
  process that starts the run, inherited by its workers and removed at its end), else one
  of this process's own. A build holds an exclusive lock on `<key>.lock` there, so two
  workers needing the same demo build it once: the second waits and copies.
- SQLite: the demo is built into a file there and copied with SQLite's backup API.
- PostgreSQL (a URL with `-csearch_path=<schema>`, as tests/pg.py makes them): the demo is
  built into a schema of its own (`d_<hex>`), dumped with `pg_dump -Fc -n` into that
  directory, and that schema dropped; each call drops the test's (empty) schema, restores
  the dump (`pg_restore` recreates `d_<hex>`) and renames it to the test's schema:
  triggers, sequences and indexes follow the rename (they are bound by oid). Restores of
  one dump take its lock in turn (each recreates `d_<hex>`). The names are random, so
  other runs on the server never meet them; a schema left by a failed restore is dropped
  by the next call.
Anything else (an in-memory SQLite URL, a PostgreSQL URL without a search_path) runs the demo.
"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import json
import os
import pickle
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import make_url

from tests import pg

RUN_DIR = "CASEWORK_TEST_DEMO_DIR"
_DIR: list[Path] = []


def run_demo(url: str, **kw: Any) -> dict[str, Any]:
    """`casework demo` in this process (imported on use: tests/conftest.py imports this
    module in the process that only starts the workers)."""
    from workflow.demo.run import run_demo as run
    from workflow.settings import Settings

    return run(Settings(database_url=url), **kw)


def demo(url: str, **kw: Any) -> dict[str, Any]:
    """The demo's summary; the database at `url` (empty) holds the demo afterwards."""
    if url.startswith("sqlite:///") and ":memory:" not in url:
        return _sqlite(url, _key("sqlite", kw), kw)
    schema = _search_path(url)
    if url.startswith("postgresql") and schema:
        database = pg.conninfo(url)  # its database, no options
        return _postgres(url, schema, database, _key(f"postgresql {database}", kw), kw)
    return run_demo(url, **kw)


def _key(backend: str, kw: dict[str, Any]) -> str:
    """The file name for a demo: the backend, the clock and the arguments."""
    from workflow.clock import now

    clock = now().isoformat() if os.environ.get("CASEWORK_NOW") else None
    text = json.dumps([backend, clock, sorted((k, str(v)) for k, v in kw.items())])
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _built(key: str, build: Callable[[Path], dict[str, Any]], suffix: str) -> tuple[Path, dict[str, Any]]:
    """The demo's template and summary: built here under the key's lock unless a process
    of this run already did (the summary file is written last: its presence means done)."""
    where = _cache_dir()
    template, summary = where / f"{key}{suffix}", where / f"{key}.summary"
    if not summary.exists():
        with _locked(key):
            if not summary.exists():
                result = build(template)
                partial = where / f"{key}.summary.part"
                partial.write_bytes(pickle.dumps(result))  # as returned: Counters, dates …
                partial.rename(summary)
    return template, pickle.loads(summary.read_bytes())


def copied_sqlite(url: str, store: Any, name: str, set_up: Callable[[Any], None]) -> bool:
    """`set_up(store)` on an empty SQLite file store, from a copy: the first call of the run
    with this name and clock runs `set_up` on a template file of its own, every call copies
    that file into `url` (the open store reads the copy: SQLite sees the file change).
    False, nothing done, for another backend or a store that holds events already."""
    if not url.startswith("sqlite:///") or ":memory:" in url or store.status().last_position:
        return False

    def build(template: Path) -> dict[str, Any]:
        from events import open_store

        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{template}{suffix}").unlink(missing_ok=True)
        fresh = open_store(f"sqlite:///{template}")
        try:
            set_up(fresh)
        finally:
            fresh.close()
        return {}

    store.engine.dispose()  # its pooled connections closed: the copy replaces the file under none
    _sqlite(url, _key(f"sqlite {name}", {}), {}, build)
    return True


def _sqlite(url: str, key: str, kw: dict[str, Any],
            build: Callable[[Path], dict[str, Any]] | None = None) -> dict[str, Any]:  # fmt: skip
    def demo_build(template: Path) -> dict[str, Any]:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{template}{suffix}").unlink(missing_ok=True)
        return run_demo(f"sqlite:///{template}", **kw)

    template, summary = _built(key, build or demo_build, ".db")
    target = Path(url.removeprefix("sqlite:///"))
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)  # what the template holds, its write-ahead log included
    return {**summary, "url": url}


def _postgres(url: str, schema: str, database: str, key: str, kw: dict[str, Any]) -> dict[str, Any]:
    def build(dump: Path) -> dict[str, Any]:
        built = f"d_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {built}")
        try:
            there = make_url(url).set(query={"options": f"-csearch_path={built}"})
            summary = run_demo(there.render_as_string(hide_password=False), **kw)
            _run(["pg_dump", "-Fc", "-n", built, "-f", str(dump), "-d", database])
            dump.with_suffix(".schema").write_text(built, encoding="utf-8")
        finally:
            _drop(database, built)
        return summary

    dump, summary = _built(key, build, ".dump")
    built = dump.with_suffix(".schema").read_text(encoding="utf-8")
    _drop(database, schema)  # the test's schema: what the store's opening created in it
    with _locked(key):  # every restore of this dump recreates `built`
        _drop(database, built)  # left by a restore that failed half-way
        _run(["pg_restore", "--no-owner", "--no-privileges", "-d", database, str(dump)])
        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute(f"ALTER SCHEMA {built} RENAME TO {schema}")
    return {**summary, "url": url}


def _search_path(url: str) -> str | None:
    options = str(make_url(url).query.get("options", ""))
    prefix = "-csearch_path="
    return options.removeprefix(prefix) if options.startswith(prefix) else None


def _drop(database: str, schema: str) -> None:
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def _run(argv: list[str]) -> None:
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{argv[0]} failed ({done.returncode}): {done.stderr.strip()}")


@contextmanager
def _locked(key: str) -> Iterator[None]:
    with open(_cache_dir() / f"{key}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        yield


def _cache_dir() -> Path:
    if not _DIR:
        shared = os.environ.get(RUN_DIR)
        if shared and Path(shared).is_dir():
            _DIR.append(Path(shared))
        else:
            _DIR.append(Path(tempfile.mkdtemp(prefix="casework-demo-")))
            atexit.register(shutil.rmtree, _DIR[0], ignore_errors=True)
    return _DIR[0]


def make_run_dir() -> Path:
    """The run's directory (tests/conftest.py: the process that starts the run)."""
    path = Path(tempfile.mkdtemp(prefix="casework-demo-run-"))
    os.environ[RUN_DIR] = str(path)
    return path

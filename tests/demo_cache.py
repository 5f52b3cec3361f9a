"""`run_demo` for tests, once per process for the same story: the first call with given
arguments and clock (CASEWORK_NOW) builds the demo, every later one copies what it built
(the same rows a fresh run writes: the demo is deterministic for a seed and a day).

- SQLite: the demo is built into a file of this worker's own and copied with SQLite's
  backup API.
- PostgreSQL (a URL with `-csearch_path=<schema>`, as tests/pg.py makes them): the demo is
  built into a schema of its own (`d_<hex>`), dumped with `pg_dump -Fc -n` into this
  worker's temporary directory, and that schema dropped; each call drops the test's
  (empty) schema, restores the dump (`pg_restore` recreates `d_<hex>`) and renames it to
  the test's schema: triggers, sequences and indexes follow the rename (they are bound by
  oid). The names are random per process, so xdist workers and other runs on the server
  never meet; a schema left by a failed restore is dropped by the next call.
Anything else (an in-memory SQLite URL, a PostgreSQL URL without a search_path) runs the demo.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import make_url

from tests import pg
from workflow.demo.run import run_demo
from workflow.settings import Settings

_BUILT: dict[str, tuple[Path, dict[str, Any]]] = {}
_DIR: list[Path] = []


def demo(url: str, **kw: Any) -> dict[str, Any]:
    """The demo's summary; the database at `url` (empty) holds the demo afterwards."""
    key = json.dumps([os.environ.get("CASEWORK_NOW"), sorted((k, str(v)) for k, v in kw.items())])
    if url.startswith("sqlite:///") and ":memory:" not in url:
        return _sqlite(url, key, kw)
    schema = _search_path(url)
    if url.startswith("postgresql") and schema:
        return _postgres(url, schema, key, kw)
    return run_demo(Settings(database_url=url), **kw)


def _sqlite(url: str, key: str, kw: dict[str, Any]) -> dict[str, Any]:
    key = f"sqlite {key}"
    if key not in _BUILT:
        template = _cache_dir() / f"demo-{len(_BUILT)}.db"
        summary = run_demo(Settings(database_url=f"sqlite:///{template}"), **kw)
        _BUILT[key] = template, summary
    template, summary = _BUILT[key]
    target = Path(url.removeprefix("sqlite:///"))
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)  # what the template holds, its write-ahead log included
    return {**summary, "url": url}


def _postgres(url: str, schema: str, key: str, kw: dict[str, Any]) -> dict[str, Any]:
    database = pg.conninfo(url)  # its database, no options
    key = f"postgresql {database} {key}"
    if key not in _BUILT:
        built = f"d_{uuid.uuid4().hex[:12]}"
        dump = _cache_dir() / f"{built}.dump"
        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {built}")
        try:
            there = make_url(url).set(query={"options": f"-csearch_path={built}"})
            summary = run_demo(Settings(database_url=there.render_as_string(hide_password=False)), **kw)
            _run(["pg_dump", "-Fc", "-n", built, "-f", str(dump), "-d", database])
        finally:
            _drop(database, built)
        _BUILT[key] = dump, summary
    dump, summary = _BUILT[key]
    built = dump.stem
    _drop(database, built)  # left by a restore that failed half-way
    _drop(database, schema)  # the test's schema: what the store's opening created in it
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


def _cache_dir() -> Path:
    if not _DIR:
        _DIR.append(Path(tempfile.mkdtemp(prefix="casework-demo-")))
        atexit.register(shutil.rmtree, _DIR[0], ignore_errors=True)
    return _DIR[0]

"""PostgreSQL: `pg_dump` in one exported snapshot, and `pg_restore` into an empty target.

The backup is the standard tool's own custom-format dump. Its manifest is computed in
the very snapshot `pg_dump` reads (`pg_export_snapshot()` + `pg_dump --snapshot`), so
the figures and the dump agree exactly, while writers go on committing.

The restore is `pg_restore`, in sections, with one twist: the event table's `tx_id`
(the writing transaction's id, used only for gap-safe reading) belongs to the source
cluster. Copied as is into another cluster, ids from the future would hide the whole log
from readers. So the events' rows are streamed through COPY without that column and take
the restoring transaction's id instead; every other column, hashes included, is copied
unchanged. Passwords go to the tools through the environment, never on a command line.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo
from sqlalchemy import make_url

from events.postgres import SAFE  # the log as a gap-safe reader sees it
from workflow.backup.archive import BackupRefused
from workflow.backup.manifest import LogFigures, figures

NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def checked_name(name: str) -> str:
    """A schema or column name read from a backup: plain lower-case identifiers only."""
    if not NAME.fullmatch(name):
        raise BackupRefused(f"the backup names an unexpected identifier {name!r}")
    return name


def libpq_env(url: str) -> dict[str, str]:
    """The PG* environment variables naming the database of a SQLAlchemy URL."""
    parsed = make_url(url)
    env = {"PGHOST": parsed.host or "", "PGPORT": str(parsed.port or ""),
           "PGUSER": parsed.username or "", "PGPASSWORD": parsed.password or "",
           "PGDATABASE": parsed.database or "", "PGOPTIONS": str(parsed.query.get("options", "")),
           "PGCONNECT_TIMEOUT": "10"}  # fmt: skip
    return {k: v for k, v in env.items() if v}


@contextmanager
def connect(url: str, **kwargs: Any) -> Iterator[psycopg.Connection[Any]]:
    env = libpq_env(url)
    params = {
        "host": env.get("PGHOST"), "port": env.get("PGPORT"), "user": env.get("PGUSER"),
        "password": env.get("PGPASSWORD"), "dbname": env.get("PGDATABASE"),
        "options": env.get("PGOPTIONS"), "connect_timeout": 10,
    }  # fmt: skip
    conninfo = make_conninfo("", **{k: v for k, v in params.items() if v})
    with psycopg.connect(conninfo, **kwargs) as conn:
        yield conn


def run_tool(args: list[str], url: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    """Run pg_dump / pg_restore / psql against `url`; a failure names the tool's first error."""
    env = {**os.environ, **libpq_env(url)}
    try:
        done = subprocess.run(args, env=env, capture_output=True, check=False, **kwargs)
    except FileNotFoundError as err:
        raise BackupRefused(
            f"{args[0]} is not installed (apt-get install postgresql-client)"
        ) from err
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise BackupRefused(f"{args[0]} failed: {message[0] if message else done.returncode}")
    return done


def dump(
    url: str, target: Path, on_snapshot: Callable[[], None]
) -> tuple[LogFigures, tuple[str, ...], str]:
    """pg_dump the store's schema into `target` (custom format); its figures, tables, schema.

    `on_snapshot()` is called once the snapshot is taken and described, before the dump."""
    with connect(url) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        schema = conn.execute("SELECT current_schema()").fetchone()[0]  # type: ignore[index]
        tables = _tables(conn, schema)
        if "events" not in tables:
            raise BackupRefused(f"schema {schema} holds no casework event log")
        log = figures(conn.cursor(), "%s", SAFE)
        on_snapshot()
        run_tool(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--schema={schema}",
                  "--no-owner", f"--file={target}"], url)  # fmt: skip
        conn.rollback()
    return log, tables, schema


def check_target(url: str, schema: str) -> None:
    """The target must use the dumped schema and hold no table in it."""
    checked_name(schema)
    with connect(url, autocommit=True) as conn:
        current = conn.execute("SELECT current_schema()").fetchone()
        if current is None or current[0] is None:
            raise BackupRefused(f"the target has no schema {schema}: create it first")
        if current[0] != schema:
            raise BackupRefused(f"the backup is of schema {schema}; the target uses {current[0]}")
        if _tables(conn, schema):
            raise BackupRefused(
                f"the target schema {schema} is not empty; restore into an empty database"
            )


def restore(payload: Path, url: str, schema: str) -> None:
    """pg_restore `payload` into the empty target schema (`schema`, as dumped)."""
    listing = _listing(payload, url, schema)
    base = ["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", f"--use-list={listing}",
            f"--dbname={_dbname(url)}"]  # fmt: skip
    run_tool([*base, "--section=pre-data", str(payload)], url)
    run_tool([*base, "--section=data", str(payload)], url)
    _copy_events(payload, url, schema)
    run_tool([*base, "--section=post-data", str(payload)], url)


def drop_restored(url: str, schema: str) -> None:
    """Remove what a refused restore created (the target was empty before it)."""
    with connect(url, autocommit=True) as conn:
        if schema == "public":
            for table in _tables(conn, schema):
                conn.execute(f'DROP TABLE IF EXISTS "{schema}"."{table}" CASCADE')
            conn.execute("DROP FUNCTION IF EXISTS public.casework_refuse_change() CASCADE")
        else:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _tables(conn: psycopg.Connection[Any], schema: str) -> tuple[str, ...]:
    rows = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", (schema,)
    ).fetchall()
    return tuple(r[0] for r in rows)


def _dbname(url: str) -> str:
    return make_url(url).database or ""


def _listing(payload: Path, url: str, schema: str) -> Path:
    """pg_restore's table of contents without the schema itself (the target has it) and
    without the events' rows (loaded by `_copy_events`)."""
    toc = run_tool(["pg_restore", "--list", str(payload)], url).stdout.decode()
    name = re.escape(schema)
    skip = re.compile(rf"\b(TABLE DATA {name} events|SCHEMA - {name}|COMMENT - SCHEMA {name}) ")
    listing = payload.with_suffix(".list")
    listing.write_text("\n".join(line for line in toc.splitlines() if not skip.search(line)))
    return listing


def _copy_events(payload: Path, url: str, schema: str) -> None:
    """Stream the events' COPY data from the dump into the target, without `tx_id`."""
    args = ["pg_restore", "--data-only", f"--schema={schema}", "--table=events", "--file=-",
            str(payload)]  # fmt: skip
    env = {**os.environ, **libpq_env(url)}
    with subprocess.Popen(args, env=env, stdout=subprocess.PIPE) as proc, connect(url) as conn:
        assert proc.stdout is not None
        lines = iter(proc.stdout)
        header = next((line for line in lines if line.startswith(b"COPY ")), None)
        if header is None:
            raise BackupRefused("the dump holds no rows for the event table")
        names = header.split(b"(", 1)[1].split(b")", 1)[0].decode().split(", ")
        columns = [checked_name(c.strip('"')) for c in names]
        drop = columns.index("tx_id") if "tx_id" in columns else None
        kept = [f'"{c}"' for c in columns if c != "tx_id"]
        sql = f'COPY "{schema}".events ({", ".join(kept)}) FROM STDIN'
        with conn.cursor().copy(sql) as copy:
            for line in lines:
                if line == b"\\.\n":
                    break
                if drop is not None:
                    fields = line.rstrip(b"\n").split(b"\t")
                    del fields[drop]
                    line = b"\t".join(fields) + b"\n"
                copy.write(line)
        conn.commit()
    if proc.returncode != 0:
        raise BackupRefused("pg_restore failed while reading the events' rows")

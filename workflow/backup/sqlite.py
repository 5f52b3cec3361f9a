"""SQLite: an online, consistent snapshot with the backup API, gzip'd; and its restore.

`sqlite3.Connection.backup` with `pages=-1` copies every page in one step under one
read transaction: in WAL mode writers go on committing meanwhile, and the copy holds
exactly the transactions committed before it began (all of each, or none).
"""

from __future__ import annotations

import gzip
import shutil
import sqlite3
from pathlib import Path

from workflow.backup.archive import BackupRefused
from workflow.backup.manifest import LogFigures, figures

GZIP_LEVEL = 3  # measured: level 3 costs a third of level 6's time for ~5% more bytes


def snapshot(source: Path, target: Path) -> None:
    """Copy the live database at `source` into a new file `target`, online."""
    if not source.is_file():
        raise BackupRefused(f"no database at {source}")
    live = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=60)
    copy = sqlite3.connect(target)
    try:
        if live.execute("SELECT 1 FROM sqlite_master WHERE name = 'events'").fetchone() is None:
            raise BackupRefused(f"{source} holds no casework event log")
        live.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
    finally:
        copy.close()
        live.close()


def describe(path: Path) -> tuple[LogFigures, tuple[str, ...]]:
    """The log figures and table names of a snapshot file."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cur = conn.cursor()
        log = figures(cur, "?")
        cur.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return log, tuple(r[0] for r in cur.fetchall())
    finally:
        conn.close()


def compress(path: Path, out: Path) -> None:
    with open(path, "rb") as source, gzip.open(out, "wb", compresslevel=GZIP_LEVEL) as sink:
        shutil.copyfileobj(source, sink, 1 << 20)


def decompress(payload: Path, target: Path) -> None:
    """Write the database file `target` from a gzip'd payload (a damaged stream refuses)."""
    try:
        with gzip.open(payload, "rb") as source, open(target, "wb") as sink:
            shutil.copyfileobj(source, sink, 1 << 20)
    except (OSError, EOFError) as err:
        raise BackupRefused(f"the SQLite payload cannot be decompressed ({err})") from err

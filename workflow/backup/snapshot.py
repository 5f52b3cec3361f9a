"""Taking a backup (备份): snapshot the live database, describe it, pack the archive."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sqlalchemy import make_url

from workflow.backup import archive, postgres, sqlite
from workflow.backup import evidence as evidence_files
from workflow.backup.archive import BackupRefused
from workflow.backup.manifest import FORMAT, LogFigures, Manifest, sha256_file

Hook = Callable[[str], None]


@dataclass(frozen=True)
class BackupDone:
    """A finished backup: where it is, its manifest and how long each part took."""

    path: Path
    manifest: Manifest
    seconds: dict[str, float]


def take_backup(
    database_url: str, out: Path, *, evidence: Path | None = None, after: Hook | None = None
) -> BackupDone:
    """Back up the database at `database_url` (and the evidence files in the directory
    `evidence`, listed after the snapshot) into the new file `out`, online.

    `after(step)` is called once each step is done: "snapshot" (the log is fixed and
    described; later commits are not in the backup), "payload", "archive".
    """
    if out.exists():
        raise BackupRefused(f"{out} exists already; a backup never overwrites a file")
    if not out.parent.is_dir():
        raise BackupRefused(f"no directory {out.parent} for the backup")
    backend = make_url(database_url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupRefused(f"cannot back up a {backend!r} database")
    seconds: dict[str, float] = {}
    step = _Steps(seconds, after)
    with tempfile.TemporaryDirectory(prefix=".casework-backup-", dir=out.parent) as tmp:
        work = Path(tmp)
        if backend == "sqlite":
            payload, log, tables, schema = _sqlite(database_url, work, step)
        else:
            payload = work / "casework.pgdump"
            log, tables, schema = postgres.dump(database_url, payload, lambda: step("snapshot"))
            step("payload")
        digest, size = sha256_file(payload)
        files = evidence_files.listing(evidence)
        manifest = Manifest(
            FORMAT, backend, datetime.now(UTC).isoformat(timespec="seconds"), _version(),
            payload.name, size, digest, log, tables, schema,
            len(files), sum(f[2] for f in files),
        )  # fmt: skip
        archive.write(out, manifest, payload, lambda tar: evidence_files.add(tar, files))
        step("archive")
    return BackupDone(out, manifest, seconds)


def _sqlite(url: str, work: Path, step: _Steps) -> tuple[Path, LogFigures, tuple[str, ...], None]:
    raw = work / "casework.db"
    sqlite.snapshot(Path(make_url(url).database or ""), raw)
    step("snapshot")
    log, tables = sqlite.describe(raw)
    step("manifest")
    payload = work / "casework.db.gz"
    sqlite.compress(raw, payload)
    raw.unlink()
    step("payload")
    return payload, log, tables, None


class _Steps:
    def __init__(self, seconds: dict[str, float], after: Hook | None) -> None:
        self.seconds, self.after, self.start = seconds, after, time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = now - self.start
        self.start = now
        if self.after is not None:
            self.after(name)


def _version() -> str:
    try:
        return version("casework")
    except PackageNotFoundError:
        return "unknown"

"""Restoring a backup (恢复): check, restore into an empty target, verify, rebuild, report.

Nothing is trusted before it is checked: the manifest, then the payload's SHA-256, then
the restored rows against the manifest's digest, then every hash chain and sealed month
(`verify`, injected by the caller so this service does not import the workers). The
schema is brought to this casework's revision (`db upgrade`) before the read models are
rebuilt, so a backup made by an older release restores into this one. A
backup that fails any check is refused and the target is left as it was: empty.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import make_url

from events import EventStore
from workflow.backup import archive, postgres, sqlite
from workflow.backup import evidence as evidence_files
from workflow.backup.archive import BackupRefused
from workflow.backup.manifest import LogFigures, Manifest, figures
from workflow.bootstrap import bootstrap
from workflow.schema.upgrade import upgrade
from workflow.settings import Settings

Verify = Callable[[EventStore], dict[str, Any]]


@dataclass(frozen=True)
class RestoreDone:
    """What was restored: the manifest, the log as found, the checks and the read models."""

    target: str
    manifest: Manifest
    log: LogFigures
    schema: tuple[str | None, str]  # the revision restored, and after `db upgrade`
    verified: dict[str, Any]
    event_types: dict[str, int]
    read_models: dict[str, int]
    seconds: dict[str, float]


def restore_backup(
    path: Path, target_url: str, verify: Verify, *, evidence_to: Path | None = None
) -> RestoreDone:
    """Restore the backup at `path` into the empty database `target_url`, or refuse;
    its evidence files go into the directory `evidence_to` (if given)."""
    manifest = archive.read_manifest(path)
    backend = make_url(target_url).get_backend_name()
    if backend != manifest.backend:
        raise BackupRefused(f"a {manifest.backend} backup cannot be restored into {backend}")
    clock = _Clock()
    target = _Target.for_url(target_url, manifest)
    with tempfile.TemporaryDirectory(prefix=".casework-restore-", dir=target.workdir) as tmp:
        payload = archive.extract_payload(path, manifest, Path(tmp))
        clock("checked")
        with target.staging(payload) as staged_url:
            clock("restored")
            log = _check_rows(staged_url, manifest)
            schema = upgrade(staged_url)  # a backup of an older casework: bring its schema up
            cw = bootstrap(Settings(database_url=staged_url), project=False)
            try:
                verified = verify(cw.store)
                if not verified.get("ok"):
                    raise BackupRefused(f"the restored log does not verify: {verified}")
                clock("verified")
                _settle(cw.store, log.last_position)
                rebuilt = cw.projections.rebuild_all()
                clock("rebuilt")
                types = _event_types(cw.store)
            finally:
                cw.close()
            if evidence_to is not None and manifest.evidence_files:
                found, _ = evidence_files.extract(path, evidence_to)
                if found != manifest.evidence_files:
                    raise BackupRefused(
                        f"the backup holds {found} evidence files, its manifest says "
                        f"{manifest.evidence_files}"
                    )
                clock("evidence")
    display = make_url(target_url).render_as_string(hide_password=True)
    models = {name: state.position for name, state in rebuilt.items()}
    return RestoreDone(display, manifest, log, schema, verified, types, models, clock.seconds)


def _check_rows(url: str, manifest: Manifest) -> LogFigures:
    """The restored rows must be exactly the backed-up ones: count, last position, digest."""
    with _cursor(url) as (cur, p):
        found = figures(cur, p)
    expected = manifest.log
    same = (found.events, found.last_position, found.digest) == (
        expected.events, expected.last_position, expected.digest,
    )  # fmt: skip
    if not same or found.head < expected.head:
        raise BackupRefused(
            f"the restored log differs from the manifest: {found.events} events up to "
            f"{found.last_position} (digest {found.digest[:12]}…), manifest says "
            f"{expected.events} up to {expected.last_position} ({expected.digest[:12]}…)"
        )
    return found


def _settle(store: EventStore, last: int, timeout: float = 120.0) -> None:
    """Wait until every restored event is readable: on PostgreSQL a write transaction
    elsewhere on the server holds readers back (events/postgres.py), and the rebuild
    should cover the whole restored log. After the timeout it goes on with what it sees
    (the read models catch up later, by their checkpoints)."""
    deadline = time.monotonic() + timeout
    while store.head() < last and time.monotonic() < deadline:
        time.sleep(0.1)


def _event_types(store: EventStore) -> dict[str, int]:
    counts: dict[str, int] = {}
    for event in store.iter_all():
        counts[event.type] = counts.get(event.type, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


@contextmanager
def _cursor(url: str) -> Iterator[tuple[Any, str]]:
    if make_url(url).get_backend_name() == "sqlite":
        conn = sqlite3.connect(f"file:{make_url(url).database}?mode=ro", uri=True)
        try:
            yield conn.cursor(), "?"
        finally:
            conn.close()
    else:
        with postgres.connect(url) as pg:
            yield pg.cursor(), "%s"


class _Target:
    """Where a restore goes, and how it stages there and undoes a refused restore."""

    def __init__(self, url: str, manifest: Manifest, workdir: Path | None) -> None:
        self.url, self.manifest, self.workdir = url, manifest, workdir

    @classmethod
    def for_url(cls, url: str, manifest: Manifest) -> _Target:
        if manifest.backend == "sqlite":
            return _SQLiteTarget(url, manifest, None)
        return _PostgresTarget(url, manifest, None)

    def staging(self, payload: Path) -> AbstractContextManager[str]:
        raise NotImplementedError


class _SQLiteTarget(_Target):
    def __init__(self, url: str, manifest: Manifest, workdir: Path | None) -> None:
        self.path = Path(make_url(url).database or "")
        if not self.path.name or self.path.name == ":memory:":
            raise BackupRefused("restore --to needs a file: sqlite:///path/to/casework.db")
        if self.path.exists() or Path(f"{self.path}-wal").exists():
            raise BackupRefused(f"{self.path} exists already; restore never overwrites a database")
        if not self.path.parent.is_dir():
            raise BackupRefused(f"no directory {self.path.parent} for the restored database")
        super().__init__(url, manifest, self.path.parent)

    @contextmanager
    def staging(self, payload: Path) -> Iterator[str]:
        staged = self.path.with_name(self.path.name + ".restoring")
        _remove_sqlite(staged)  # a leftover of an interrupted restore: ours, by its name
        try:
            sqlite.decompress(payload, staged)
            yield f"sqlite:///{staged}"
            _checkpoint(staged)
            staged.rename(self.path)
        finally:
            _remove_sqlite(staged)


class _PostgresTarget(_Target):
    @contextmanager
    def staging(self, payload: Path) -> Iterator[str]:
        schema = self.manifest.schema or "public"
        postgres.check_target(self.url, schema)
        try:
            postgres.restore(payload, self.url, schema)
            yield self.url
        except BaseException:
            postgres.drop_restored(self.url, schema)
            raise


def _checkpoint(path: Path) -> None:
    """Fold any WAL into the file so the renamed database is one self-contained file."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


class _Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.start = time.perf_counter()

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        self.seconds[step] = now - self.start
        self.start = now

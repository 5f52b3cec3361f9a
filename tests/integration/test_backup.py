"""Backup and restore on both backends (the contract in backup_contract.py)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from tests import pg
from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.integration.backup_contract import BackupDrill
from workflow.backup.archive import BackupRefused
from workflow.backup.restore import restore_backup
from workflow.backup.snapshot import take_backup
from workflow.cli.store import check_log


class TestSQLiteBackup(SQLiteBackend, BackupDrill):
    @pytest.fixture(autouse=True)
    def _targets(self, tmp_path: Path) -> None:
        self.tmp = tmp_path

    @contextmanager
    def target(self) -> Iterator[str]:
        yield f"sqlite:///{self.tmp / ('restored-' + uuid.uuid4().hex[:6] + '.db')}"

    def assert_empty(self, url: str) -> None:
        path = Path(url.removeprefix("sqlite:///"))
        leftovers = list(path.parent.glob(path.name + "*"))
        assert leftovers == [], leftovers

    def test_a_postgres_target_is_refused_for_a_sqlite_backup(self, tmp_path: Path) -> None:
        self.seed()
        backup = take_backup(self.url, tmp_path / "s.cwbak").path
        with pytest.raises(BackupRefused, match="sqlite backup cannot be restored into postgresql"):
            restore_backup(backup, "postgresql+psycopg://nobody@127.0.0.1:1/none", check_log)

    def test_a_file_that_is_not_a_backup_is_refused(self, tmp_path: Path) -> None:
        bogus = tmp_path / "bogus.cwbak"
        bogus.write_bytes(b"not a tar at all" * 100)
        with pytest.raises(BackupRefused, match="not a casework backup"):
            restore_backup(bogus, f"sqlite:///{tmp_path / 'x.db'}", check_log)

    def test_evidence_files_travel_with_the_log(self, tmp_path: Path) -> None:
        self.seed()
        live, restored = tmp_path / "evidence", tmp_path / "evidence-restored"
        contents = [b"%PDF-1.7 scene record", "现场照片".encode()]
        for content in contents:
            digest = hashlib.sha256(content).hexdigest()
            (live / digest[:2]).mkdir(parents=True, exist_ok=True)
            (live / digest[:2] / digest).write_bytes(content)
        (live / "ab").mkdir()
        (live / "ab" / "not-evidence.txt").write_text("skipped")  # not content-addressed
        done = take_backup(self.url, tmp_path / "e.cwbak", evidence=live)
        assert done.manifest.evidence_files == 2
        restore_backup(done.path, f"sqlite:///{tmp_path / 'r.db'}", check_log, evidence_to=restored)
        for content in contents:
            digest = hashlib.sha256(content).hexdigest()
            assert (restored / digest[:2] / digest).read_bytes() == content
        assert len(list(restored.rglob("*"))) == 4  # two directories, two files

        swapped = tmp_path / "swapped.cwbak"
        data = done.path.read_bytes().replace(contents[0], contents[0].upper())
        swapped.write_bytes(data)  # same size, other bytes: the evidence's own hash catches it
        with pytest.raises(BackupRefused, match="does not match its SHA-256"):
            restore_backup(
                swapped, f"sqlite:///{tmp_path / 's.db'}", check_log, evidence_to=tmp_path / "x"
            )
        assert not (tmp_path / "s.db").exists()

    def test_the_backup_file_is_private(self, tmp_path: Path) -> None:
        self.seed()
        backup = take_backup(self.url, tmp_path / "p.cwbak").path
        assert backup.stat().st_mode & 0o077 == 0


@pytest.mark.postgres
class TestPostgresBackup(PostgresBackend, BackupDrill):
    @contextmanager
    def target(self) -> Iterator[str]:
        with pg.fresh_database(schema=self.schema) as url:  # restored under the dumped schema
            yield url

    def assert_empty(self, url: str) -> None:
        with psycopg.connect(pg.conninfo(url)) as conn:
            tables = conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = %s", (self.schema,)
            ).fetchall()
        assert tables == []

"""The backup and restore contract, run on each backend: the restore drill and refusals.

The drill writes commands from another thread while `take_backup` runs, holds the
backup open after its snapshot until more commands have committed, restores the file
into an empty database elsewhere and checks: `verify` passes, every command committed
up to the backup's head is there with the same hashes, every command is all there or
not at all, nothing after the backup's log is present, and the restored log goes on.
"""

from __future__ import annotations

import tarfile
import threading
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from events import EventStore, NewEvent, open_store
from tests.integration.backends import settle
from workflow.backup.archive import BackupRefused
from workflow.backup.restore import RestoreDone, restore_backup
from workflow.backup.snapshot import take_backup
from workflow.cli.store import check_log

EVENTS_PER_COMMAND = 3


class Writer(threading.Thread):
    """Appends commands of three events each to rotating streams until stopped."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.store = open_store(url)
        self.committed: list[tuple[str, tuple[int, ...]]] = []
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            n = 0
            while not self.stop.is_set():
                stream = f"drill-{n % 7}"
                events = [NewEvent("DrillRecorded", {"n": n, "part": k, "名称": "演练"})
                          for k in range(EVENTS_PER_COMMAND)]  # fmt: skip
                result = self.store.append(stream, events, metadata={"actor": "ops-test"})
                self.committed.append((stream, result.positions))
                n += 1
        except BaseException as err:  # noqa: BLE001 - reported by the test
            self.error = err
        finally:
            self.store.close()

    def wait_for(self, count: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.committed) < count:
            assert self.error is None, self.error
            assert time.monotonic() < deadline, "the writer stalled"
            time.sleep(0.005)


class BackupDrill:
    """Abstract: a backend supplies `url`, `store`, `drop_triggers`, `raw_execute` and `target()`."""

    url: str
    store: EventStore

    def target(self) -> AbstractContextManager[str]:
        raise NotImplementedError

    def drop_triggers(self) -> None:
        raise NotImplementedError

    def raw_execute(self, sql: str) -> None:
        raise NotImplementedError

    def seed(self, n: int = 5) -> None:
        for i in range(n):
            self.store.append(f"seed-{i}", [NewEvent("SeedRecorded", {"i": i})], expected_version=0)

    def restore(self, backup: Path, url: str) -> RestoreDone:
        return restore_backup(backup, url, check_log)

    # --- the drill ------------------------------------------------------------------
    def test_restore_drill_with_writes_during_the_backup(self, tmp_path: Path) -> None:
        self.seed()
        writer = Writer(self.url)
        writer.start()
        at_snapshot: list[int] = []

        def after(step: str) -> None:  # hold the backup open while commands go on
            if step == "snapshot":
                at_snapshot.append(len(writer.committed))
                writer.wait_for(at_snapshot[0] + 15)

        try:
            writer.wait_for(20)
            done = take_backup(self.url, tmp_path / "drill.cwbak", after=after)
        finally:
            writer.stop.set()
            writer.join(30)
        assert writer.error is None, writer.error
        assert len(writer.committed) >= at_snapshot[0] + 15  # commits went on during the backup
        head = done.manifest.log.head
        with self.target() as url:
            restored = self.restore(done.path, url)
            assert restored.verified["ok"] and restored.log.head >= head
            self.check_restored(url, writer.committed, done.manifest.log.last_position, head)
            assert set(restored.read_models.values()) == {restored.log.last_position}

    def check_restored(
        self, url: str, committed: list[tuple[str, tuple[int, ...]]], last: int, head: int
    ) -> None:
        store = open_store(url)
        try:
            present = {e.position: e for e in store.iter_all()}
            live = {e.position: e for e in self.all_events()}
            after_backup = 0
            for _stream, positions in committed:
                found = [p in present for p in positions]
                assert all(found) or not any(found), f"command {positions} half-present"
                if max(positions) <= head:
                    assert all(found), f"command {positions} before the head {head} is missing"
                if all(found):
                    assert all(present[p].hash == live[p].hash for p in positions)
                else:
                    after_backup += 1
            assert after_backup >= 15  # the commands held back by the hook are not in it
            assert max(present) == last
            again = store.append("drill-after", [NewEvent("DrillRecorded", {"n": -1})])
            assert again.positions[0] > last  # the restored log goes on
        finally:
            store.close()

    def all_events(self) -> list[Any]:
        settle(self.store)
        return list(self.store.iter_all())

    # --- refusals -------------------------------------------------------------------
    def test_a_backup_of_an_altered_log_is_refused(self, tmp_path: Path) -> None:
        self.seed()
        self.drop_triggers()
        self.raw_execute("UPDATE events SET data = '{\"i\":99}' WHERE stream_id = 'seed-2'")
        backup = take_backup(self.url, tmp_path / "altered.cwbak").path
        with self.target() as url:
            with pytest.raises(BackupRefused, match="does not verify"):
                self.restore(backup, url)
            self.assert_empty(url)

    def test_a_damaged_payload_is_refused(self, tmp_path: Path) -> None:
        self.seed()
        backup = take_backup(self.url, tmp_path / "good.cwbak").path
        damaged = tmp_path / "damaged.cwbak"
        _flip_last_payload_byte(backup, damaged)
        with self.target() as url:
            with pytest.raises(BackupRefused, match="does not match its manifest"):
                self.restore(damaged, url)
            self.assert_empty(url)

    def test_restore_never_overwrites_a_database(self, tmp_path: Path) -> None:
        self.seed()
        backup = take_backup(self.url, tmp_path / "b.cwbak").path
        with pytest.raises(BackupRefused, match="exists already|not empty"):
            self.restore(backup, self.url)
        assert len(self.all_events()) == 5
        with pytest.raises(BackupRefused, match="never overwrites"):
            take_backup(self.url, backup)

    def assert_empty(self, url: str) -> None:
        raise NotImplementedError


def _flip_last_payload_byte(source: Path, target: Path) -> None:
    """Copy a backup, changing one byte near the end of its payload (inside the tar)."""
    with tarfile.open(source) as tar:
        payload = tar.getmembers()[1]
        offset = payload.offset_data + payload.size - 10
    data = bytearray(source.read_bytes())
    data[offset] ^= 0xFF
    target.write_bytes(bytes(data))

"""The directory snapshot (workflow/organisation/snapshot.py) on both backends: always
equal to the full replay, and a command reads only the org streams that grew."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from events import EventStore, RecordedEvent
from tests.integration.backends import PostgresBackend, SQLiteBackend
from workflow.messages import to_new_event
from workflow.organisation import service as org_service
from workflow.organisation import snapshot
from workflow.organisation.directory_fold import replay
from workflow.organisation.events import COUNTY_STREAM, MemberEnlisted, TownshipRegistered
from workflow.organisation.snapshot import forget, load_directory
from workflow.organisation.types import Origin

ADMIN = "ad-001"


class SnapshotContract:
    store: EventStore

    @pytest.fixture
    def reads(self, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
        """The streams `read_stream` is asked for."""
        seen: list[str] = []
        original = self.store.read_stream

        def spy(stream_id: str, **kw: Any) -> list[RecordedEvent]:
            seen.append(stream_id)
            return original(stream_id, **kw)

        monkeypatch.setattr(self.store, "read_stream", spy)
        yield seen

    def enlist(self, officer_id: str) -> None:
        org_service.enlist(self.store, ADMIN, officer_id=officer_id, name="新人",
                           township="taicheng", origin=Origin.TOWNSHIP_STAFF)  # fmt: skip

    def test_snapshot_brought_up_to_date_equals_the_replay(self, reads: list[str]) -> None:
        org_service.init_county(self.store)
        assert load_directory(self.store) == replay(self.store)
        self.enlist("tc-091")
        reads.clear()
        assert load_directory(self.store) == replay(self.store)  # in memory, brought up to date
        assert reads.count("roster-taicheng") == 2  # the fold read the roster that grew (+ replay)
        assert {"county", "catalogue"}.isdisjoint(reads[:1])
        self.enlist("tc-092")
        forget(self.store)  # a new process: from the stored snapshot
        reads.clear()
        self.enlist("tc-093")  # the command folded the one roster that grew since
        assert reads == ["roster-taicheng"]
        reads.clear()
        found = load_directory(self.store)
        assert reads == ["roster-taicheng"] and found == replay(self.store)
        reads.clear()
        assert load_directory(self.store) == found and reads == []  # nothing new: no stream read

    def test_a_township_registered_since_the_snapshot_brings_its_roster(self) -> None:
        org_service.init_county(self.store)
        load_directory(self.store)
        forget(self.store)
        county = self.store.stream_version(COUNTY_STREAM)
        township = TownshipRegistered("xinzhen", "新镇", "镇", "2026-06-01")
        self.store.append(COUNTY_STREAM, [to_new_event(township)], expected_version=county)
        member = MemberEnlisted("xz-001", "新队长", "xinzhen", "leader", None, "2026-06-02")
        self.store.append("roster-xinzhen", [to_new_event(member)], expected_version=0)
        found = load_directory(self.store)
        assert found == replay(self.store) and found.person("xz-001") is not None
        assert found.stream_version("roster-xinzhen") == 1

    def test_the_caller_may_change_what_it_got(self) -> None:
        org_service.init_county(self.store)
        load_directory(self.store).people.clear()
        assert load_directory(self.store) == replay(self.store)

    def test_a_snapshot_of_other_code_or_naming_other_classes_is_not_used(self) -> None:
        org_service.init_county(self.store)
        load_directory(self.store)
        for change in ("fingerprint = 'other code'", "blob = :evil"):
            forget(self.store)
            self.enlist(f"tc-09{len(change) % 10}")
            evil = b"\x80\x04\x95\x0c\x00\x00\x00\x00\x00\x00\x00\x8c\x02os\x8c\x06getcwd\x93)R."
            with self.store.engine.begin() as conn:
                conn.execute(text(f"UPDATE directory_snapshot SET {change}"), {"evil": evil})
            forget(self.store)
            assert load_directory(self.store) == replay(self.store)

    def test_a_log_behind_the_snapshot_is_replayed(self) -> None:
        org_service.init_county(self.store)
        kept = snapshot._MEMORY[self.store]  # as if the process had folded a longer log
        versions = tuple((s, v + 1 if s == "roster-taicheng" else v) for s, v in kept.versions)
        snapshot._MEMORY[self.store] = snapshot.Snapshot(versions, kept.blob)
        assert load_directory(self.store).stream_version("roster-taicheng") == (
            self.store.stream_version("roster-taicheng")
        )


class TestSnapshotSQLite(SQLiteBackend, SnapshotContract):
    pass


@pytest.mark.postgres
class TestSnapshotPostgres(PostgresBackend, SnapshotContract):
    pass

"""`history --actor` through the `actors` read model (projections/actors.py), on both
backends: the same events as the full scan, for any window on either time, and it
reads only the matching events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from events import EventStore, NewEvent
from projections.engine import ProjectionEngine
from projections.registry import all_projections
from tests.integration.backends import PostgresBackend, SQLiteBackend, settle
from workflow.reports.audit import TimeField, Window, actor_events

START = datetime(2026, 5, 2, tzinfo=UTC)


class ActorIndexContract:
    store: EventStore

    def record(self, n: int) -> None:
        """n events by three actors; business times an hour apart, some naive (Shanghai),
        some missing; events without an actor too."""
        for i in range(n):
            at = START + timedelta(hours=i)
            data: dict[str, object] = {"i": i}
            if i % 4 == 1:
                data["at"] = at.isoformat()
            elif i % 4 == 2:
                data["at"] = (at + timedelta(hours=8)).replace(tzinfo=None).isoformat()
            meta = {} if i % 7 == 0 else {"actor": f"tc-00{i % 3}"}
            self.store.append(f"case-{i % 5}", [NewEvent("TestNoted", data, metadata=meta)])
        settle(self.store)

    def test_the_index_finds_what_the_scan_finds(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.record(120)
        index = ProjectionEngine(self.store, all_projections())
        recorded = sorted(e.recorded_at for e in self.store.iter_all())
        middle = recorded[len(recorded) // 3], recorded[2 * len(recorded) // 3]
        windows = [Window(), Window(middle[0], None), Window(None, middle[1]), Window(*middle),
                   Window(START + timedelta(hours=10), START + timedelta(hours=50))]  # fmt: skip
        for by in TimeField:
            for within in windows:
                for actor in ("tc-000", "tc-001", "nobody"):
                    scan = list(actor_events(self.store, actor=actor, within=within, by=by))
                    fast = list(actor_events(self.store, actor=actor, within=within, by=by,
                                             index=index))  # fmt: skip
                    assert fast == scan, (by, within, actor)
        assert any(actor_events(self.store, actor="tc-001", by=TimeField.BUSINESS,
                                within=Window(START, START + timedelta(hours=30)), index=index))  # fmt: skip

    def test_it_reads_only_the_matching_events(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.record(60)
        index = ProjectionEngine(self.store, all_projections())
        index.catch_up("actors")
        monkeypatch.setattr(self.store, "iter_all", lambda **kw: pytest.fail("scanned the log"))
        self.store.append("case-x", [NewEvent("TestNoted", {}, metadata={"actor": "tc-new"})])
        settle(self.store)
        found = list(actor_events(self.store, actor="tc-new", index=index))  # caught up first
        assert [e.stream_id for e in found] == ["case-x"]


class TestActorIndexSQLite(SQLiteBackend, ActorIndexContract):
    pass


@pytest.mark.postgres
class TestActorIndexPostgres(PostgresBackend, ActorIndexContract):
    pass

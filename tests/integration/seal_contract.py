"""Sealed months on every backend: sealed once, and any altered event breaks its month only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from events import EventStore, NewEvent, open_store
from tests.integration.backends import settle
from workflow.errors import RuleViolation
from workflow.reports.seals import check_month, figures, seal_month, sealed_months

TODAY = date(2026, 11, 26)
MOMENTS = [datetime(2026, 9, d, 3, tzinfo=UTC) for d in (1, 15, 30)] + [
    datetime(2026, 10, d, 3, tzinfo=UTC) for d in (2, 9, 20, 31)  # 31 Oct 03:00 UTC is October
]


class SealContract:
    store: EventStore
    url: str
    dated: EventStore

    def drop_triggers(self) -> None:
        raise NotImplementedError

    def raw_execute(self, sql: str) -> None:
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    def _dated(self, _store: None) -> Iterator[None]:
        moments = iter(MOMENTS)
        self.dated = open_store(self.url, clock=lambda: next(moments))
        for i in range(len(MOMENTS)):
            self.dated.append(f"case-{i % 3}", [NewEvent("EvidenceRecorded", {"i": i, "内容": "现场笔录"})])
        settle(self.store)
        yield
        self.dated.close()

    def test_a_month_is_sealed_once(self) -> None:
        first, sealed = seal_month(self.store, "2026-10", TODAY)
        assert sealed and first.count == 4
        again, sealed_again = seal_month(self.store, "2026-10", TODAY)
        assert not sealed_again and again == first
        assert len(self.store.read_stream("seal-2026-10")) == 1
        assert self.store.read_stream("seal-2026-10")[0].data["root"] == first.root

    def test_an_unfinished_month_is_refused(self) -> None:
        with pytest.raises(RuleViolation, match="2026-11"):
            seal_month(self.store, "2026-11", TODAY)
        assert self.store.stream_version("seal-2026-11") == 0

    def test_altering_one_event_breaks_its_month_only(self) -> None:
        sept, _ = seal_month(self.store, "2026-09", TODAY)
        octo, _ = seal_month(self.store, "2026-10", TODAY)
        assert check_month(self.store, "2026-10", octo.root).ok
        self.drop_triggers()
        target = [e for e in self.store.read_all(after=0) if e.data.get("i") == 5][0]
        self.raw_execute(
            f"UPDATE events SET data = replace(data, '现场笔录', '现场笔记') WHERE position = {target.position}"
        )
        broken = check_month(self.store, "2026-10", octo.root)
        assert not broken.ok and broken.month == "2026-10" and broken.recomputed != octo.root
        assert check_month(self.store, "2026-09", sept.root).ok
        settle(self.store)  # the seals are read as readers see the log: wait for them
        assert sealed_months(self.store) == ["2026-09", "2026-10"]
        assert figures(self.store, "2026-09").count == 3

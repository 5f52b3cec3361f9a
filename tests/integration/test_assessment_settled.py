"""Issuing the yearly grades waits for the log to be readable in full (PostgreSQL).

The gap-safe head (events/postgres.py) holds every reader of the whole log back while an
append to the log that began before another is still open: `read_stream`
sees the stream's own events, `head()` and `iter_all()` do not. Grades are issued for good,
so `assessment.issue` waits for the head, and refuses (appending nothing) if it does not come.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest

from events.model import NewEvent
from tests.integration.backends import PostgresBackend
from tests.integration.test_store_postgres import HeldStore
from workflow.accountability import assessment
from workflow.accountability.duty import submit
from workflow.errors import CaseworkError
from workflow.organisation.service import init_county

pytestmark = pytest.mark.postgres


class TestIssueWaitsForTheLog(PostgresBackend):
    def test_an_open_append_holds_the_issue_back_until_it_ends(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Another process's append to this log, inserted and not yet committed, holds the
        log's readers back (a transaction of another application would not: see
        test_store_postgres): the year's grades wait for it."""
        monkeypatch.setenv("CASEWORK_NOW", "2027-01-02T09:00:00")
        init_county(self.store)
        held = HeldStore(self.store.engine)
        held.hold, held.inserted, held.release = True, threading.Event(), threading.Event()
        other = threading.Thread(target=held.append, args=("other-process", [NewEvent("T", {})]))
        other.start()
        try:
            assert held.inserted.wait(10)
            submit(self.store, "tc-005", year=2026, text="全年办理案件12件", on=date(2026, 12, 5))
            assert self.store.read_stream("duty-2026-tc-005")  # its own stream: read at once
            assert self.store.head() < self.store.status().last_position  # the log: held back
            last = self.store.status().last_position
            with pytest.raises(CaseworkError, match="held back"):
                assessment.settled(self.store, timeout=0.3)
            monkeypatch.setattr(assessment, "SETTLE_SECONDS", 0.3)
            with pytest.raises(CaseworkError):
                assessment.issue(self.store, 2026, actor="sv-001")
            assert self.store.status().last_position == last and assessment.issued(self.store, 2026) is None
            monkeypatch.setattr(assessment, "SETTLE_SECONDS", 30.0)
        finally:
            held.release.set()
            other.join()
        grades, now = assessment.issue(self.store, 2026, actor="sv-001")
        assert now and any(o["officer_id"] == "tc-005" for o in grades.officers)

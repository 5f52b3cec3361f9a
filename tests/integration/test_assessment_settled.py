"""Issuing the yearly grades waits for the log to be readable in full (PostgreSQL).

The gap-safe head (events/postgres.py) holds every reader of the whole log back while any
write transaction on the server that began before an append is still open: `read_stream`
sees the stream's own events, `head()` and `iter_all()` do not. Grades are issued for good,
so `assessment.issue` waits for the head, and refuses (appending nothing) if it does not come.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests import pg
from tests.integration.backends import PostgresBackend
from workflow.accountability import assessment
from workflow.accountability.duty import submit
from workflow.errors import CaseworkError
from workflow.organisation.service import init_county

pytestmark = pytest.mark.postgres


class TestIssueWaitsForTheLog(PostgresBackend):
    def test_a_foreign_write_transaction_holds_the_issue_back_until_it_ends(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("CASEWORK_NOW", "2027-01-02T09:00:00")
        foreign = pg.raw_connect(self.schema)
        try:
            foreign.execute("CREATE TEMP TABLE held (n int)")
            foreign.execute("INSERT INTO held VALUES (1)")  # a transaction id, left open
            init_county(self.store)
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
            foreign.commit()
            foreign.close()
        grades, now = assessment.issue(self.store, 2026, actor="sv-001")
        assert now and any(o["officer_id"] == "tc-005" for o in grades.officers)

"""Scheduled oversight work on both backends: the duty reminder once a year, the graded
assessment on 2 January (the yearly job), each issued once however often it runs."""

from __future__ import annotations

from datetime import date

import pytest

from events import EventStore
from tests.integration.backends import PostgresBackend, SQLiteBackend, settle
from workers.jobs import yearly_grades
from workers.oversight import remind_duty
from workflow.accountability.policy import load_policy
from workflow.organisation.service import init_county
from workflow.organisation.snapshot import load_directory


class OversightJobs:
    store: EventStore
    url: str

    def test_the_duty_reminder_goes_out_once_from_the_first_of_november(self) -> None:
        init_county(self.store)
        policy = load_policy()
        assert not remind_duty(self.store, policy, date(2026, 10, 31))
        assert remind_duty(self.store, policy, date(2026, 11, 1))
        assert not remind_duty(self.store, policy, date(2026, 11, 2))
        [notice] = self.store.read_stream("notice-duty-2026")
        on_team = sum(1 for p in load_directory(self.store).people.values() if p.on_team)
        assert (notice.data["opens"], notice.data["officers"]) == ("2026-12-01", on_team)

    def test_the_yearly_job_grades_last_year_once(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("CASEWORK_NOW", "2027-01-02T09:00:00")
        init_county(self.store)
        settle(self.store)
        first = yearly_grades(self.url, date(2027, 1, 2))
        again = yearly_grades(self.url, date(2027, 1, 2))
        assert (first["grades_issued_now"], again["grades_issued_now"]) == (True, False)
        settle(self.store)
        [grades] = self.store.read_stream("grades-2026")
        assert len(grades.data["officers"]) == first["graded"] > 200


class TestSQLiteOversightJobs(SQLiteBackend, OversightJobs):
    pass


@pytest.mark.postgres
class TestPostgresOversightJobs(PostgresBackend, OversightJobs):
    pass

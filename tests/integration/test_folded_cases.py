"""Folded cases kept per process (workflow.cases.folded) on SQLite and PostgreSQL: a command
folds only the events recorded after its cached version, sees what another writer (another
process, with no cache) appended meanwhile, and a writer that races between the fold and
the append is still refused by the append's expected version."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from events import ConcurrencyError, EventStore
from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.unit.case_fakes import PARTY
from workflow import calendar
from workflow.cases import commands as c
from workflow.cases import events as ev
from workflow.cases.case import replay
from workflow.cases.duties import Duty
from workflow.cases.folded import FoldedCases
from workflow.cases.holidays import STREAM as HOLIDAYS_STREAM
from workflow.cases.numbering import parse_case_ref
from workflow.cases.service import CaseService
from workflow.messages import from_recorded, to_new_event
from workflow.organisation.service import init_county
from workflow.organisation.snapshot import load_directory


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)
        self.before: Callable[[], None] | None = None  # runs once, inside the next command

    def __call__(self) -> datetime:
        if self.before is not None:
            run, self.before = self.before, None
            run()
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture(autouse=True)
def _calendar_as_before() -> Iterator[None]:
    yield
    calendar._LOADED.pop(2031, None)  # noqa: SLF001 - the process-wide calendar
    calendar.is_working_day.cache_clear()


def stream(case: str) -> str:
    return parse_case_ref(case, None).stream_id


class FoldedContract:
    store: EventStore

    def services(self) -> tuple[CaseService, CaseService, Clock, FoldedCases]:
        init_county(self.store)
        directory = load_directory(self.store)
        clock, folded = Clock(), FoldedCases()
        cached = CaseService(self.store, lambda: directory, clock=clock, folded=folded)
        plain = CaseService(self.store, lambda: directory, clock=clock)  # another process
        return cached, plain, clock, folded

    def opened(self, service: CaseService) -> str:
        case = service.execute(c.OpenCase(actor="tc-006", township="taicheng",
                                          matter="SC-CF-001", party="p", summary="s", **PARTY))  # fmt: skip
        service.execute(c.DispatchCase(actor="tc-001", case=case.case_id,
                                       officers=("tc-004", "tc-005")))  # fmt: skip
        return case.case_id

    def evidence(self, case: str, cid: str | None = None, **kw: Any) -> c.RecordEvidence:
        return c.RecordEvidence(actor="tc-004", case=case, kind="书证", text="照片",
                                command_id=cid, **kw)  # fmt: skip

    def test_a_command_folds_what_another_writer_appended(self) -> None:
        cached, plain, _, folded = self.services()
        case = self.opened(cached)
        cached.execute(self.evidence(case))  # version 3; the cache holds 2 (its fold)
        plain.execute(self.evidence(case))  # version 4, written around the cache
        plain.execute(self.evidence(case))  # version 5
        result = cached.execute(self.evidence(case), expected_version=5)
        truth = replay([from_recorded(r) for r in self.store.read_stream(stream(case))])
        assert result.version == truth.version == 6
        assert result.case is not None and result.case.evidence == truth.evidence == 4
        kept = folded.get(stream(case))
        assert kept is not None and kept.case.version == 5  # folded before its own append

    def test_a_stale_expected_version_is_refused_after_the_cache_caught_up(self) -> None:
        cached, plain, _, _ = self.services()
        case = self.opened(cached)
        cached.execute(self.evidence(case))
        plain.execute(self.evidence(case))
        with pytest.raises(ConcurrencyError):
            cached.execute(self.evidence(case), expected_version=3)
        assert self.store.stream_version(stream(case)) == 4

    def test_a_writer_racing_between_fold_and_append_is_refused_by_the_store(self) -> None:
        cached, plain, clock, _ = self.services()
        case = self.opened(cached)
        cached.execute(self.evidence(case))  # the cache holds version 3
        clock.before = lambda: plain.execute(self.evidence(case))  # lands after the fold
        with pytest.raises(ConcurrencyError):
            cached.execute(self.evidence(case))
        assert self.store.stream_version(stream(case)) == 4  # the racer's event only
        result = cached.execute(self.evidence(case))  # the next command folds it
        assert result.version == 5 and result.case is not None and result.case.evidence == 3

    def test_a_retried_command_id_is_known_from_the_cache(self) -> None:
        cached, plain, _, _ = self.services()
        case = self.opened(cached)
        first = cached.execute(self.evidence(case, "retry-1"))  # version 3
        cached.execute(self.evidence(case))  # folds version 3 into the cache
        plain.execute(self.evidence(case))
        again = cached.execute(self.evidence(case, "retry-1"))
        assert again.duplicate and not first.duplicate
        assert self.store.stream_version(stream(case)) == 5

    def test_duties_and_calendar_recorded_elsewhere_are_folded_in(self) -> None:
        cached, plain, _, _ = self.services()
        case = self.opened(cached)
        cached.execute(self.evidence(case))  # the case, duties and calendar folded
        assert not cached._load(case, load_directory(self.store))[2].holds("tc-002", Duty.DECIDER)
        plain.designate(c.DesignateDuty(actor="tc-001", township="taicheng", person="tc-002",
                                        duty="decider"))  # fmt: skip
        loaded = {"year": 2031, "holidays": ["2031-03-03"], "workdays": ["2031-03-08"]}
        self.store.append(HOLIDAYS_STREAM, [to_new_event(ev.HolidayArrangementLoaded(**loaded,
                          source="test", at="2026-06-01T01:00:00Z"))])  # fmt: skip
        duties = cached._load(case, load_directory(self.store))[2]
        assert duties.holds("tc-002", Duty.DECIDER)
        assert not calendar.is_working_day(date(2031, 3, 3))
        assert calendar.is_working_day(date(2031, 3, 8))  # a Saturday made a workday
        plain.designate(c.DesignateDuty(actor="tc-001", township="taicheng", person="tc-002",
                                        duty="decider", granted=False))  # fmt: skip
        assert not cached._load(case, load_directory(self.store))[2].holds("tc-002", Duty.DECIDER)

    def test_callers_get_their_own_copies(self) -> None:
        cached, _, _, folded = self.services()
        case = self.opened(cached)
        cached.execute(self.evidence(case))
        cached.execute(self.evidence(case))  # the cache holds version 3: one evidence
        one, two = folded.get(stream(case)), folded.get(stream(case))
        assert one is not None and two is not None
        one.case.deadlines.clear()
        one.case.evidence = 99
        assert two.case.evidence == 1 and two.case.deadlines
        kept = folded.get(stream(case))
        assert kept is not None and kept.case.evidence == 1 and kept.case.deadlines


class TestFoldedSQLite(SQLiteBackend, FoldedContract):
    pass


@pytest.mark.postgres
class TestFoldedPostgres(PostgresBackend, FoldedContract):
    pass

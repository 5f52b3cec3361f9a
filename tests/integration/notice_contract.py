"""Notices: the deadline sweep issues each warning and overdue notice exactly once."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from redis import Redis
from rq import Queue

from events import EventStore
from projections.engine import ProjectionEngine
from projections.registry import all_projections
from tests import redis_server
from tests.demo_cache import demo
from tests.integration.backends import settle
from workers.jobs import deadline_sweep
from workflow.reports.notices import sweep_deadlines

TODAY = date(2026, 11, 26)


class NoticeContract:
    store: EventStore
    url: str

    @pytest.fixture(autouse=True)
    def _demo(self, _store: None, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("CASEWORK_NOW", "2026-11-26T10:00:00")
        self.store.close()
        # without the demo's own daily sweeps: the sweeps under test start from none
        demo(self.url, seed=7, cases=120, sweeps=False)
        settle(self.store)

    def notices(self) -> dict[str, list[Any]]:
        found: dict[str, list[Any]] = {}
        for event in self.store.iter_all():
            if event.stream_id.startswith(("notice-warning-", "notice-overdue-")):  # deadlines
                found.setdefault(event.stream_id, []).append(event)
        return found

    def engine(self) -> ProjectionEngine:
        return ProjectionEngine(self.store, all_projections())

    def test_sweep_twice_issues_once(self) -> None:
        first = sweep_deadlines(self.store, self.engine(), TODAY)
        assert first.overdue > 0 and first.already_issued == 0
        again = sweep_deadlines(self.store, self.engine(), TODAY)
        assert (again.warnings, again.overdue) == (0, 0)
        assert again.already_issued == first.warnings + first.overdue
        settle(self.store)
        issued = self.notices()
        assert len(issued) == first.warnings + first.overdue
        assert all(len(events) == 1 for events in issued.values())
        overdue = [e[0] for s, e in issued.items() if s.startswith("notice-overdue-")]
        assert all(e.type == "OverdueNoticeIssued" and e.data["days_over"] > 0 for e in overdue)
        assert all(e.metadata["role"] == "system" for e in overdue)
        # issue 11 §2: every event records its channel; the scheduler's own are `system`
        assert all(e.metadata["channel"] == "system" for events in issued.values() for e in events)

    def test_a_case_without_its_violation_date_is_warned_once(self) -> None:
        """Art. 36: the limitation of a case opened without its violation date was never
        checked: the sweep tells its officers and the supervisors, once; a dated case not."""
        from workflow.cases import commands as c
        from workflow.cases.service import CaseService
        from workflow.organisation.snapshot import load_directory

        directory = load_directory(self.store)
        cases = CaseService(self.store, lambda: directory)
        opening = c.OpenCase(actor="tc-004", township="taicheng", matter="SC-CF-001", party="李四",
                             summary="s", violation_unknown="举报人记不清日期")  # fmt: skip
        unknown = cases.open(opening).case_id
        dated = cases.open(replace(opening, violation_unknown="",
                                   violation_date=date(2026, 11, 20))).case_id  # fmt: skip
        settle(self.store)  # PostgreSQL: the sweep's read models see the two openings
        first = sweep_deadlines(self.store, self.engine(), TODAY)
        again = sweep_deadlines(self.store, self.engine(), TODAY)
        assert again.warnings == 0 and again.already_issued == first.warnings + first.overdue
        settle(self.store)
        (event,) = self.store.read_stream(f"notice-warning-{unknown}-limitation-2026-11-26")
        assert event.type == "LimitationWarningIssued" and "第三十六条" in event.data["statute"]
        assert "举报人记不清日期" in event.data["note"] and event.metadata["role"] == "system"
        assert not self.store.read_stream(f"notice-warning-{dated}-limitation-2026-11-26")

    def test_racing_sweeps_issue_once(self) -> None:
        reports: list[Any] = []
        threads = [
            threading.Thread(target=lambda: reports.append(sweep_deadlines(self.store, self.engine(), TODAY)))
            for _ in range(3)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        issued = sum(r.warnings + r.overdue for r in reports)
        assert issued > 0
        assert sum(r.already_issued for r in reports) == 2 * issued
        settle(self.store)
        assert len(self.notices()) == issued

    def test_notice_job_run_twice_by_rq_workers(self) -> None:
        import os
        import subprocess
        import sys
        import uuid

        redis_url = redis_server.shared_url()
        queue = Queue(f"cw-notice-{uuid.uuid4().hex[:8]}", connection=Redis.from_url(redis_url))
        for _ in range(2):
            queue.enqueue(deadline_sweep, self.url, TODAY.isoformat())
        env = {**os.environ, "CASEWORK_DATABASE_URL": self.url, "CASEWORK_REDIS_URL": redis_url,
               "CASEWORK_QUEUE": queue.name}  # fmt: skip
        proc = subprocess.run([sys.executable, "-m", "workflow", "worker", "--burst"], env=env,
                              capture_output=True, text=True, timeout=240)  # fmt: skip
        assert proc.returncode == 0, proc.stdout + proc.stderr
        finished = [queue.fetch_job(j) for j in queue.finished_job_registry.get_job_ids()]
        # the worker also enqueues one resume sweep at start (workers/connection.py): only ours count
        results = [job.return_value() for job in finished if job and job.func_name.endswith("deadline_sweep")]
        assert len(results) == 2
        first, second = sorted(results, key=lambda r: r["already_issued"])
        assert first["already_issued"] == 0 and first["overdue"] > 0
        assert second["already_issued"] == first["warnings"] + first["overdue"]
        settle(self.store)
        assert len(self.notices()) == first["warnings"] + first["overdue"]


    def test_yearly_assessment_is_issued_once(self) -> None:
        from workflow.reports.assessment import issue_assessment

        first, issued = issue_assessment(self.store, self.engine(), 2026)
        again, issued_again = issue_assessment(self.store, self.engine(), 2026)
        assert issued and not issued_again and again.summary == first.summary
        settle(self.store)
        (event,) = self.store.read_stream("assessment-2026")
        assert event.type == "AnnualAssessmentIssued" and event.data["year"] == 2026
        lines = event.data["officers"]
        assert first.summary["dispatched"] == sum(o["dispatched"] for o in lines) > 0
        assert first.summary["removed"] == 1  # the demo removes one officer (不作为)

"""`casework demo` in-process: deterministic for a seed, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.integration.case_db import BACKENDS, database_url
from workflow.demo.report import render_summary
from workflow.demo.run import run_demo
from workflow.errors import CaseworkError
from workflow.settings import Settings

pytestmark = pytest.mark.slow


def stable(summary: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in summary.items() if k not in ("seconds", "database")}


def test_same_seed_same_story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEWORK_NOW", "2026-11-20T12:00:00+08:00")
    first = run_demo(Settings(database_url=f"sqlite:///{tmp_path / 'a.db'}"), seed=5, cases=120)
    second = run_demo(Settings(database_url=f"sqlite:///{tmp_path / 'b.db'}"), seed=5, cases=120)
    other = run_demo(Settings(database_url=f"sqlite:///{tmp_path / 'c.db'}"), seed=6, cases=120)
    assert stable(first) == stable(second)
    assert stable(first) != stable(other)
    assert first["enforcement_actions"] == 120 and first["period"].endswith("2026-11-20")


@pytest.mark.parametrize("backend", BACKENDS)
def test_demo_on_backend_and_refuses_a_used_database(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEWORK_NOW", "2026-11-20T12:00:00+08:00")
    url = database_url(backend, tmp_path)
    summary = run_demo(Settings(database_url=url), seed=3, cases=60)
    assert summary["enforcement_actions"] == 60 and summary["events_in_store"] > 600
    assert_read_models_current(url)
    assert_notices_issued_day_by_day(url, summary["overdue_open"])
    with pytest.raises(CaseworkError, match="empty database"):  # a log is never wiped unasked
        run_demo(Settings(database_url=url), seed=3, cases=10)
    if backend == "sqlite":  # asked to, a SQLite demo file is rebuilt from scratch
        again = run_demo(Settings(database_url=url), seed=3, cases=60, replace=True)
        assert stable(again) == stable(summary)


def assert_read_models_current(url: str) -> None:
    """Every read model has folded everything the demo wrote (issue 8: activity was at 0)."""
    from events import open_store
    from projections.engine import ProjectionEngine
    from projections.registry import all_projections
    store = open_store(url)
    try:
        engine = ProjectionEngine(store, all_projections())
        positions = {name: engine.state(name) for name in engine.projections}
        last = store.status().last_position
        assert all(s is not None and s.position == last for s in positions.values()), positions
    finally:
        store.close()


def assert_notices_issued_day_by_day(url: str, overdue_open: int) -> None:
    """The daily sweep ran on each simulated day: notices recorded on the day they name."""
    from events import open_store
    from workflow.clock import local_day

    store = open_store(url)
    try:
        notices = [e for e in store.iter_all() if e.type.endswith(("NoticeIssued", "WarningIssued"))]
    finally:
        store.close()
    overdue = {e.data["case_id"] for e in notices if e.type == "OverdueNoticeIssued"}
    assert overdue and len(overdue) >= overdue_open > 0
    assert any(e.type == "DeadlineWarningIssued" for e in notices)
    assert all(local_day(e.recorded_at).isoformat() == e.data["issued_on"] for e in notices)


def test_a_demo_past_the_year_runs_its_accountability(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """To 5 January 2027: inspections, inquiries (one ending in 调离执法岗位, then 恢复执法岗位),
    December's duty evaluations and the 2 January grades, counted in the summary as in the log."""
    from events import open_store

    monkeypatch.setenv("CASEWORK_NOW", "2027-01-05T12:00:00+08:00")
    url = f"sqlite:///{tmp_path / 'year.db'}"
    summary = run_demo(Settings(database_url=url), seed=4, cases=40, until=date(2027, 1, 5))
    store = open_store(url)
    try:
        log = list(store.iter_all())
    finally:
        store.close()
    kinds = Counter(e.type for e in log)
    o = summary["oversight"]
    assert (o["inspections"], o["inquiries"], o["inquiries_decided"], o["evaluations"]) == (
        kinds["InspectionRecorded"], kinds["InquiryOpened"], kinds["InquiryDecided"], kinds["DutyEvaluated"])
    assert o["inquiries"] == 3 and o["evaluations"] > 0 and (o["postings"], o["reinstatements"]) == (1, 1)
    moves = [e.type for e in log if e.stream_id == "roster-doucun" and e.data.get("officer_id") == "dc-010"]
    assert moves[-3:] == ["OfficerPostedAway", "ReinstatementAgreed", "OfficerReinstated"]
    [issued] = [e for e in log if e.type == "AnnualGradesIssued"]
    assert o["grades"] == Counter(x["grade"] for x in issued.data["officers"])  # each grade, as issued
    assert (o["rectifications"], o["postings"], o["reinstatements"], o["duty_reports"]) == (
        kinds["RectificationOrdered"], kinds["OfficerPostedAway"], kinds["OfficerReinstated"],
        kinds["DutyReportSubmitted"])
    [line] = [x for x in issued.data["officers"] if x["officer_id"] == "dc-010"]  # back on duty: graded
    assert "sanction:reassign" in {x["input"] for x in line["inputs"]}
    shown = render_summary(summary)
    assert "调离执法岗位 posted away" in shown and "恢复执法岗位 reinstated" in shown

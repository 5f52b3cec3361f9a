"""`casework demo` past the year's end, in-process: December's duty evaluations, the
2 January grades and the accountability of the year (its own module: a worker of its own
under `--dist loadscope`, beside test_demo.py's shared county)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from workflow.demo.report import render_summary
from workflow.demo.run import run_demo
from workflow.settings import Settings

pytestmark = pytest.mark.slow


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

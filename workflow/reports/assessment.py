"""The yearly assessment (年度考核), issued once on 2 January from the accountability model.

Each officer's line: cases dispatched, decided, on time, overdue, extended, review
verdicts and removal, as the accountability read model has them on 31 December.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from events import ConcurrencyError, EventStore
from projections.engine import ProjectionEngine
from projections.queries_accountability import accountability, has_record
from workflow.messages import to_new_event
from workflow.reports.notice_events import AnnualAssessmentIssued, assessment_stream

SYSTEM = {"actor": "scheduler", "role": "system", "channel": "system"}  # channel: workflow/origin.py
LINE = ("officer_id", "name", "township", "dispatched", "decided", "on_time", "overdue",
        "extended", "verdicts", "removal")  # fmt: skip


def assessment(store: EventStore, engine: ProjectionEngine, year: int) -> AnnualAssessmentIssued:
    """The year's assessment as the read models have it on 31 December."""
    as_of = date(year, 12, 31)
    engine.catch_up("accountability")
    with store.engine.connect() as conn:
        records = [
            r for r in accountability(conn, engine.tables("accountability"), as_of) if has_record(r)
        ]
    officers = [{k: r.get(k) for k in LINE} for r in records]
    return AnnualAssessmentIssued(year, as_of.isoformat(), officers, _summary(officers))


def _summary(officers: list[dict[str, Any]]) -> dict[str, Any]:
    decided = sum(o["decided"] for o in officers)
    on_time = sum(o["on_time"] for o in officers)
    return {
        "officers": len(officers),
        "dispatched": sum(o["dispatched"] for o in officers),
        "decided": decided,
        "on_time_rate": round(on_time / decided, 3) if decided else None,
        "overdue": sum(o["overdue"] for o in officers),
        "removed": sum(1 for o in officers if o["removal"]),
    }


def issue_assessment(
    store: EventStore, engine: ProjectionEngine, year: int
) -> tuple[AnnualAssessmentIssued, bool]:
    """Issue the year's assessment once; returns it and whether this call issued it."""
    event = assessment(store, engine, year)
    try:
        store.append(
            assessment_stream(year), [to_new_event(event)], expected_version=0, metadata=SYSTEM
        )
    except ConcurrencyError:
        return event, False
    return event, True

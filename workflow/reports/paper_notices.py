"""The daily sweep's paper notices: a decision not served or not published in time, a fine
not paid within 15 days of its service (art 67), an on-the-spot decision not filed (备案),
and the court-enforcement window opening
(workflow.execution.board). Each notice is issued once, in a stream of its own."""

from __future__ import annotations

from datetime import date
from typing import Any

from events import ConcurrencyError, EventStore
from projections.engine import ProjectionEngine
from workflow import calendar
from workflow.execution.board import paper_deadlines
from workflow.messages import to_new_event
from workflow.reports.notice_events import (
    DeadlineWarningIssued,
    OverdueNoticeIssued,
    overdue_stream,
    warning_stream,
)

SYSTEM = {"actor": "scheduler", "role": "system", "channel": "system"}  # channel: workflow/origin.py
WARN_WORKING_DAYS = 2  # a warning when no more than two working days are left


def sweep_paper(
    store: EventStore, engine: ProjectionEngine, today: date
) -> tuple[int, int, int]:
    """(warnings, overdue notices, already issued) for the paper deadlines due today."""
    counts = [0, 0, 0]
    for item in paper_deadlines(engine, today):
        common = {k: item[k] for k in ("case_id", "number", "township", "officers", "statute")}
        common.update(deadline=item["deadline"], due=item["due"], issued_on=today.isoformat())
        if item["overdue"]:
            event: Any = OverdueNoticeIssued(days_over=-item["days_left"], **common)
            stream, k = overdue_stream(item["case_id"], item["deadline"], item["due"]), 1
        elif _warn(item, today):
            due = date.fromisoformat(item["due"])
            event = DeadlineWarningIssued(
                days_left=item["days_left"],
                working_days_left=calendar.working_days_between(today, due), **common,
            )  # fmt: skip
            stream, k = warning_stream(item["case_id"], item["deadline"], item["due"]), 0
        else:
            continue
        try:
            store.append(stream, [to_new_event(event)], expected_version=0, metadata=SYSTEM)
            counts[k] += 1
        except ConcurrencyError:
            counts[2] += 1
    return counts[0], counts[1], counts[2]


def _warn(item: dict[str, Any], today: date) -> bool:
    if item["deadline"] == "court_window":
        return not item["opens"]  # the window is open: apply before it closes
    due = date.fromisoformat(item["due"])
    return calendar.working_days_between(today, due) <= WARN_WORKING_DAYS

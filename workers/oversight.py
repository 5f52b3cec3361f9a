"""Scheduled oversight work: overdue-rectification notices (daily), the duty-report
reminder (a month before the window), each notice issued once in a stream of its own; the
county file's accountability policy recorded when it changed (policy_history)."""

from __future__ import annotations

from datetime import date
from typing import Any

from events import ConcurrencyError, EventStore
from projections.engine import ProjectionEngine
from projections.queries_oversight import overdue_rectifications
from workflow.accountability import policy_history
from workflow.accountability.events import (
    DutyReminderIssued,
    RectificationOverdueNoticeIssued,
    duty_reminder_stream,
    rectification_notice_stream,
)
from workflow.accountability.policy import Policy
from workflow.integrity.quarantine import notify_quarantined
from workflow.messages import to_new_event
from workflow.organisation.snapshot import load_directory

SYSTEM = {"actor": "scheduler", "role": "system", "channel": "system"}  # channel: workflow/origin.py


def issue_once(store: EventStore, stream: str, event: Any) -> bool:
    """Append a notice into its own stream; False when it was already out."""
    try:
        store.append(stream, [to_new_event(event)], expected_version=0, metadata=SYSTEM)
    except ConcurrencyError:
        return False
    return True


def sweep_rectifications(store: EventStore, engine: ProjectionEngine, today: date) -> dict[str, int]:
    """One overdue notice per rectification deadline passed without a report."""
    engine.catch_up("oversight")
    with store.engine.connect() as conn:
        overdue = overdue_rectifications(conn, engine.tables("oversight"), today)
    issued = 0
    for r in overdue:
        event = RectificationOverdueNoticeIssued(
            r["inspection_id"], r["township"], r["due"], r["days_over"], today.isoformat()
        )
        issued += issue_once(store, rectification_notice_stream(r["inspection_id"], r["due"]), event)
    return {"rectifications_overdue": len(overdue), "rectification_notices": issued}


def remind_duty(store: EventStore, policy: Policy, today: date) -> bool:
    """On the reminder day (or after it, before the window closes), remind once a year."""
    reminder = date(today.year, *policy.duty_reminder)
    opens, closes = date(today.year, *policy.duty_opens), date(today.year, *policy.duty_closes)
    if not reminder <= today <= closes:
        return False
    officers = sum(1 for p in load_directory(store).people.values() if p.on_team)
    event = DutyReminderIssued(today.year, opens.isoformat(), closes.isoformat(), officers,
                               today.isoformat())  # fmt: skip
    return issue_once(store, duty_reminder_stream(today.year), event)


def daily(store: EventStore, engine: ProjectionEngine, policy: Policy, today: date) -> dict[str, int]:
    """The oversight part of the daily sweep: rectification notices, the duty reminder,
    and the notice to supervisors of each event a read model quarantined."""
    result = sweep_rectifications(store, engine, today)
    result["duty_reminder"] = int(remind_duty(store, policy, today))
    result["policy_recorded"] = int(policy_history.record(store, policy, today))
    result["quarantine_notices"] = notify_quarantined(store, engine, today)
    return result

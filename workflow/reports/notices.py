"""The daily deadline sweep (每日期限巡查): warnings at 80% of a limit, overdue notices.

Limits (DESIGN §3): decision 90 calendar days for penalties (行政处罚法 art. 60) or 20
working days for licences (行政许可法 art. 42); hearing request 5 working days (art. 64);
licence issue 10 working days (许可法 art. 44). A warning is due once no more than 20% of
the limit is left. A penalty case opened without its violation date gets one more
warning, once: its limitation (art. 36) was never checked. The fine's 15 days (art. 67)
run from the decision's service: the paper sweep (`paper_notices`) issues those.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from events import ConcurrencyError, EventStore
from projections.engine import ProjectionEngine
from projections.queries_cases import deadline_board
from workflow.clock import local_day, now
from workflow.errors import RuleViolation
from workflow.messages import to_new_event
from workflow.reports.notice_events import (
    DeadlineWarningIssued,
    LimitationWarningIssued,
    OverdueNoticeIssued,
    overdue_stream,
    warning_stream,
)

# (limit length, counted in working days?) by deadline name and case kind
LIMITS: dict[tuple[str, str], tuple[int, bool]] = {
    ("decision", "penalty"): (90, False),
    ("decision", "licensing"): (20, True),
    ("hearing_request", "penalty"): (5, True),
    ("licence_issue", "licensing"): (10, True),
}
SYSTEM = {"actor": "scheduler", "role": "system", "channel": "system"}  # channel: workflow/origin.py
LIMITATION = "《行政处罚法》第三十六条"


@dataclass
class SweepReport:
    warnings: int = 0
    overdue: int = 0
    already_issued: int = 0


def needs_warning(deadline: dict[str, Any], kind: str) -> bool:
    """At most 20% of the limit left, and not yet overdue."""
    length, working = LIMITS.get((deadline["name"], kind), (0, False))
    if not length or deadline["overdue"]:
        return False
    left = deadline["working_days_left"] if working else deadline["days_left"]
    return 0 <= left <= length * 0.2


def sweep_deadlines(store: EventStore, engine: ProjectionEngine, today: date) -> SweepReport:
    """Issue every warning and overdue notice due on `today` that is not out yet."""
    if today > local_day(now()):  # notices are issued once: a future day would use them up
        raise RuleViolation("sweep-not-future", "README: casework sweep", f"{today} 尚未到来，不能巡查",
                            f"{today} has not come yet; it cannot be swept")  # fmt: skip
    engine.catch_up("cases")
    with store.engine.connect() as conn:
        board = deadline_board(conn, engine.tables("cases"), today)
    report = SweepReport()
    for case in board:
        for deadline in case["deadlines"]:
            if deadline["active"]:
                _notice(store, case, deadline, today, report)
        if case["warning"]:
            _limitation(store, case, today, report)
    from workflow.reports.paper_notices import sweep_paper  # service, publication, court, 备案

    warned, overdue, issued = sweep_paper(store, engine, today)
    report.warnings, report.overdue = report.warnings + warned, report.overdue + overdue
    report.already_issued += issued
    return report


def _limitation(store: EventStore, case: dict[str, Any], today: date, report: SweepReport) -> None:
    """Once per open case: its violation date is unknown, the limitation unchecked (art. 36)."""
    event = LimitationWarningIssued(
        case_id=case["case_id"], number=case["number"], township=case["township"],
        note=case["warning"], statute=LIMITATION, opened_on=case["opened_on"],
        officers=case["officers"], issued_on=today.isoformat(),
    )  # fmt: skip
    stream = warning_stream(case["case_id"], "limitation", case["opened_on"])
    _append(store, stream, event, "warnings", report)


def _notice(
    store: EventStore, case: dict[str, Any], deadline: dict[str, Any], today: date, report: SweepReport
) -> None:
    common = {
        "case_id": case["case_id"], "number": case["number"], "township": case["township"],
        "deadline": deadline["name"], "due": deadline["due"], "statute": deadline["statute"],
        "officers": case["officers"], "issued_on": today.isoformat(),
    }  # fmt: skip
    if deadline["overdue"]:
        event: Any = OverdueNoticeIssued(days_over=-deadline["days_left"], **common)
        stream, field = overdue_stream(case["case_id"], deadline["name"], deadline["due"]), "overdue"
    elif needs_warning(deadline, case["kind"]):
        event = DeadlineWarningIssued(
            days_left=deadline["days_left"], working_days_left=deadline["working_days_left"], **common
        )
        stream, field = warning_stream(case["case_id"], deadline["name"], deadline["due"]), "warnings"
    else:
        return
    _append(store, stream, event, field, report)


def _append(store: EventStore, stream: str, event: Any, field: str, report: SweepReport) -> None:
    """Issue the notice once: a second sweep finds its stream taken (ConcurrencyError)."""
    try:
        store.append(stream, [to_new_event(event)], expected_version=0, metadata=SYSTEM)
    except ConcurrencyError:
        report.already_issued += 1
        return
    setattr(report, field, getattr(report, field) + 1)

"""Notices as events (通知事件), each in a stream of its own so it is issued exactly once.

The stream id names what the notice is about (case, deadline, due day); it is appended
with `expected_version=0`, so a job that runs twice, or two schedulers that race, issue
it once: the loser gets a ConcurrencyError and knows the notice is already out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workflow.messages import domain_event


def warning_stream(case_id: str, deadline: str, due: str) -> str:
    return f"notice-warning-{case_id}-{deadline}-{due}"


def overdue_stream(case_id: str, deadline: str, due: str) -> str:
    return f"notice-overdue-{case_id}-{deadline}-{due}"


@domain_event
@dataclass(frozen=True)
class DeadlineWarningIssued:
    """期限预警: 80% of a statutory limit has passed (at most 20% of it is left)."""

    case_id: str
    number: str
    township: str
    deadline: str
    due: str
    statute: str
    days_left: int
    working_days_left: int
    officers: list[str]
    issued_on: str


@domain_event
@dataclass(frozen=True)
class OverdueNoticeIssued:
    """超期通知: a statutory limit has passed with the case still bound by it."""

    case_id: str
    number: str
    township: str
    deadline: str
    due: str
    statute: str
    days_over: int
    officers: list[str]
    issued_on: str


@domain_event
@dataclass(frozen=True)
class LimitationWarningIssued:
    """时效未核对预警: a penalty case opened without its violation date (the reason why is
    `note`): the limitation of 《行政处罚法》第三十六条 (2 years; 5 for grave harm) was not
    checked. Issued once per case, in `warning_stream(case, "limitation", opened_on)`, to
    the case's officers and the county supervisors."""

    case_id: str
    number: str
    township: str
    note: str
    statute: str
    opened_on: str
    officers: list[str]
    issued_on: str


def seal_stream(month: str) -> str:
    return f"seal-{month}"


@domain_event
@dataclass(frozen=True)
class MonthSealed:
    """月度封存: the Merkle root over a month's events, printed in that month's circular."""

    month: str
    root: str
    count: int
    first_position: int | None
    last_position: int | None
    algorithm: str
    sealed_on: str


def assessment_stream(year: int) -> str:
    return f"assessment-{year}"


@domain_event
@dataclass(frozen=True)
class AnnualAssessmentIssued:
    """年度考核: every officer's record for the year, issued once on 2 January."""

    year: int
    as_of: str
    officers: list[dict[str, Any]]
    summary: dict[str, Any]


def circular_stream(month: str) -> str:
    return f"circular-{month}"


@domain_event
@dataclass(frozen=True)
class CircularIssued:
    """月度通报已印发: the SHA-256 of the rendered circular, its headline figures, the seal."""

    month: str
    digest: str
    format: str
    summary: dict[str, Any]
    seal_root: str | None
    issued_on: str

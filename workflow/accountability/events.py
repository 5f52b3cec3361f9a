"""Events of accountability (问责事件): frozen, past tense, no behaviour.

Streams: `inspection-<township>-<year>-<n>` (one 监督检查 and its 整改),
`inquiry-<township>-<year>-<n>` (one 责任追究), `duty-<year>-<officer>` (one officer's
述职 and its 评议), `grades-<year>` (the graded 年度考核). Dates are ISO strings, days in
Asia/Shanghai; who acted travels in the store metadata.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workflow.messages import domain_event


def inspection_stream(township: str, year: int, n: int) -> str:
    return f"inspection-{township}-{year}-{n}"


def inquiry_stream(township: str, year: int, n: int) -> str:
    return f"inquiry-{township}-{year}-{n}"


def duty_stream(year: int, officer_id: str) -> str:
    return f"duty-{year}-{officer_id}"


def evaluators_stream(township: str, year: int) -> str:
    return f"evaluators-{township}-{year}"


def grades_stream(year: int) -> str:
    return f"grades-{year}"


@domain_event
@dataclass(frozen=True)
class InspectionPlanned:
    """监督检查 planned: a team, what is looked at, when, by whom."""

    inspection_id: str
    township: str
    scope: list[str]
    planned_for: str
    inspectors: list[str]
    planned_on: str


@domain_event
@dataclass(frozen=True)
class InspectionRecorded:
    """The inspection was held: items checked; findings, each naming cases or officers."""

    inspection_id: str
    held_on: str
    inspectors: list[str]
    checked: list[str]
    findings: list[dict[str, Any]]  # {"id", "scope", "text", "cases": [...], "officers": [...]}


@domain_event
@dataclass(frozen=True)
class RectificationOrdered:
    """整改 ordered on the findings, with a deadline."""

    inspection_id: str
    findings: list[str]
    requirement: str
    due: str
    ordered_on: str


@domain_event
@dataclass(frozen=True)
class RectificationReported:
    """The team reported what it rectified (整改报告)."""

    inspection_id: str
    report: str
    reported_on: str


@domain_event
@dataclass(frozen=True)
class RectificationFileAttached:
    """整改材料: a file the team hands in with its rectification, kept by its SHA-256."""

    inspection_id: str
    file_name: str
    file_sha256: str
    size: int
    attached_on: str


@domain_event
@dataclass(frozen=True)
class RectificationVerified:
    """The inspector accepted the rectification (验收) or reopened it with a new deadline."""

    inspection_id: str
    outcome: str
    comments: str
    due: str | None
    verified_on: str


@domain_event
@dataclass(frozen=True)
class InquiryOpened:
    """责任追究 opened into an officer (or a team) on a ground, with the evidence on record.

    The officer is told by this event (告知): the statement period runs from `opened_on`.
    """

    inquiry_id: str
    township: str
    officer_id: str | None
    ground: str
    details: str
    cases: list[str]
    findings: list[str]
    statement_due: str
    opened_on: str


@domain_event
@dataclass(frozen=True)
class InquiryStatementRecorded:
    """The officer stated their case (陈述申辩), or said they would not."""

    inquiry_id: str
    statement: str
    waived: bool
    stated_on: str


@domain_event
@dataclass(frozen=True)
class InquiryOpinionRecorded:
    """The township's opinion (乡镇意见) on an inquiry into an officer seconded from a county team."""

    inquiry_id: str
    opinion: str
    recorded_on: str


@domain_event
@dataclass(frozen=True)
class InquiryAgreed:
    """The agreement a graded decision needs first (e.g. the supervisor's, for 清退)."""

    inquiry_id: str
    sanction: str
    comments: str
    agreed_on: str


@domain_event
@dataclass(frozen=True)
class InquiryDecided:
    """The inquiry's decision on the graded list; 清退 names the removal it recorded."""

    inquiry_id: str
    sanction: str
    reasons: str
    removal_position: int | None
    decided_on: str


@domain_event
@dataclass(frozen=True)
class InquiryReferred:
    """移送纪检监察机关: the inquiry's transfer to the discipline inspection and supervision
    organ (纪委监委), recorded with the decision that orders it."""

    inquiry_id: str
    officer_id: str | None
    organ: str
    materials: str
    referred_on: str


@domain_event
@dataclass(frozen=True)
class DutyReportSubmitted:
    """述职: an officer's duty report for a year, as text or as a file kept by its hash."""

    officer_id: str
    year: int
    text: str
    file_name: str | None
    file_sha256: str | None
    submitted_on: str


@domain_event
@dataclass(frozen=True)
class DutyEvaluatorsNamed:
    """The township names who evaluates its team's duty reports for a year (评议人员): its
    leadership, team members and, where the county allows it, representatives of those
    served. A later list replaces the earlier one for the evaluations after it."""

    township: str
    year: int
    evaluators: list[dict[str, str]]  # {"id", "kind": leadership|member|representative, "name"}
    named_on: str


@domain_event
@dataclass(frozen=True)
class DutyEvaluated:
    """评议: one evaluator's grade of one officer's duty report (once per evaluator)."""

    officer_id: str
    year: int
    evaluator: str
    grade: str
    comments: str
    evaluated_on: str


@domain_event
@dataclass(frozen=True)
class AnnualGradesIssued:
    """年度考核 graded: each officer's and team's grade with the inputs that explain it."""

    year: int
    officers: list[dict[str, Any]]
    teams: list[dict[str, Any]]
    policy: dict[str, Any]
    issued_on: str


def rectification_notice_stream(inspection_id: str, due: str) -> str:
    return f"notice-rectification-{inspection_id}-{due}"


@domain_event
@dataclass(frozen=True)
class RectificationOverdueNoticeIssued:
    """整改超期通知: a rectification deadline passed without the team's report."""

    inspection_id: str
    township: str
    due: str
    days_over: int
    issued_on: str


def duty_reminder_stream(year: int) -> str:
    return f"notice-duty-{year}"


@domain_event
@dataclass(frozen=True)
class DutyReminderIssued:
    """述职提醒: the duty-report window opens in a month (sent to every team)."""

    year: int
    opens: str
    closes: str
    officers: int
    issued_on: str


def failed_notice_stream(year: int, officer_id: str) -> str:
    return f"notice-failed-{year}-{officer_id}"


@domain_event
@dataclass(frozen=True)
class FailedAssessmentNoticeIssued:
    """年度考核不合格: a notice to the county supervisors to consider an inquiry (not a decision)."""

    year: int
    officer_id: str
    township: str
    score: float
    reasons: list[str]
    issued_on: str


POLICY_STREAM = "accountability-policy"


@domain_event
@dataclass(frozen=True)
class AccountabilityPolicyRecorded:
    """The county file's `[accountability]` table as it stands from `effective` on (recorded
    when it changed), so a past year is graded by the policy in force that year."""

    policy: dict[str, Any]
    effective: str
    recorded_on: str

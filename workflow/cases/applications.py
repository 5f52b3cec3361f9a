"""Licence applications before 受理 (《行政许可法》第三十二条): received, then within 5 working
days 受理 (the licensing case opens), 不予受理 with reasons, or 一次性告知补正 (once, every
missing material at one time). Not answered within the 5 working days, the application
counts as accepted from the day it was received: 受理 then starts the 20-working-day clock
on that day, and neither 不予受理 nor 补正 may be given any more.

An application is its own stream `application-<township>-<year>-<n>` (short id
`taicheng-A-2026-1`). Folding has no checks; the guards run when a command is decided.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from workflow.cases.rules import Context, require_text, violation
from workflow.errors import NotFound
from workflow.messages import domain_event

ART32 = "《行政许可法》第三十二条"
ANSWER_WORKING_DAYS = 5
SHORT = re.compile(r"^(?:application-)?([a-z0-9_]+)-(?:A-)?(\d{4})-(\d+)$")


@domain_event
@dataclass(frozen=True)
class ApplicationReceived:
    """申请材料收到: the item applied for, the applicant, the day, the 5-working-day answer due."""

    application_id: str
    number: str
    township: str
    township_name: str
    matter_code: str
    matter_name: str
    applicant: str
    summary: str
    received_on: str
    at: str
    answer_due: str
    answer_due_estimated: bool = False


@domain_event
@dataclass(frozen=True)
class CorrectionRequested:
    """一次性告知补正: every missing material at one time."""

    materials: list[str]
    at: str


@domain_event
@dataclass(frozen=True)
class ApplicationResubmitted:
    """补正材料收到: a new 5-working-day window from this day."""

    at: str
    received_on: str
    answer_due: str
    answer_due_estimated: bool = False


@domain_event
@dataclass(frozen=True)
class ApplicationAccepted:
    """受理: `deemed` when past the answer due (the clock then runs from `clock_from`)."""

    at: str
    clock_from: str
    deemed: bool = False


@domain_event
@dataclass(frozen=True)
class ApplicationRejected:
    """不予受理, with reasons (and the organ to apply to, where there is one)."""

    reason: str
    at: str


@domain_event
@dataclass(frozen=True)
class ApplicationCaseOpened:
    case_id: str
    number: str
    at: str


@dataclass(frozen=True)
class ApplicationRef:
    township: str
    year: int
    n: int

    @property
    def short_id(self) -> str:
        return f"{self.township}-A-{self.year}-{self.n}"

    @property
    def stream_id(self) -> str:
        return f"application-{self.township}-{self.year}-{self.n}"

    def human(self, township_name: str) -> str:
        return f"{township_name}综执许申〔{self.year}〕{self.n}号"

    def with_n(self, n: int) -> ApplicationRef:
        return ApplicationRef(self.township, self.year, n)


def parse_ref(text: str) -> ApplicationRef:
    found = SHORT.match(text.strip())
    if not found:
        raise NotFound(
            f"无法识别的申请编号：{text}（例如 taicheng-A-2026-1）",
            f"not an application id: {text} (e.g. taicheng-A-2026-1)",
        )
    return ApplicationRef(found[1], int(found[2]), int(found[3]))


@dataclass
class Application:
    application_id: str = ""
    number: str = ""
    township: str = ""
    matter_code: str = ""
    matter_name: str = ""
    applicant: str = ""
    summary: str = ""
    received_on: date | None = None  # the latest receipt (after 补正, the resubmission)
    first_received: date | None = None
    answer_due: date | None = None
    due_estimated: bool = False
    corrections: int = 0
    missing: tuple[str, ...] = ()
    state: str = ""  # received | correcting | accepted | rejected
    reason: str = ""
    deemed: bool = False
    case_id: str = ""
    case_number: str = ""
    version: int = 0

    def view(self) -> dict[str, Any]:
        return {
            "application_id": self.application_id, "number": self.number,
            "township": self.township, "matter": self.matter_code, "applicant": self.applicant,
            "state": self.state, "received_on": str(self.received_on),
            "answer_due": str(self.answer_due), "due_estimated": self.due_estimated,
            "missing": list(self.missing), "reason": self.reason, "deemed": self.deemed,
            "case_id": self.case_id, "case_number": self.case_number, "version": self.version,
        }  # fmt: skip


def fold(events: Iterable[Any]) -> Application:
    a = Application()
    for e in events:
        if isinstance(e, ApplicationReceived):
            a.application_id, a.number, a.township = e.application_id, e.number, e.township
            a.matter_code, a.matter_name = e.matter_code, e.matter_name
            a.applicant, a.summary, a.state = e.applicant, e.summary, "received"
            a.received_on = a.first_received = date.fromisoformat(e.received_on)
            a.answer_due, a.due_estimated = date.fromisoformat(e.answer_due), e.answer_due_estimated
        elif isinstance(e, CorrectionRequested):
            a.state, a.corrections, a.missing = "correcting", a.corrections + 1, tuple(e.materials)
        elif isinstance(e, ApplicationResubmitted):
            a.state, a.received_on = "received", date.fromisoformat(e.received_on)
            a.answer_due, a.due_estimated = date.fromisoformat(e.answer_due), e.answer_due_estimated
        elif isinstance(e, ApplicationAccepted):
            a.state, a.deemed = "accepted", e.deemed
        elif isinstance(e, ApplicationRejected):
            a.state, a.reason = "rejected", e.reason
        elif isinstance(e, ApplicationCaseOpened):
            a.case_id, a.case_number = e.case_id, e.number
        a.version += 1
    return a


def deemed_accepted(a: Application, ctx: Context) -> bool:
    """Past the 5 working days with no answer: accepted from receipt (art. 32)."""
    return a.state == "received" and a.answer_due is not None and ctx.day > a.answer_due


def check_answer(a: Application, ctx: Context, answer: str) -> None:
    """Only a received application is answered; past its 5 working days only 受理 is left."""
    if a.state != "received":
        raise violation(
            "application-answered", ART32, f"申请 {a.application_id} 当前为 {a.state}，不能再{answer}",
            f"application {a.application_id} is {a.state}",
        )  # fmt: skip
    if answer != "受理" and deemed_accepted(a, ctx):
        raise violation(
            "application-deemed-accepted", ART32,
            f"收到申请材料之日起五个工作日（至 {a.answer_due}）未告知，视为受理，不能再{answer}",
            f"no answer within 5 working days (by {a.answer_due}): the application counts as accepted",
        )  # fmt: skip


def check_correction(a: Application, materials: list[str]) -> None:
    """补正 is told once, naming every missing material at one time."""
    if a.corrections:
        raise violation(
            "correction-once", ART32, "补正须一次性告知申请人需要补正的全部内容，不能再次告知",
            "all the materials to complete are told at one time, once",
        )  # fmt: skip
    if not [m for m in materials if m.strip()]:
        require_text("", "correction-materials", ART32, "需要补正的全部材料")


def check_resubmitted(a: Application) -> None:
    if a.state != "correcting":
        raise violation(
            "application-not-correcting", ART32, "该申请未告知补正，无需补正材料",
            "no correction was requested",
        )  # fmt: skip

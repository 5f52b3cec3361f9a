"""Case sources (案件来源/线索) and 立案审批: a lead is registered, then the leader opens a case
on it (立案) or decides not to (不予立案, with reasons), within the county file's period.

A lead is its own stream `source-<township>-<year>-<n>` (gapless per township and year,
short id `taicheng-S-2026-1`). The reporter (举报人) is confidential: kept on the event for
the leadership of the township, masked everywhere else and never published.
Folding has no checks; the guards here run when a command is decided.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from workflow.cases.rules import MANAGING_ROLES, Context, require_text, violation
from workflow.errors import NotFound
from workflow.messages import domain_event

CHANNELS = ("巡查发现", "群众举报", "上级交办", "部门移送", "其他")
DIRECT = "直接立案"  # a case opened without a registered lead is its own source
ART54 = "《行政处罚法》第五十四条"
PERIOD = f"{ART54}；县规定立案审批期限（source_decision_days）"
SHORT = re.compile(r"^(?:source-)?([a-z0-9_]+)-(?:S-)?(\d{4})-(\d+)$")


@domain_event
@dataclass(frozen=True)
class SourceRegistered:
    """线索登记: channel, what was found, the discovery day, the (confidential) reporter."""

    source_id: str
    number: str
    township: str
    township_name: str
    channel: str
    summary: str
    discovered_on: str
    reporter: str
    reporter_contact: str
    at: str
    decision_due: str
    decision_due_estimated: bool = False


@domain_event
@dataclass(frozen=True)
class SourceAccepted:
    """立案审批: the leader approves opening a case on the lead (the case follows)."""

    opinion: str
    at: str
    late: bool = False  # decided after the county file's period


@domain_event
@dataclass(frozen=True)
class SourceRejected:
    """不予立案, with the reasons."""

    reason: str
    at: str
    late: bool = False


@domain_event
@dataclass(frozen=True)
class SourceCaseOpened:
    """The case opened on the accepted lead."""

    case_id: str
    number: str
    at: str


@dataclass(frozen=True)
class SourceRef:
    township: str
    year: int
    n: int

    @property
    def short_id(self) -> str:
        return f"{self.township}-S-{self.year}-{self.n}"

    @property
    def stream_id(self) -> str:
        return f"source-{self.township}-{self.year}-{self.n}"

    def human(self, township_name: str) -> str:
        return f"{township_name}综执线索〔{self.year}〕{self.n}号"

    def with_n(self, n: int) -> SourceRef:
        return SourceRef(self.township, self.year, n)


def parse_ref(text: str) -> SourceRef:
    found = SHORT.match(text.strip())
    if not found:
        raise NotFound(
            f"无法识别的线索编号：{text}（例如 taicheng-S-2026-1）",
            f"not a lead id: {text} (e.g. taicheng-S-2026-1)",
        )
    return SourceRef(found[1], int(found[2]), int(found[3]))


@dataclass
class Source:
    """One lead as its events say it is."""

    source_id: str = ""
    number: str = ""
    township: str = ""
    channel: str = ""
    summary: str = ""
    discovered_on: date | None = None
    reporter: str = ""
    reporter_contact: str = ""
    registered_at: str = ""
    decision_due: date | None = None
    due_estimated: bool = False
    state: str = ""  # pending | accepted | rejected
    reason: str = ""
    late: bool = False
    case_id: str = ""
    case_number: str = ""
    version: int = 0

    def view(self, *, reveal: bool, today: date | None = None) -> dict[str, Any]:
        """What a person reads; the reporter only for the township's leadership (`reveal`)."""
        overdue = self.state == "pending" and today is not None and self.decision_due is not None
        return {
            "source_id": self.source_id, "number": self.number, "township": self.township,
            "channel": self.channel, "summary": self.summary,
            "discovered_on": str(self.discovered_on), "state": self.state,
            "decision_due": str(self.decision_due), "due_estimated": self.due_estimated,
            "overdue": bool(overdue and today > self.decision_due),  # type: ignore[operator]
            "reporter": self.reporter if reveal else mask_reporter(self.reporter),
            "reporter_contact": self.reporter_contact if reveal else mask_reporter(
                self.reporter_contact),
            "reason": self.reason, "late": self.late, "case_id": self.case_id,
            "case_number": self.case_number, "version": self.version,
        }  # fmt: skip


def mask_reporter(text: str) -> str:
    """举报人保密: nothing of the name or contact is shown (only that one was given)."""
    return "（保密）" if text.strip() else ""


def fold(events: Iterable[Any]) -> Source:
    s = Source()
    for e in events:
        if isinstance(e, SourceRegistered):
            s.source_id, s.number, s.township = e.source_id, e.number, e.township
            s.channel, s.summary = e.channel, e.summary
            s.discovered_on = date.fromisoformat(e.discovered_on)
            s.reporter, s.reporter_contact = e.reporter, e.reporter_contact
            s.registered_at, s.state = e.at, "pending"
            s.decision_due = date.fromisoformat(e.decision_due)
            s.due_estimated = e.decision_due_estimated
        elif isinstance(e, SourceAccepted):
            s.state, s.reason, s.late = "accepted", e.opinion, e.late
        elif isinstance(e, SourceRejected):
            s.state, s.reason, s.late = "rejected", e.reason, e.late
        elif isinstance(e, SourceCaseOpened):
            s.case_id, s.case_number = e.case_id, e.number
        s.version += 1
    return s


def check_register(channel: str, summary: str, discovered: date, ctx: Context) -> None:
    """A known channel, what was found, a discovery day not after today (art. 54)."""
    if channel not in CHANNELS:
        raise violation(
            "source-channel", ART54, f"线索来源须为：{'、'.join(CHANNELS)}",
            f"the channel must be one of {', '.join(CHANNELS)}",
        )  # fmt: skip
    require_text(summary, "source-summary", ART54, "线索内容")
    if discovered > ctx.day:
        raise violation(
            "source-discovered", ART54, f"发现日期 {discovered} 晚于登记日",
            f"discovered on {discovered}, after registration",
        )  # fmt: skip


def check_decider(source: Source, ctx: Context, decider_deputy: bool) -> None:
    """The lead is pending; the 负责人 (leader, or a deputy authorised on record) decides."""
    if source.state != "pending":
        raise violation(
            "source-decided", ART54, f"线索 {source.source_id} 已作出立案审批决定",
            f"lead {source.source_id} is already decided ({source.state})",
        )  # fmt: skip
    role = str(ctx.actor.role)
    if ctx.actor.township != source.township or role not in MANAGING_ROLES or (
        role == "deputy" and not decider_deputy
    ):
        raise violation(
            "source-by-leader", ART54, "立案审批由本乡镇执法队负责人（队长或经授权的副队长）决定",
            "the team leader (or an authorised deputy) decides whether to open a case",
        )  # fmt: skip


def is_late(source: Source, ctx: Context) -> bool:
    return source.decision_due is not None and ctx.day > source.decision_due

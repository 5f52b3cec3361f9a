"""The figures of a monthly circular (月度通报数据): plain frozen dataclasses, no behaviour.

Counting rules (also printed in the circular's notes):
- A month is a calendar month in Asia/Shanghai; acts count in the month of their business
  time (`at`), from the 1st to the report day (the month's last day, or today while the
  month runs). The year so far runs from 1 January to the same report day.
- An enforcement action (执法行为) is one act an enforcement team recorded on a case: any
  case event except the county's file review (案卷评查, `CaseReviewed`).
- Opened = 立案/受理 (`CaseOpened`); decided = 作出决定 (penalty decided, licence granted or
  refused); closed = 结案 (`CaseClosed`, not dropped); dropped = 撤销 (closed as dropped).
- A case is disposed of (办结) on its decision, or on being dropped without one; it is on
  time when that day is on or before its decision deadline as extended by then.
- Overdue (超期) on the report day: opened, not disposed of, decision deadline passed.
- Backdated (补录): recorded more than an hour after its business time (`workflow.reports.audit`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Totals:
    """County or township counts over a period (本月 / 本年累计)."""

    actions: int = 0
    opened: int = 0
    decided: int = 0
    closed: int = 0
    dropped: int = 0
    penalties: int = 0
    penalty_yuan: float = 0.0
    granted: int = 0
    refused: int = 0
    reviewed: int = 0
    backdated: int = 0


@dataclass(frozen=True)
class TownshipLine:
    """One township's row of the ranked table (按执法行为数排名)."""

    rank: int
    code: str
    name: str
    month: Totals
    year: Totals
    disposed: int
    on_time: int
    on_time_rate: float | None
    overdue: int


@dataclass(frozen=True)
class DomainLine:
    """One enforcement domain (the 9 county teams, or the township's own matters)."""

    domain: str
    name: str
    month: Totals
    year: Totals


@dataclass(frozen=True)
class OverdueCase:
    number: str
    township: str
    kind: str
    due: str
    days_over: int


@dataclass(frozen=True)
class LateAct:
    """An act of the month recorded more than an hour after its business time (补录)."""

    number: str
    day: str
    act: str
    reason: str  # 补录原因 (`--late-reason`); empty for events recorded before it was asked


@dataclass(frozen=True)
class ReviewFinding:
    """案卷评查 of the month that found the file defective (瑕疵) or erroneous (错误)."""

    number: str
    township: str
    day: str
    verdict: str
    findings: str
    officers: list[str]


@dataclass(frozen=True)
class Removal:
    """An officer removed from a team (清退) in the month."""

    officer_id: str
    name: str
    township: str
    on: str
    reason: str
    details: str


@dataclass(frozen=True)
class RosterLine:
    """A team's 7+9+N on the report day."""

    township: str
    members: int
    staff: int
    seconded_domains: int
    units: int
    certified: int
    compliant: bool
    gaps: list[str]


@dataclass(frozen=True)
class BudgetLine:
    """A team whose yearly budget is below the floor (or not recorded at all: yuan None)."""

    township: str
    yuan: int | None


@dataclass(frozen=True)
class Seal:
    """The month's `MonthSealed` (absent while the month is not sealed)."""

    root: str
    count: int
    first_position: int | None
    last_position: int | None
    sealed_on: str


@dataclass(frozen=True)
class CircularFigures:
    """Everything the circular prints, in the order it prints it."""

    month: str
    county: str
    report_day: str
    month_totals: Totals
    year_totals: Totals
    townships: list[TownshipLine]
    domains: list[DomainLine]
    opened_by_month: list[tuple[str, int]]
    overdue: list[OverdueCase]
    reviews: list[ReviewFinding]
    removals: list[Removal]
    roster: list[RosterLine]
    pool_certified: int | None
    pool_size: int | None
    budget_year: int
    budget_floor: int
    budgets_below: list[BudgetLine]
    seal: Seal | None = None
    paper: dict[str, Any] = field(default_factory=dict)  # 文书送达、公示与执行 (circular/paper.py)
    notes: list[str] = field(default_factory=list)
    oversight: dict[str, Any] = field(default_factory=dict)  # 监督检查、责任追究 of the month
    postings: list[Removal] = field(default_factory=list)  # 调离执法岗位 in the month
    late_acts: list[LateAct] = field(default_factory=list)  # 补录 of the month, with 补录原因

"""Counting the circular (通报统计): totals, per township, per domain, overdue, reviews.

Pure functions over the ledger's rows (`projections.queries_circular`); the counting
rules are the ones in `workflow.reports.circular.model`'s docstring.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from workflow.organisation.types import TOWNSHIP_DOMAIN, Domain
from workflow.reports.circular.model import (
    DomainLine,
    OverdueCase,
    ReviewFinding,
    Totals,
    TownshipLine,
)

Row = dict[str, Any]
DECISIONS = frozenset({"PenaltyDecided", "LicenceGranted", "LicenceRefused"})
NOT_ACTIONS = frozenset({"CaseReviewed"})  # the county's file review, not enforcement
FLAGGED = ("defective", "erroneous")
VERDICT_ZH = {"qualified": "合格", "defective": "有瑕疵", "erroneous": "错误"}
KIND_ZH = {"penalty": "行政处罚", "licensing": "行政许可"}


@dataclass(frozen=True)
class Period:
    """[start, end] by business day, both inclusive."""

    start: date
    end: date

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def totals(acts: Iterable[Row]) -> Totals:
    """The counts of a set of acts (already restricted to a period and a scope)."""
    acts = list(acts)
    types = Counter(a["type"] for a in acts)
    closings = Counter(a["outcome"] == "dropped" for a in acts if a["type"] == "CaseClosed")
    yuan = sum(float(a["amount"] or 0) for a in acts if a["type"] == "PenaltyDecided")
    return Totals(
        actions=sum(n for t, n in types.items() if t not in NOT_ACTIONS),
        opened=types["CaseOpened"], decided=sum(types[t] for t in DECISIONS),
        closed=closings[False], dropped=closings[True], penalties=types["PenaltyDecided"],
        penalty_yuan=round(yuan, 2), granted=types["LicenceGranted"],
        refused=types["LicenceRefused"], reviewed=types["CaseReviewed"],
        backdated=sum(1 for a in acts if a["backdated"]),
    )  # fmt: skip


@dataclass
class Life:
    """One case's days: opened, decision deadlines as set over time, disposed of."""

    opened: date | None = None
    dues: list[tuple[date, date]] = field(default_factory=list)  # (set on, due)
    disposed: date | None = None

    def due_on(self, day: date) -> date | None:
        """The decision deadline in force on a day (the opening's, or the latest extension)."""
        known = [due for set_on, due in self.dues if set_on <= day]
        return known[-1] if known else (self.dues[0][1] if self.dues else None)

    def on_time(self) -> bool:
        due = self.due_on(self.disposed) if self.disposed else None
        return self.disposed is not None and due is not None and self.disposed <= due


def lives(acts: Iterable[Row]) -> dict[str, Life]:
    """Every case's life from its acts (in position order)."""
    found: dict[str, Life] = {}
    for a in acts:
        life = found.setdefault(a["stream_id"], Life())
        if a["type"] == "CaseOpened":
            life.opened = a["day"]
        if a["due"] is not None:
            life.dues.append((a["day"], a["due"]))
        disposing = a["type"] in DECISIONS or (
            a["type"] == "CaseClosed" and a["outcome"] == "dropped"
        )
        if disposing and life.disposed is None:
            life.disposed = a["day"]
    return found


def overdue_cases(
    cases: dict[str, Row], found: dict[str, Life], day: date
) -> dict[str, OverdueCase]:
    """Cases opened, not disposed of and past their decision deadline on the day."""
    late: dict[str, OverdueCase] = {}
    for stream, life in found.items():
        due = life.due_on(day)
        case = cases.get(stream)
        if case is None or life.opened is None or life.disposed is not None or due is None:
            continue
        if due < day:
            late[stream] = OverdueCase(case["number"], case["township_name"],
                                       KIND_ZH.get(case["kind"], str(case["kind"])),
                                       due.isoformat(), (day - due).days)  # fmt: skip
    return late


def township_lines(
    towns: list[tuple[str, str]],
    cases: dict[str, Row],
    acts: list[Row],
    periods: tuple[Period, Period],
    overdue: dict[str, OverdueCase],
) -> list[TownshipLine]:
    """Every township's counts, ranked by the month's actions, then on-time rate."""
    month, year = periods
    found = lives(acts)
    rows = []
    for code, name in towns:
        mine = [a for a in acts if cases.get(a["stream_id"], {}).get("township") == code]
        disposed = [s for s, life in found.items()
                    if cases.get(s, {}).get("township") == code and month.holds(life.disposed)]  # fmt: skip
        on_time = sum(1 for s in disposed if found[s].on_time())
        late = sum(1 for s in overdue if cases[s]["township"] == code)
        judged = len(disposed) + late  # an overdue open case is not on time
        rate = round(on_time / judged, 3) if judged else None
        rows.append((code, name, _within(mine, month), _within(mine, year),
                     len(disposed), on_time, rate, late))  # fmt: skip
    rows.sort(key=lambda r: (-r[2].actions, -(r[6] if r[6] is not None else -1), r[0]))
    return [TownshipLine(i + 1, *r) for i, r in enumerate(rows)]


def _within(acts: list[Row], period: Period) -> Totals:
    return totals(a for a in acts if period.holds(a["day"]))


def domain_name(domain: str | None) -> str:
    if domain in {d.value for d in Domain}:
        return f"{Domain(domain).zh}执法队"
    return "乡镇自有事项" if domain == TOWNSHIP_DOMAIN else "未列入清单"


def domain_lines(
    cases: dict[str, Row], acts: list[Row], periods: tuple[Period, Period]
) -> list[DomainLine]:
    """The 9 county teams in their fixed order, then any other domain that had acts."""
    month, year = periods
    keys = [d.value for d in Domain]
    seen = {cases[a["stream_id"]]["domain"] for a in acts if a["stream_id"] in cases}
    keys += sorted((d for d in seen if d not in keys), key=lambda d: d or "~")
    lines = []
    for key in keys:
        mine = [a for a in acts if cases.get(a["stream_id"], {}).get("domain") == key]
        lines.append(DomainLine(key or "", domain_name(key), _within(mine, month),
                                _within(mine, year)))  # fmt: skip
    return lines


def review_findings(
    cases: dict[str, Row], acts: list[Row], month: Period, names: dict[str, str]
) -> list[ReviewFinding]:
    """The month's reviews that found a file defective or erroneous, with its officers."""
    found = []
    for a in acts:
        if a["type"] != "CaseReviewed" or a["verdict"] not in FLAGGED or not month.holds(a["day"]):
            continue
        case = cases[a["stream_id"]]
        officers = [f"{names.get(o, o)}（{o}）" for o in case["officers"]]
        found.append(ReviewFinding(case["number"], case["township_name"], a["day"].isoformat(),
                                   VERDICT_ZH[a["verdict"]], a["findings"] or "", officers))  # fmt: skip
    return sorted(found, key=lambda f: (f.day, f.number))


def opened_by_month(acts: list[Row], year: int, last_month: int) -> list[tuple[str, int]]:
    """Cases opened per month of the year, from the county's first month with any act
    this year (a county that began in May shows no January–April zeros) to the circular's."""
    this_year = [a for a in acts if a["day"].year == year]
    counts = Counter(a["day"].month for a in this_year if a["type"] == "CaseOpened")
    first = min([a["day"].month for a in this_year] or [last_month])
    return [(f"{year:04d}-{m:02d}", counts[m]) for m in range(first, last_month + 1)]

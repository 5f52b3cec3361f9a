"""The circular's numbers recomputed from the raw log, without any read model.

A deliberately plain second implementation: one pass over `store.iter_all()`, dicts and
counters, the counting rules read off `workflow.reports.circular.model`'s docstring. The
contract requires it to agree with what the read models give.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from events import EventStore, RecordedEvent

SHANGHAI = ZoneInfo("Asia/Shanghai")
DECIDING = {"PenaltyDecided", "LicenceGranted", "LicenceRefused"}


def moment(at: str) -> datetime:
    value = datetime.fromisoformat(at)
    return value if value.tzinfo is not None else value.replace(tzinfo=SHANGHAI)


def day_of(at: str) -> date:
    return moment(at).astimezone(SHANGHAI).date()


@dataclass
class CaseFacts:
    number: str
    township: str
    matter: str
    officers: list[str] = field(default_factory=list)
    opened: date | None = None
    dues: list[tuple[date, date]] = field(default_factory=list)
    disposed: date | None = None

    def due(self, on: date) -> date:
        set_by_then = [d for s, d in self.dues if s <= on]
        return set_by_then[-1] if set_by_then else self.dues[0][1]


@dataclass
class Log:
    """What the raw log says: case acts, cases, matters, townships, removals, budgets."""

    acts: list[dict[str, Any]] = field(default_factory=list)
    cases: dict[str, CaseFacts] = field(default_factory=dict)
    domains: dict[str, str] = field(default_factory=dict)
    townships: dict[str, str] = field(default_factory=dict)
    removals: list[tuple[str, date]] = field(default_factory=list)
    budgets: dict[tuple[str, int], int] = field(default_factory=dict)
    floor: int = 0


def read_log(store: EventStore) -> Log:
    log = Log()
    for e in store.iter_all():
        if e.stream_id.startswith("case-"):  # any event on a case: the model's rule
            _case_event(log, e)
        elif e.type == "CataloguePublished":
            log.domains.update({i["code"]: i["domain"] for i in e.data["items"]})
        elif e.type == "TownshipRegistered":
            log.townships[e.data["code"]] = e.data["name"]
        elif e.type == "OfficerRemoved":
            log.removals.append((e.data["officer_id"], date.fromisoformat(e.data["removed_on"])))
        elif e.type == "BudgetAllocated":
            log.budgets[(e.data["township"], e.data["year"])] = e.data["yuan"]
        elif e.type == "CountyConfigured":
            log.floor = e.data["min_budget_yuan"]
    return log


def _case_event(log: Log, e: RecordedEvent) -> None:
    d, day = e.data, day_of(e.data["at"])
    if e.type == "CaseOpened":
        log.cases[e.stream_id] = CaseFacts(d["number"], d["township"], d["matter_code"])
    case = log.cases[e.stream_id]
    late = e.recorded_at - moment(d["at"]) > timedelta(hours=1)
    log.acts.append({"stream": e.stream_id, "type": e.type, "day": day, "late": late,
                     "amount": d.get("amount"), "outcome": d.get("outcome"),
                     "verdict": d.get("verdict"), "township": case.township,
                     "domain": log.domains.get(case.matter)})  # fmt: skip
    if e.type == "CaseOpened":
        case.opened = day
    if e.type in ("CaseOpened", "DeadlineExtended", "ClockResumed"):  # 许可法 45: a pause moves it
        case.dues.append((day, date.fromisoformat(d["due"])))
    if e.type == "CaseDispatched":
        case.officers = list(dict.fromkeys(d["officers"]))
    if case.disposed is None and (
        e.type in DECIDING or (e.type == "CaseClosed" and d["outcome"] == "dropped")
    ):
        case.disposed = day


def counts(acts: list[dict[str, Any]], start: date, end: date) -> dict[str, Any]:
    """The circular's totals over [start, end] for the given acts."""
    mine = [a for a in acts if start <= a["day"] <= end]
    n = Counter(a["type"] for a in mine)
    drops = sum(1 for a in mine if a["type"] == "CaseClosed" and a["outcome"] == "dropped")
    return {
        "actions": len(mine) - n["CaseReviewed"], "opened": n["CaseOpened"],
        "decided": n["PenaltyDecided"] + n["LicenceGranted"] + n["LicenceRefused"],
        "closed": n["CaseClosed"] - drops, "dropped": drops, "penalties": n["PenaltyDecided"],
        "penalty_yuan": round(sum(a["amount"] for a in mine if a["type"] == "PenaltyDecided"), 2),
        "granted": n["LicenceGranted"], "refused": n["LicenceRefused"],
        "reviewed": n["CaseReviewed"], "backdated": sum(1 for a in mine if a["late"]),
    }  # fmt: skip


def overdue_on(log: Log, end: date) -> dict[str, int]:
    """Days over, per case opened and not disposed of by `end` whose deadline passed."""
    return {
        s: (end - c.due(end)).days
        for s, c in log.cases.items()
        if c.opened is not None and c.opened <= end
        and (c.disposed is None or c.disposed > end) and c.due(end) < end
    }  # fmt: skip


def per_township(log: Log, acts: list[dict[str, Any]], start: date, end: date,
                 late: dict[str, int]) -> dict[str, Any]:  # fmt: skip
    towns = {}
    for code, name in log.townships.items():
        mine = [a for a in acts if a["township"] == code]
        disposed = [c for c in log.cases.values()
                    if c.township == code and c.disposed and start <= c.disposed <= end]  # fmt: skip
        on_time = sum(1 for c in disposed if c.disposed and c.disposed <= c.due(c.disposed))
        overdue = sum(1 for s in late if log.cases[s].township == code)
        judged = len(disposed) + overdue  # an overdue open case is not on time
        towns[name] = {
            "month": counts(mine, start, end), "year": counts(mine, date(start.year, 1, 1), end),
            "disposed": len(disposed), "on_time": on_time, "overdue": overdue,
            "on_time_rate": round(on_time / judged, 3) if judged else None,
        }  # fmt: skip
    return towns


def flagged_reviews(log: Log, acts: list[dict[str, Any]], start: date, end: date) -> set[Any]:
    return {
        (log.cases[a["stream"]].number, tuple(log.cases[a["stream"]].officers))
        for a in acts
        if a["type"] == "CaseReviewed" and start <= a["day"] <= end
        and a["verdict"] in ("defective", "erroneous")
    }  # fmt: skip


def first_month(acts: list[dict[str, Any]], year: int, m: int) -> int:
    """The county's first month with any act this year (no zeros before it began)."""
    return min([a["day"].month for a in acts if a["day"].year == year] or [m])


def recompute(store: EventStore, month: str, today: date) -> dict[str, Any]:
    """The circular's case figures for the month, by the documented rules."""
    log = read_log(store)
    year, m = (int(p) for p in month.split("-"))
    start, jan = date(year, m, 1), date(year, 1, 1)
    end = min(today, date(year + m // 12, m % 12 + 1, 1) - timedelta(days=1))
    acts = [a for a in log.acts if a["day"] <= end]
    late = overdue_on(log, end)
    domains = defaultdict(list)
    for a in acts:
        domains[a["domain"]].append(a)
    opened = Counter(a["day"].month for a in acts
                     if a["type"] == "CaseOpened" and a["day"].year == year)  # fmt: skip
    return {
        "month": counts(acts, start, end), "year": counts(acts, jan, end),
        "townships": per_township(log, acts, start, end, late),
        "domains": {k: (counts(v, start, end), counts(v, jan, end)) for k, v in domains.items()},
        "overdue": {log.cases[s].number: days for s, days in late.items()},
        "reviews": flagged_reviews(log, acts, start, end),
        "removed": sorted(o for o, on in log.removals if start <= on <= end),
        "opened_by_month": [(f"{year:04d}-{i:02d}", opened[i])
                            for i in range(first_month(acts, year, m), m + 1)],
        "budgets_below": sorted(name for code, name in log.townships.items()
                                if log.budgets.get((code, year), -1) < log.floor),
    }  # fmt: skip

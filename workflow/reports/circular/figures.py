"""The monthly circular's figures (月度通报数据), read from the read models.

Cases and their acts come from the circular's ledger (`projections.circular`), teams,
removals and the certificate pool from the roster, the seal from the month's
`MonthSealed`. The result is a plain `CircularFigures`; rendering is elsewhere.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from events import EventStore
from projections.engine import ProjectionEngine, Tables
from projections.queries_circular import budgets, county_floor, ledger_acts, ledger_cases
from projections.queries_oversight import month_counts
from projections.queries_roster import county_summary, roster
from projections.registry import all_projections
from workflow.errors import RuleViolation
from workflow.reports.circular import counts as count
from workflow.reports.circular.model import BudgetLine, CircularFigures, Removal, RosterLine, Seal
from workflow.reports.circular.paper import paper_figures
from workflow.reports.notice_events import seal_stream
from workflow.reports.seals import parse_month, window

DEFAULT_FLOOR = 100_000
NOTES = [
    "统计口径：按业务发生时间（北京时间）计入当月；本年累计自1月1日起至统计截止日。",
    "执法行为：执法队伍在案件中记录的每一项办案行为（立案/受理、指派、调查取证、告知、"
    "听证、法制审核、决定、延期、结案等），县级案卷评查不计入。"
    "原文“开展执法319次”按案件计，对应本通报“立案/受理”数。",
    "办结：作出处罚或许可决定，或未作决定即撤销；按期：办结日不晚于当时有效的办理期限。",
    "超期：截至统计截止日已立案、未办结且已过办理期限（处罚90日，许可20个工作日，含延期）。",
    "补录：记录时间晚于业务发生时间1小时以上的事件。",
    "封存：当月按记录时间封存的事件哈希默克尔根，可用 casework verify --month 月份 --root 根值 核验。",
    "字体：本通报用计算机已安装的中文字体显示（Windows 宋体/微软雅黑，macOS 宋体/苹方，Linux "
    "Noto CJK）；打印或转为PDF前请确认已安装中文字体，否则中文会显示为方框。",
]


def circular_engine(store: EventStore) -> ProjectionEngine:
    """The read models the circular reads, the circular's ledger among them."""
    return ProjectionEngine(store, all_projections())


def report_day(month: str, today: date) -> date:
    """The month's last day, or today while the month runs; a future month is refused."""
    start, end = window(month)
    if today < start.date():
        raise RuleViolation("month-not-begun", "README: casework circular", f"{month} 尚未开始，无法通报",
                            f"{month} has not begun; there is nothing to circulate")  # fmt: skip
    return min(today, date.fromordinal(end.date().toordinal() - 1))


def compile_figures(store: EventStore, month: str, today: date) -> CircularFigures:
    """Bring the read models up to date and count the month (see `circular_model`)."""
    engine = circular_engine(store)
    for name in ("roster", "circular", "oversight"):
        engine.catch_up(name)
    day = report_day(month, today)
    with engine.engine.connect() as conn:
        figures = _figures(conn, engine.tables("circular"), engine.tables("roster"), month, day)
        oversight = month_counts(conn, engine.tables("oversight"), month, day)
    paper = paper_figures(engine, month, day)  # served, published, court, overturned
    return replace(figures, seal=read_seal(store, month), oversight=oversight, paper=paper)


def _figures(
    conn: Connection, ledger: Tables, rt: Tables, month: str, day: date
) -> CircularFigures:
    year, m = parse_month(month)
    periods = (count.Period(date(year, m, 1), day), count.Period(date(year, 1, 1), day))
    cases, acts = ledger_cases(conn, ledger), ledger_acts(conn, ledger, day)
    teams = roster(conn, rt, day)
    towns = [(t["township"], t["name"]) for t in teams]
    late = count.overdue_cases(cases, count.lives(acts), day)
    floor = county_floor(conn, ledger) or {"name": "", "min_budget_yuan": DEFAULT_FLOOR}
    pool = county_summary(conn, rt, day, teams)["pool"]
    return CircularFigures(
        month=month, county=floor["name"], report_day=day.isoformat(),
        month_totals=count.totals(a for a in acts if periods[0].holds(a["day"])),
        year_totals=count.totals(a for a in acts if periods[1].holds(a["day"])),
        townships=count.township_lines(towns, cases, acts, periods, late),
        domains=count.domain_lines(cases, acts, periods),
        opened_by_month=count.opened_by_month(acts, year, m),
        overdue=sorted(late.values(), key=lambda c: (-c.days_over, c.number)),
        reviews=count.review_findings(cases, acts, periods[0], officer_names(conn, rt)),
        removals=removals(teams, periods[0]), postings=removals(teams, periods[0], "postings"),
        roster=[roster_line(t) for t in teams],
        pool_certified=pool["certified"] if pool else None,
        pool_size=pool["civil_servants"] if pool else None, budget_year=year,
        budget_floor=int(floor["min_budget_yuan"]),
        budgets_below=budget_lines(towns, budgets(conn, ledger, year), floor["min_budget_yuan"]),
        notes=list(NOTES),
    )  # fmt: skip


def officer_names(conn: Connection, rt: Tables) -> dict[str, str]:
    s = rt["stints"]
    return {str(i): str(n) for i, n in conn.execute(select(s.c.officer_id, s.c.name))}


def removals(teams: list[dict[str, Any]], month: count.Period, kind: str = "removed") -> list[Removal]:
    """Officers removed (清退) from a team in the month, by day; or (`postings`) posted away
    from enforcement duty (调离执法岗位) in the month, restored since or not."""
    found = [
        Removal(r["id"], r["name"], t["name"], r["left_on"], r["reason"] or "", r["details"] or "")
        for t in teams
        for r in t.get(kind, [])
        if month.holds(date.fromisoformat(r["left_on"]))
    ]
    return sorted(found, key=lambda r: (r.on, r.officer_id))


def roster_line(team: dict[str, Any]) -> RosterLine:
    return RosterLine(team["name"], team["members"], team["staff_count"],
                      9 - len(team["missing_domains"]), team["units"], team["certified"],
                      team["compliant"], list(team["gaps"]))  # fmt: skip


def budget_lines(
    towns: list[tuple[str, str]], found: dict[str, int], floor: int
) -> list[BudgetLine]:
    """Teams funded below the floor for the year, or with no budget on record."""
    return [BudgetLine(name, found.get(code)) for code, name in towns
            if found.get(code) is None or found[code] < floor]  # fmt: skip


def read_seal(store: EventStore, month: str) -> Seal | None:
    events = store.read_stream(seal_stream(month), up_to_version=1)
    if not events:
        return None
    d = events[0].data
    return Seal(str(d["root"]), int(d["count"]), d["first_position"], d["last_position"],
                str(d["sealed_on"]))  # fmt: skip


def summary(figures: CircularFigures) -> dict[str, Any]:
    """The headline numbers (for `CircularIssued` and `--json`)."""
    return {"month": figures.month, "report_day": figures.report_day,
            "month_totals": asdict(figures.month_totals),
            "year_totals": asdict(figures.year_totals), "overdue": len(figures.overdue),
            "reviews_flagged": len(figures.reviews), "removals": len(figures.removals),
            "postings": len(figures.postings),
            "compliant_teams": sum(1 for r in figures.roster if r.compliant),
            "teams": len(figures.roster), "pool": [figures.pool_certified, figures.pool_size],
            "budgets_below": len(figures.budgets_below),
            "inspections": figures.oversight.get("inspections", 0),
            "inquiries_decided": figures.oversight.get("inquiries_decided", 0)}  # fmt: skip

"""十一、文书送达、公示与执行 of the monthly circular: decisions not served or not published in
time (《行政处罚法》第六十一条、第四十八条), on-the-spot decisions not filed, court
applications and decisions overturned on 复议 or in court, read from the paper read model."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from projections.engine import ProjectionEngine
from workflow.clock import SHANGHAI
from workflow.execution.board import of_types, paper_deadlines
from workflow.execution.state import OVERTURNED

LATE = {"service", "publication", "spot_filing"}
OVERTURNING = (*OVERTURNED, "变更")


def paper_figures(engine: ProjectionEngine, month: str, day: date) -> dict[str, Any]:
    """The month's paper figures, and what is overdue on the report day."""
    first = f"{month}-01"

    def within(value: str) -> bool:
        return first <= value[:10] <= day.isoformat() and value[:7] == month

    counts = {"served_late": 0, "published_late": 0, "court": 0, "overturned": 0}
    before = datetime.combine(day + timedelta(days=1), time(0), tzinfo=SHANGHAI)  # as it stood
    for e in of_types(engine, ("DocumentServed", "DecisionPublished", "CourtEnforcementApplied",
                              "RemedyDecided"), before):  # fmt: skip
        d = e.data
        if e.type == "DocumentServed" and d.get("late") and within(d["served_on"]):
            counts["served_late"] += 1
        elif e.type == "DecisionPublished" and d.get("late") and within(d["published_on"]):
            counts["published_late"] += 1
        elif e.type == "CourtEnforcementApplied" and within(d["applied_on"]):
            counts["court"] += 1
        elif e.type == "RemedyDecided" and d["outcome"] in OVERTURNING and within(d["decided_on"]):
            counts["overturned"] += 1
    overdue = [[i["number"], i["township"], i["zh"], i["due"], str(-i["days_left"])]
               for i in paper_deadlines(engine, day, before) if i["overdue"] and i["deadline"] in LATE]  # fmt: skip
    return {**counts, "overdue": overdue}

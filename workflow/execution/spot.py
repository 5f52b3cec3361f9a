"""备案 of an on-the-spot decision (《行政处罚法》第五十二条), in the execution stream."""

from __future__ import annotations

from datetime import date

from workflow.cases.rules import violation
from workflow.clock import local_day, parse_time
from workflow.execution import events as ev
from workflow.execution import rules
from workflow.execution.service import ExecutionService


def file_spot(service: ExecutionService, case: str, on: date | None,
              actor: str) -> ev.SpotDecisionFiled:  # fmt: skip
    """The on-the-spot decision filed with the organ, once; late past the county's period."""
    x = service.load(case, actor)
    spot = next((r.data for r in x.records if r.type == "OnTheSpotRecorded"), None)
    doc = next((d for d in x.documents if d.event.kind == "on_the_spot"), None)
    if spot is None or doc is None or x.execution.spot_filed is not None:
        raise violation("spot-filing", f"{rules.PUNISH}第五十二条",
                        "只有已签发、尚未备案的当场处罚决定书才能备案",
                        "only an issued on-the-spot decision not yet filed can be filed")  # fmt: skip
    today = service.today()
    day = on or today
    rules.check_day(day, today, local_day(parse_time(doc.event.at)), "备案日期")
    late = day > date.fromisoformat(spot["filing_due"])
    event = ev.SpotDecisionFiled(doc.event.number, day.isoformat(), service._at(), late)
    return service._append(x, event)

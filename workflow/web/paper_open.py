"""Which execution acts the case page offers (电子送达确认书, 当场收缴, 延期/分期缴纳,
申请法院强制执行, 其他处罚执行, 复议/诉讼): only a hint for the page. The execution
service decides; a form offered wrongly is refused with its rule."""

from __future__ import annotations

from typing import Any

from workflow.execution.service import Loaded, other_sanctions
from workflow.execution.state import OUTCOMES

MANAGING = ("leader", "deputy")


def execution_acts(role: str, x: Loaded, view: dict[str, Any]) -> dict[str, Any]:
    """The execution acts open on this case, for a visitor who may act on it."""
    e, acts = x.execution, dict[str, Any]()
    served = e.served_kind("decision") or e.served_kind("on_the_spot")
    if x.documents and not e.consent:
        acts["consent"] = True
    spot = next((r.data for r in x.records if r.type == "OnTheSpotRecorded"), None)
    if spot and float(spot.get("collected") or 0) and not any(p.on_the_spot for p in e.payments):
        acts["collect"] = float(spot["collected"])
    owed = view.get("owed", 0) > 0 and bool(view.get("fine"))
    if role == "leader" and owed and e.payment_due() is not None and not e.instalments:
        acts["plan"] = True
    if role in MANAGING and owed and e.court is None and served is not None and _court_open(e):
        acts["court"] = True  # only within its window: a form the service would refuse is not shown
    if e.court is not None and e.court_result is None:
        acts["court-result"] = True
    if undone := [s for s in other_sanctions(x.facts) if s not in e.performed]:
        acts["perform"] = undone
    pending_remedy = any(r.get("outcome") is None for r in e.remedies)
    sued = any(r.get("remedy") == "suit" for r in e.remedies)
    if served is not None and not pending_remedy and not sued:
        acts["remedy"] = True  # a 复议 decided may still be followed by a 诉讼 (复议后起诉)
    if pending := [r["remedy"] for r in e.remedies if r.get("outcome") is None]:
        acts["remedy-outcome"] = {"pending": pending, "outcomes": OUTCOMES}
    return acts


def _court_open(e: Any) -> bool:
    """Whether today is inside the window to apply to the court (行政强制法 arts 53–54):
    the 催告书 served ten days ago, no 复议/诉讼 pending, the remedy periods over."""
    from workflow import clock
    from workflow.errors import RuleViolation
    from workflow.execution import rules

    today = clock.local_day(clock.now())
    try:
        start, end = rules.court_window(e, today)
    except RuleViolation:
        return False
    return start <= today <= end

"""结案 of a penalty case: "executed" only when every sanction is performed.

The case service calls `guard` before it decides a CloseCase (wired by the entry points):
a penalty case closes as executed only when its decision was served, the fine and its
late fee are paid (or enforced by the court), every other sanction is performed and no
复议 or suit is pending. Otherwise it closes as `unexecutable` with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workflow.cases.rules import violation
from workflow.execution.service import ExecutionService, other_sanctions

STATUTE = "《行政处罚法》第五十七条"


def missing(service: ExecutionService, case_id: str) -> list[str]:
    """What still stands between the case and closing as executed (empty: nothing)."""
    x = service.load(case_id)
    today = service.today()
    state = x.execution
    out = []
    if x.facts.get("decision") is None:
        return ["尚未作出处罚决定"]
    if state.served_kind("decision") is None and state.served_kind("on_the_spot") is None:
        out.append("处罚决定书尚未送达")
    if state.overturned:
        out.append("处罚决定已被撤销或确认违法")
    if state.remedy_pending():
        out.append("行政复议或行政诉讼尚未审结")
    if not state.fine_executed(x.fine, today):
        out.append(f"罚款及加处罚款尚欠 {state.owed(x.fine, today):.2f} 元")
    out += [f"{s} 尚未执行" for s in other_sanctions(x.facts) if s not in state.performed]
    return out


def guard(service: ExecutionService) -> Callable[[Any, Any], None]:
    """The close guard for CaseService: refuses 'executed' while anything is missing."""

    def check(case: Any, command: Any) -> None:
        if (
            command.outcome != "executed"
            or str(getattr(case.kind, "value", case.kind)) != "penalty"
        ):
            return
        gaps = missing(service, case.case_id)
        if gaps:
            raise violation(
                "close-not-executed",
                STATUTE,
                "不能以“执行完毕”结案："
                + "；".join(gaps)
                + "（不能执行的，以 unexecutable 结案并写明理由）",
                "cannot close as executed: " + "; ".join(gaps),
            )

    return check

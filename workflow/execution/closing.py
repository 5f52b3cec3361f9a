"""结案 of a penalty case: "executed" only when every sanction is performed.

The case service calls `guard` before it decides a CloseCase (wired by the entry points):
a penalty case closes as executed only when its decision was served, the fine and its
late fee are paid (or enforced by the court), every other sanction is performed and no
复议 or suit is pending. Otherwise it closes as `unexecutable` with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from workflow.cases.rules import violation
from workflow.documents.content import day_text
from workflow.documents.kinds import DocumentKind
from workflow.documents.service import Issued
from workflow.execution.service import ExecutionService, Loaded, other_sanctions

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


def execution_text(x: Loaded) -> str:
    """How the decision was carried out, as the 结案报告 states it (执行情况)."""
    state = x.execution
    parts = []
    if x.fine > 0 and state.court_result is not None:
        how = "强制执行完毕" if state.court_result.result == "enforced" else "终结执行"
        parts.append(f"罚款经人民法院{how}（{_day(state.court_result.concluded_on)}）")
    elif x.fine > 0 and state.payments:
        receipts = "、".join(p.receipt for p in state.payments)
        parts.append(f"罚款 {x.fine:.2f} 元，共缴纳 {state.paid:.2f} 元（含加处罚款），"
                     f"缴款凭证 {receipts}，最后缴款日 {_day(state.payments[-1].paid_on)}")  # fmt: skip
    elif x.fine > 0:
        parts.append("罚款未缴纳")
    parts += [f"{s}已于{_day(p.performed_on)}执行" for s, p in state.performed.items()]
    parts += [f"{'行政复议' if r['remedy'] == 'review' else '行政诉讼'}：{r['outcome'] or '待决'}"
              for r in state.remedies]  # fmt: skip
    return "；".join(parts) or "无须执行"


def issue_closing(service: ExecutionService, case: str, actor: str, *,
                  command_id: str | None = None) -> tuple[Issued, bytes]:  # fmt: skip
    """The 结案报告 (art 57), stating how the decision was executed (from the execution
    stream; recorded in the document's extra so it re-renders byte-identically)."""
    x = service.load(case, actor)
    extra = {"execution": execution_text(x)}
    return service.documents.issue(case, DocumentKind.CLOSING, actor, extra=extra,
                                   command_id=command_id)  # fmt: skip


def _day(iso: str) -> str:
    return day_text(date.fromisoformat(iso))

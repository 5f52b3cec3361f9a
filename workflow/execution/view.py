"""What `case show` prints about service and execution, as of a day (Asia/Shanghai)."""

from __future__ import annotations

from datetime import date
from typing import Any

from workflow import calendar
from workflow.clock import local_day, parse_time
from workflow.execution import rules
from workflow.execution.latefee import STATUTE as LATE_FEE_STATUTE
from workflow.execution.service import Loaded, other_sanctions


def execution_view(x: Loaded, today: date) -> dict[str, Any]:
    """Documents and their service, the fine, payments, late fee, court, sanctions, remedies."""
    state = x.execution
    documents = []
    for d in x.documents:
        served = state.served.get(d.event.number)
        issued = local_day(parse_time(d.event.at))
        due = calendar.add_working_days(issued, rules.SERVE_WORKING_DAYS)
        documents.append({
            "number": d.event.number,
            "kind": d.event.kind,
            "served_on": served.served_on if served else None,
            "method": served.method if served else None,
            "late": bool(served and served.late),
            "unserved_overdue": served is None and d.event.kind == "decision" and today > due,
            "serve_by": due.isoformat() if d.event.kind == "decision" else None,
        })  # fmt: skip
    fine = x.fine
    view: dict[str, Any] = {"documents": documents, "fine": fine}
    if fine > 0:
        pay_by = state.payment_due()
        view.update(
            payment_due=pay_by.isoformat() if pay_by else None,
            instalments=[(d.isoformat(), a) for d, a in state.instalments or []],
            paid=state.paid,
            late_fee=state.late_fee(fine, today),
            late_fee_statute=LATE_FEE_STATUTE,
            owed=state.owed(fine, today),
            payments=[
                {"amount": p.amount, "receipt": p.receipt, "paid_on": p.paid_on}
                for p in state.payments
            ],  # fmt: skip
        )
    if state.court is not None:
        view["court"] = {"court": state.court.court, "applied_on": state.court.applied_on,
                         "result": state.court_result.result if state.court_result else None}  # fmt: skip
    view["sanctions_to_perform"] = [s for s in other_sanctions(x.facts) if s not in state.performed]
    view["remedies"] = state.remedies
    view["overturned"] = state.overturned
    return view


def render_execution(view: dict[str, Any]) -> str:
    """Plain lines under the case view (Chinese, amounts in yuan)."""
    if not view:
        return ""
    lines = ["", "文书与送达:"]
    for d in view["documents"]:
        if d["served_on"]:
            flag = "（超过七个工作日，《行政处罚法》第六十一条）" if d["late"] else ""
            lines.append(f"  {d['number']}  {d['method']} {d['served_on']}{flag}")
        else:
            overdue = "  逾期未送达" if d["unserved_overdue"] else ""
            by = f"（应于 {d['serve_by']} 前送达）" if d["serve_by"] else ""
            lines.append(f"  {d['number']}  未送达{by}{overdue}")
    if view.get("fine"):
        due = view["payment_due"] or "决定书送达后十五日"
        lines.append(f"罚款: {view['fine']:.2f} 元，缴款期限 {due}，已缴 {view['paid']:.2f} 元")
        lines.append(f"加处罚款（截至今日，{view['late_fee_statute']}）: {view['late_fee']:.2f} 元；"
                     f"尚欠 {view['owed']:.2f} 元")  # fmt: skip
    if view.get("court"):
        c = view["court"]
        lines.append(f"强制执行: {c['applied_on']} 申请 {c['court']}，{c['result'] or '待执行'}")
    for s in view["sanctions_to_perform"]:
        lines.append(f"待执行: {s}")
    for r in view["remedies"]:
        name = "行政复议" if r["remedy"] == "review" else "行政诉讼"
        lines.append(f"{name}: {r['organ']} {r['filed_on']} 受理，结果 {r['outcome'] or '待决'}")
    return "\n".join(lines)

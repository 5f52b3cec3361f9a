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
        judgment = f"（{r['judgment']}）" if r.get("judgment") else ""
        lines.append(f"{name}: {r['organ']} {r['filed_on']} 受理，结果 {r['outcome'] or '待决'}"
                     f"{judgment}")  # fmt: skip
    if view.get("overturned"):
        lines.append("处罚决定已被撤销或确认违法：不再执行，不能以“执行完毕”结案")
    return "\n".join(lines)


FROM_SERVICE = {  # deadlines that run from the recorded day of service, with their words
    "payment": ("fine_payment", "罚款缴纳期限", "《行政处罚法》第六十七条（自送达之日起十五日）"),
    "review": ("review_period", "行政复议申请期限", "《行政复议法》第二十条（自送达之日起六十日）"),
    "suit": ("suit_period", "行政诉讼起诉期限", "《行政诉讼法》第四十六条（自送达之日起六个月）"),
}


def service_deadlines(x: Loaded, today: date, shown: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`case show`'s deadlines with payment, 复议 and 诉讼 counted from the day the decision
    was served (not from the decision); none of them while it is not served."""
    from workflow.cases.case import Deadline
    from workflow.cases.view import deadline_view

    kept = [d for d in shown if d["name"] != "fine_payment"]
    if x.fine <= 0 and x.facts.get("decision") is None:
        return shown
    state = x.execution
    served = state.served_kind("decision") or state.served_kind("on_the_spot")
    if served is None:
        return kept
    binding = {
        "payment": x.fine > 0 and not state.fine_executed(x.fine, today),
        "review": not any(r["remedy"] == "review" for r in state.remedies),
        "suit": not any(r["remedy"] == "suit" for r in state.remedies),
    }
    for key, (name, zh, statute) in FROM_SERVICE.items():
        if key not in served.due or (key == "payment" and x.fine <= 0):
            continue
        due = date.fromisoformat(served.due[key])
        if key == "payment" and state.instalments:
            due = state.instalments[-1][0]  # 延期/分期 (art 66): the last instalment's day
        active = binding[key] and (key == "payment" or today <= due)
        row = deadline_view(Deadline(name, due, statute), today, active)
        kept.append({**row, "zh": zh, "from_service": served.served_on})
    return kept


def service_waiting(x: Loaded, today: date, wait: dict[str, Any]) -> dict[str, Any]:
    """What a decided penalty waits for (待办): its decision issued and served within 7
    working days (art 61), then the fine by the day counted from that service (art 67)."""
    from workflow.execution.board import payment_due

    decision = next((d for d in x.documents if d.event.kind in rules.DECISIONS), None)
    if decision is None:
        return {**wait, "act": "制作并送达处罚决定书", "by": None}
    state = x.execution
    if state.served_kind(decision.event.kind) is None:
        issued = local_day(parse_time(decision.event.at))
        due = calendar.add_working_days(issued, rules.SERVE_WORKING_DAYS)
        return {**wait, "act": "送达处罚决定书（《行政处罚法》第六十一条）", "by": due.isoformat()}
    pay_by = payment_due(state, x.fine, today)
    return {**wait, "by": pay_by.isoformat() if pay_by else None}

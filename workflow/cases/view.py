"""How a case is shown (案件展示): plain dicts for `case show` and `case history`.

Times are stored in UTC and shown in Asia/Shanghai; deadlines carry the working days
left and say when the holiday calendar is only a Mon–Fri estimate.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from events import RecordedEvent
from workflow import calendar
from workflow.cases import words
from workflow.cases.case import Case, Deadline
from workflow.cases.party import party_view
from workflow.cases.sanctions import describe, to_dicts
from workflow.cases.waiting import waiting_for
from workflow.clock import parse_time, show

DEADLINE_ZH = {
    "decision": "办理期限",
    "hearing_request": "听证申请期限",
    "fine_payment": "罚款缴纳期限",
    "licence_issue": "许可证件颁发期限",
}


def deadline_view(deadline: Deadline, today: date, active: bool) -> dict[str, Any]:
    """One deadline: due day, calendar and working days left, overdue flag, estimate note.

    听证申请期限 is the party's period (art. 64): once over it binds nobody — never 已超期
    (the boards listed a case past it as overdue, -125 days, before its 办理期限)."""
    if deadline.name == "hearing_request" and today > deadline.due:
        active = False
    estimated = deadline.estimated or calendar.estimated_between(today, deadline.due)
    return {
        "name": deadline.name,
        "zh": DEADLINE_ZH.get(deadline.name, deadline.name),
        "due": deadline.due.isoformat(),
        "statute": deadline.statute,
        "days_left": (deadline.due - today).days,
        "working_days_left": calendar.working_days_between(today, deadline.due),
        "overdue": active and today > deadline.due,
        "active": active,
        "calendar_estimated": estimated,
    }


def active_deadlines(case: Case) -> set[str]:
    """Which deadlines still bind the case in its current state."""
    state = case.state.value if case.state else ""
    if state in ("opened", "dispatched", "penalty_notified", "hearing"):
        names = {"decision"}
        if state == "penalty_notified" and not case.defence_waived:
            names.add("hearing_request")
        return names
    return {"penalty_decided": {"fine_payment"}, "licence_granted": {"licence_issue"}}.get(
        state, set()
    )


def case_view(case: Case, today: date, full_party: bool = False) -> dict[str, Any]:
    """Everything `case show` prints; the party masked unless the viewer needs it."""
    active = active_deadlines(case)
    party = party_view(case.party_detail, full_party)
    return {
        "case_id": case.case_id,
        "number": case.number,
        "township": case.township_name,
        "kind": case.kind.value,
        "matter": f"{case.matter_code} {case.matter_name}",
        "party": party["name"],
        "party_detail": party,
        "summary": case.summary,
        "source": case.source,  # 案件来源: the lead or application, or the case itself
        "source_channel": case.source_channel,
        "circumstance": case.circumstance,  # 裁量情节 of the notice (处罚法 art. 34)
        "discretion_ground": case.discretion[0],
        "clock_paused": case.paused[0] if case.paused else None,  # 许可法 art. 45
        "state": case.state.value if case.state else None,
        "state_zh": words.state_zh(case.state.value if case.state else None),
        "waiting_for": waiting_for(case, today),
        "opened_at": show(case.opened_at) if case.opened_at else None,
        "officers": list(case.officers),
        "evidence": case.evidence,
        "proposed_amount": case.proposed_amount,
        "decided_amount": case.decided_amount,
        "proposed_sanctions": to_dicts(case.proposed),
        "decided_sanctions": to_dicts(case.decided),
        "hearing_grounds": list(case.hearing_grounds),
        "violation_date": case.violation_date.isoformat() if case.violation_date else None,
        "warnings": [w for w in (case.limitation_note,) if w],
        "extensions": case.extensions,
        "outcome": case.outcome,
        "outcome_zh": words.OUTCOME_ZH.get(case.outcome or "", case.outcome),
        "verdict": case.verdict,
        "verdict_zh": words.VERDICT_ZH.get(case.verdict or "", case.verdict),
        "version": case.version,
        "today": today.isoformat(),
        "deadlines": [deadline_view(d, today, d.name in active) for d in case.deadlines.values()],
    }


def render_case(view: dict[str, Any]) -> str:
    """The human rendering of `case_view`: one fact a line, in the GLOSSARY's words.

    What was decided, how the case ended and the review verdict are shown; deadlines
    that no longer bind (e.g. of a closed case) show their day without a countdown.
    """
    lines = [
        f"{view['number']}  ({view['case_id']})",
        f"  状态 {words.state_zh(view['state'])} ({view['state']}) · "
        f"{words.KIND_ZH.get(view['kind'], view['kind'])} · 乡镇 {view['township']}",
        f"  事项 {view['matter']} · 来源 {view.get('source_channel') or '直接立案'}"
        f" {'' if view.get('source') == view['case_id'] else view.get('source') or ''}".rstrip(),
        f"  当事人 {_party_line(view)}",
        f"  立案 {view['opened_at']} · 办案人员 {'、'.join(view['officers']) or '未指派'}"
        f" · 证据 {view['evidence']} 件 · 版本 v{view['version']}",
    ]
    wait = view.get("waiting_for")
    if wait and wait["act"] != "—":
        by = f"，期限 {wait['by']}" if wait.get("by") else ""
        lines.append(f"  待办 {wait['act']}：由 {wait['who']}{by}")
    lines += [f"  ⚠ {w}" for w in view.get("warnings", [])]
    if view.get("clock_paused"):
        lines.append(f"  许可期限中止（{view['clock_paused']}，《行政许可法》第四十五条）")
    if view.get("circumstance"):
        ground = f"，{view['discretion_ground']}" if view.get("discretion_ground") else ""
        lines.append(f"  裁量情节 {view['circumstance']}{ground}")
    if view.get("proposed_sanctions"):
        lines.append(f"  告知处罚 {_sanctions_line(view['proposed_sanctions'])}")
        if view.get("hearing_grounds"):
            lines.append(f"  可要求听证（第六十三条）：{'、'.join(view['hearing_grounds'])}")
    if view.get("decided_sanctions"):
        lines.append(f"  决定处罚 {_sanctions_line(view['decided_sanctions'])}")
    elif view.get("decided_amount") is not None:
        lines.append(f"  决定处罚 罚款 {view['decided_amount']:g} 元")
    if view.get("outcome"):
        lines.append(f"  结案 {words.OUTCOME_ZH.get(view['outcome'], view['outcome'])}")
    if view.get("verdict"):
        lines.append(f"  案卷评查 {words.VERDICT_ZH.get(view['verdict'], view['verdict'])}")
    lines += [_deadline_line(d) for d in view["deadlines"]]
    return "\n".join(lines)


def _deadline_line(d: dict[str, Any]) -> str:
    """`办理期限 2027-02-15 剩 79 天（56 个工作日）`, `已超期 27 天`, or the day alone when done."""
    head = f"  {d['zh']} {d['due']}"
    if not d["active"]:
        return f"{head} 已不适用 no longer binding"
    note = " *按周一至周五估算 Mon–Fri estimate" if d["calendar_estimated"] else ""
    if d["overdue"]:
        return f"{head} 已超期 {-d['days_left']} 天 OVERDUE [{d['statute']}]{note}"
    return (f"{head} 剩 {d['days_left']} 天（{d['working_days_left']} 个工作日）"
            f" [{d['statute']}]{note}")  # fmt: skip


def _party_line(view: dict[str, Any]) -> str:
    p = view.get("party_detail") or {}
    extra = [p.get("kind_zh", ""), p.get("id_number", ""), p.get("address", "")]
    return " ".join([str(view["party"]), *[x for x in extra if x]])


def _sanctions_line(items: list[dict[str, Any]]) -> str:
    from workflow.cases.sanctions import from_dicts

    return describe(from_dicts(items))


def history_rows(records: list[RecordedEvent]) -> list[dict[str, Any]]:
    """Every event of the case: business time, recording time, actor, role, type, data, hash."""
    rows = []
    for r in records:
        at = r.data.get("at")
        rows.append(
            {
                "version": r.version,
                "at": show(parse_time(at)) if isinstance(at, str) else None,
                "recorded_at": show(r.recorded_at),
                "actor": r.metadata.get("actor"),
                "role": r.metadata.get("role"),
                "type": r.type,
                "data": {k: v for k, v in r.data.items() if k != "at"},
                "hash": r.hash,
            }
        )
    return rows


def render_history(rows: list[dict[str, Any]]) -> str:
    import json

    return "\n".join(
        f"v{r['version']} {r['at']} (记录 {r['recorded_at']}) {r['actor']}/{r['role']} {r['type']} "
        f"{json.dumps(r['data'], ensure_ascii=False)} hash={r['hash'][:16]}…"
        for r in rows
    )

"""What a case waits for (待办): the next act, who may do it, and by when — for `case show`.

States are shown in the GLOSSARY's Chinese; JSON keeps the code beside the label.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from workflow.cases.case import Case
from workflow.cases.events import CaseKind
from workflow.cases.lifecycle import CaseState
from workflow.cases.words import STATE_ZH

LEADERSHIP = "队长或副队长"
DECIDERS = "队长或经授权的副队长"
REVIEWER = "本乡镇指定的法制审核人员"


def state_zh(case: Case) -> str:
    code = case.state.value if case.state else ""
    if code == "opened" and case.kind is CaseKind.LICENSING:
        return "已受理"
    return STATE_ZH.get(code, code)


def _due(case: Case, name: str) -> str | None:
    deadline = case.deadlines.get(name)
    return deadline.due.isoformat() if deadline else None


def waiting_for(case: Case, today: date | None = None) -> dict[str, Any]:
    """The next act (待办), who may do it, and by when (None when nothing is due). With
    `today`, a party's 陈述申辩/听证 period that has run out waits for nobody: the case
    waits for the decision (the page said 当事人…，期限 2026-06-12 in November)."""
    officers = "、".join(case.officers) or "办案人员"
    s = CaseState
    state = case.state
    decide_by = _due(case, "decision")
    if state is s.OPENED and case.kind is CaseKind.LICENSING:
        return _wait("指派办案人员", LEADERSHIP, decide_by)  # 受理 done: no 不予立案 here
    if state is s.OPENED:
        return _wait("指派办案人员（或不予立案）", LEADERSHIP, decide_by)
    if state in (s.DISPATCHED, s.PENALTY_NOTIFIED, s.HEARING) and len(case.officers) < 2:
        return _wait("更换办案人员：本案执法人员不足两名（回避后），此前不能调查或告知（处罚法第四十二条）",
                     LEADERSHIP, decide_by)  # fmt: skip
    if state is s.DISPATCHED and case.paused is not None:
        kind, since = case.paused
        return _wait(f"许可期限中止（{kind}，自 {since} 起），完成后恢复计算（case resume）",
                     officers, None)  # fmt: skip
    if state is s.DISPATCHED:
        if overdue(case, today):  # an investigation past its 办理期限: no decision can follow
            return _decision(case, decide_by, today)
        if case.kind is CaseKind.LICENSING:
            return _wait("审查并作出准予或不予许可决定", DECIDERS, decide_by)
        return _wait("调查取证、事先告知（或不予处罚、移送、撤案）", officers, decide_by)
    if state is s.PENALTY_NOTIFIED:
        period = case.deadlines.get("hearing_request")
        if not case.defence_waived and period and (today is None or today <= period.due):
            return _wait("当事人陈述、申辩或申请听证", "当事人", _due(case, "hearing_request"))
        return _decision(case, decide_by, today)
    if state is s.HEARING:
        if case.hearing_held or case.hearing_abandoned:
            return _decision(case, decide_by, today)
        if case.hearing_on is None or not case.hearing_chair:
            return _wait(
                "安排听证（时间、地点、主持人，提前七个工作日通知）", LEADERSHIP, decide_by
            )
        return _wait("举行听证", f"听证主持人 {case.hearing_chair}", case.hearing_on.isoformat())
    if state is s.PENALTY_DECIDED:
        return _wait("执行完毕后结案", officers, _due(case, "fine_payment"))
    if state is s.LICENCE_GRANTED and case.licence_document:
        return _wait("许可证件已颁发，结案", officers, None)
    if state is s.LICENCE_GRANTED:
        return _wait("颁发许可证件后结案", officers,
                     _due(case, "licence_issue"))  # fmt: skip
    if state in (s.NO_PENALTY, s.TRANSFERRED, s.WITHDRAWN, s.LICENCE_REFUSED):
        return _wait("送达决定后结案", f"{officers}或队领导", None)
    if state is s.CLOSED:
        return _wait("案卷评查", "县级监督人员", None)
    return _wait("—", "—", None)


def overdue(case: Case, today: date | None) -> bool:
    """Past the 办理期限 with no extension on record, on a real calendar: a penalty or
    licensing decision is refused now (rules_decision.check_within; 处罚法第六十条,
    许可法第四十二条), and an extension was due before it (check_extension)."""
    deadline = case.deadlines.get("decision")
    return bool(today and deadline and today > deadline.due and not deadline.estimated)


def defence_over(case: Case, today: date | None) -> bool:
    """The party's 陈述申辩/听证 period has run out on a real calendar: a hearing request is
    refused now (rules_notice.check_hearing_request; 处罚法第六十四条) and a waiver changes
    nothing (the decision may come: rules_decision._check_defence_over)."""
    period = case.deadlines.get("hearing_request")
    return bool(today and period and today > period.due and not period.estimated)


def _decision(case: Case, by: str | None, today: date | None = None) -> dict[str, Any]:
    """The decision, or first the 法制审核 it needs — the designated reviewer's act, not the
    deciders' (《行政处罚法》第五十八条). Past an unextended 办理期限 the decision is refused:
    the case says so and what the rules still accept, instead of 作出决定 by a past day."""
    if overdue(case, today) and case.kind is CaseKind.LICENSING:
        return _wait(f"已超过办理期限（{by}）且无延期记录，不能再作出准予或不予许可决定"
                     "（行政许可法第四十二条）", LEADERSHIP, None)  # fmt: skip
    if overdue(case, today):
        return _wait(f"已超过办理期限（{by}）且无延期记录，不能再作出处罚决定（行政处罚法第六十条）；"
                     "可作出不予处罚决定、移送司法机关或撤销立案", DECIDERS, None)  # fmt: skip
    if case.review_result == "returned" and not case.legal_reviewed:
        return _wait("按法制审核意见补充调查后重新审核，再作出决定", "办案人员、法制审核人员", by)
    if review_due(case):
        return _wait("法制审核（通过后作出决定）", REVIEWER, by)
    return _wait("作出决定", DECIDERS, by)


def review_due(case: Case) -> bool:
    """法制审核 is needed before the decision and not yet passed: a case marked major or one
    that went through a hearing (《行政处罚法》第五十八条; rules_review.review_grounds — a fine
    over the county's figure is known only with the decision, which the rule then checks)."""
    return bool(case.major_grounds or case.hearing_held) and not case.legal_reviewed


def _wait(act: str, who: str, by: str | None) -> dict[str, Any]:
    return {"act": act, "who": who, "by": by}

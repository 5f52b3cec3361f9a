"""Outcomes other than a penalty (art. 57): 不予行政处罚, 移送司法机关, 撤销立案.

Each is decided by the 负责人 (the leader or an authorised deputy), follows a collective
discussion when one was held, needs a passed 法制审核 when the case is major, and leads
to a decision state that is closed and reviewed like the others.
"""

from __future__ import annotations

from typing import Any

from workflow.cases import commands as cmd
from workflow.cases import events as ev
from workflow.cases import rules, rules_review
from workflow.cases.case import Case
from workflow.cases.events import CaseKind
from workflow.cases.lifecycle import Trigger
from workflow.cases.rules import PUNISH, Context, require_text, violation

NO_PENALTY_GROUNDS: dict[str, tuple[str, str]] = {
    "minor_corrected": ("违法行为轻微并及时改正，没有造成危害后果", f"{PUNISH}第三十三条第一款"),
    "first_minor": ("初次违法且危害后果轻微并及时改正", f"{PUNISH}第三十三条第一款"),
    "no_fault": ("当事人有证据足以证明没有主观过错", f"{PUNISH}第三十三条第二款"),
    "not_established": ("违法事实不能成立", f"{PUNISH}第五十七条第一款第三项"),
}
WORDS = {zh: code for code, (zh, _) in NO_PENALTY_GROUNDS.items()} | {
    "违法行为轻微": "minor_corrected",
    "初次违法": "first_minor",
    "无主观过错": "no_fault",
    "事实不能成立": "not_established",
}


def ground_code(text: str) -> str:
    """A ground code from its code or its Chinese words; RuleViolation naming the list."""
    code = WORDS.get(text.strip(), text.strip())
    if code not in NO_PENALTY_GROUNDS:
        raise violation(
            "no-penalty-ground",
            f"{PUNISH}第三十三条",
            "不予处罚的理由须为：" + "；".join(zh for zh, _ in NO_PENALTY_GROUNDS.values()),
            "ground: " + ", ".join(NO_PENALTY_GROUNDS),
        )
    return code


def _decide_checks(case: Case, ctx: Context, result: str) -> None:
    rules_review.check_decider(case, ctx, False)
    review = rules_review.review_grounds(case, (), ctx)
    rules_review.check_review_and_discussion(case, ctx, result, review, [])


def decide_no_penalty(case: Case, c: cmd.DecideNoPenalty, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.DECIDE_NO_PENALTY)
    if case.kind is not CaseKind.PENALTY:  # a licence is granted or refused (许可法 38)
        raise violation(
            "penalty-case",
            f"{PUNISH}第五十七条",
            "许可案件不能作出不予行政处罚决定，请作出准予或者不予许可决定",
            "only a penalty case ends in a no-penalty decision; grant or refuse the licence",
        )
    code = ground_code(c.ground)
    zh, statute = NO_PENALTY_GROUNDS[code]
    if code != "not_established" and case.evidence < 1:
        raise violation(
            "evidence-first",
            statute,
            "不予处罚也须以查明的事实为依据，请先调查取证",
            "facts must be on record before a no-penalty decision",
        )
    require_text(c.reason, "no-penalty-reason", statute, "不予处罚的事实和理由")
    _decide_checks(case, ctx, "no_penalty")
    return [
        ev.NoPenaltyDecided(
            ground=code, ground_zh=zh, reason=c.reason, statute=statute, at=ctx.at.isoformat()
        )
    ]


def transfer(case: Case, c: cmd.TransferCase, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.TRANSFER)
    statute = f"{PUNISH}第二十七条"
    if case.kind is not CaseKind.PENALTY:
        # 移送 is of a violation found while 查处 (处罚法 27; 国务院令第310号 第三条); an
        # application is granted or refused (许可法 38), and a fraud behind it (许可法 78)
        # is a penalty case of its own, which is what gets transferred
        raise violation(
            "penalty-case",
            statute,
            "许可案件不能移送司法机关：请作出不予许可决定，涉嫌违法犯罪的另行立案查处后移送",
            "a licence case is not transferred: refuse the licence and open a penalty case",
        )
    require_text(c.organ, "transfer-organ", statute, "接收移送的司法机关")
    require_text(c.reason, "transfer-reason", statute, "涉嫌犯罪的事实和理由")
    _decide_checks(case, ctx, "transfer")
    return [ev.CaseTransferred(organ=c.organ, reason=c.reason, at=ctx.at.isoformat())]


def withdraw(case: Case, c: cmd.WithdrawCase, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.WITHDRAW)
    require_text(c.reason, "withdraw-reason", f"{PUNISH}第五十七条", "撤销立案的理由")
    _decide_checks(case, ctx, "withdraw")
    return [ev.CaseWithdrawn(reason=c.reason, at=ctx.at.isoformat())]


DECIDERS: dict[type, Any] = {
    cmd.DecideNoPenalty: decide_no_penalty,
    cmd.TransferCase: transfer,
    cmd.WithdrawCase: withdraw,
}

"""更换办案人员 and 回避 (arts. 42–43): who works a case after it is dispatched.

A reassignment replaces the officers with at least two valid ones, with reasons. A
recusal is applied for by the officer or the party and decided by the 负责人; a recused
officer leaves the case and may not return to it. Investigation does not stop meanwhile.
"""

from __future__ import annotations

from typing import Any

from workflow.cases import commands as cmd
from workflow.cases import events as ev
from workflow.cases import rules
from workflow.cases.case import Case
from workflow.cases.lifecycle import Trigger
from workflow.cases.rules import PUNISH, Context, require_text, violation

ART43 = f"{PUNISH}第四十三条"


def reassign(case: Case, c: cmd.ReassignCase, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.REASSIGN)
    require_text(c.reason, "reassign-reason", f"{PUNISH}第四十二条", "更换办案人员的理由")
    rules.check_dispatch(case, ctx, c.officers)
    officers = list(dict.fromkeys(c.officers))
    if officers == list(case.officers):
        raise violation(
            "reassign-changes",
            f"{PUNISH}第四十二条",
            "更换后的办案人员与原办案人员相同",
            "the new officers are the same as before",
        )
    return [ev.CaseReassigned(officers=officers, reason=c.reason, at=ctx.at.isoformat())]


def recuse(case: Case, c: cmd.RecuseOfficer, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.RECUSE)
    if str(ctx.actor.role) != "leader":
        raise violation(
            "recusal-by-leader", ART43, "回避只能由队长决定", "the team leader decides a recusal"
        )
    if c.officer not in case.officers and c.officer != case.hearing_chair:
        raise violation(
            "recusal-officer",
            ART43,
            f"{c.officer} 不是本案办案人员或听证主持人",
            f"{c.officer} does not work on this case",
        )
    if c.applicant not in ("officer", "party"):
        raise violation(
            "recusal-applicant",
            ART43,
            "回避申请人须为 officer（执法人员自行回避）或 party（当事人申请）",
            "applicant is officer or party",
        )
    require_text(c.reason, "recusal-reason", ART43, "回避理由（直接利害关系或者其他关系）")
    return [
        ev.RecusalDecided(
            officer=c.officer,
            applicant=c.applicant,
            reason=c.reason,
            granted=c.granted,
            at=ctx.at.isoformat(),
        )
    ]


DECIDERS: dict[type, Any] = {cmd.ReassignCase: reassign, cmd.RecuseOfficer: recuse}

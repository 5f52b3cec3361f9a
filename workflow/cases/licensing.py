"""The licensing clock (许可法 art. 45): paused while a hearing, tender, auction, inspection,
test, quarantine, appraisal or expert review is done, the applicant told; on resumption the
paused working days are added to the decision deadline (20 working days from 受理, art. 42).
"""

from __future__ import annotations

from typing import Any

from workflow import calendar
from workflow.cases import commands as cmd
from workflow.cases import events as ev
from workflow.cases import rules
from workflow.cases.case import Case
from workflow.cases.events import CaseKind
from workflow.cases.lifecycle import Trigger
from workflow.cases.rules import LICENSE, Context, require_text, violation

ART45 = f"{LICENSE}第四十五条"
PAUSES = ("听证", "招标", "拍卖", "检验", "检测", "检疫", "鉴定", "专家评审")


def pause(case: Case, c: cmd.PauseClock, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.PAUSE_CLOCK)
    rules.check_dispatched(case, ctx, ART45)
    if case.kind is not CaseKind.LICENSING:
        raise violation("pause-licensing", ART45, "只有行政许可的审查期限可以中止",
                        "only a licensing time limit pauses")  # fmt: skip
    if case.paused is not None:
        raise violation("pause-once", ART45, f"期限已因{case.paused[0]}中止",
                        "the clock is already paused")  # fmt: skip
    if c.kind not in PAUSES:
        raise violation("pause-kind", ART45, f"中止事由须为：{'、'.join(PAUSES)}",
                        f"the pause is for one of {', '.join(PAUSES)}")  # fmt: skip
    require_text(c.reason, "pause-reason", ART45, "中止的事由和所需时间（书面告知申请人）")
    return [ev.ClockPaused(kind=c.kind, reason=c.reason.strip(), at=ctx.at.isoformat())]


def resume(case: Case, c: cmd.ResumeClock, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.RESUME_CLOCK)
    rules.check_dispatched(case, ctx, ART45)
    if case.paused is None:
        raise violation("resume-paused", ART45, "期限未中止", "the clock is not paused")
    days = calendar.working_days_between(case.paused[1], ctx.day)
    old = case.deadlines["decision"].due
    due = calendar.add_working_days(old, days) if days else old
    return [
        ev.ClockResumed(
            working_days=days, at=ctx.at.isoformat(), due=due.isoformat(),
            due_estimated=calendar.estimated_between(old, due),
        )
    ]  # fmt: skip


DECIDERS: dict[type, Any] = {cmd.PauseClock: pause, cmd.ResumeClock: resume}

"""Which acts the case page offers now: hints for the page, not rules (the handlers decide).

The lifecycle and the role matrix (`workflow.cases.acts.allowed`) say what a person may
take in the case's state; these hints leave out what the case's own facts rule out, so a
form is not offered only to be refused (a licensing case never waits for 事先告知, a
requested hearing is scheduled before it is held, a licence is issued once)."""

from __future__ import annotations

from typing import Any

from workflow.cases import commands as cmd

# acts only the officers dispatched to the case take (rules.check_dispatched, 处罚法 arts. 44,
# 45, 47, 64; 许可法 arts. 44, 45), whatever the role matrix lets a leader do
BY_CASE_OFFICERS = {cmd.RecordEvidence, cmd.NotifyPenalty, cmd.WaiveDefence, cmd.RequestHearing,
                    cmd.IssueLicence, cmd.PauseClock, cmd.ResumeClock}

# the leader's own acts: 决定回避 (处罚法 43), 主持集体讨论 (处罚法 57)
BY_LEADER = {cmd.RecuseOfficer, cmd.HoldDiscussion}
# decisions: the leader, or a deputy the leader authorised on record (处罚法 57)
BY_DECIDER = {cmd.DecidePenalty, cmd.DecideNoPenalty, cmd.TransferCase, cmd.WithdrawCase}

# refused past an unextended 办理期限 (rules_decision.check_within and check_extension: an
# extension comes before it; 处罚法 art. 60, 许可法 art. 42): the pages leave them out then
# (`waiting.overdue`)
LATE_REFUSED = {cmd.DecidePenalty, cmd.GrantLicence, cmd.RefuseLicence, cmd.ExtendDeadline}

# moot once the party's period has run out (`waiting.defence_over`): a hearing request is
# refused then (处罚法 art. 64), a waiver changes nothing
PERIOD_ACTS = {cmd.WaiveDefence, cmd.RequestHearing}

# 行政处罚法's own acts: a licensing case never waits for them (事先告知 art. 44, 听证 art. 63,
# 处罚决定 / 不予处罚 art. 57, 移送司法机关 art. 27)
PENALTY_ONLY = {"NotifyPenalty", "WaiveDefence", "RequestHearing", "ScheduleHearing",
                "HoldHearing", "AbandonHearing", "DecidePenalty", "DecideNoPenalty",
                "TransferCase"}


# the steps of a requested hearing, in order (行政处罚法 arts. 63-65): the page offers the one
# the hearing is at (the handlers refuse the others: 听证尚未安排, 应在听证结束后作出决定)
HEARING_STEPS = {"WaiveDefence", "RequestHearing", "ScheduleHearing", "HoldHearing",
                 "AbandonHearing", "DecidePenalty", "DecideNoPenalty"}


def _hearing_step(name: str, case: Any) -> bool:
    pending = case.hearing_requested and not (case.hearing_held or case.hearing_abandoned)
    if name == "RequestHearing":  # only a sanction 听证 covers (处罚法 art. 63; the rule refuses)
        return case.hearing_eligible and not case.hearing_requested and not case.defence_waived
    if name == "WaiveDefence":
        return not case.hearing_requested and not case.defence_waived
    if name == "ScheduleHearing":
        return pending
    if name in ("HoldHearing", "AbandonHearing"):
        return pending and case.hearing_on is not None
    return not pending  # 处罚/不予处罚决定: after the hearing


def moot_today(case: Any, today: Any) -> set[type]:
    """The acts today's date rules out on this case (the rules would refuse them): past an
    unextended 办理期限 `LATE_REFUSED`, once the party's period has run out `PERIOD_ACTS`."""
    from workflow.cases.waiting import defence_over, overdue

    return (LATE_REFUSED if overdue(case, today) else set()) | (
        PERIOD_ACTS if defence_over(case, today) else set()
    )


def applies(command: type, case: Any) -> bool:
    """A hint for the page, not a rule (the handler decides): 中止 only on a licensing case
    whose clock runs, 恢复 only while it is paused (《行政许可法》第四十五条); 准予/不予许可 and
    颁发许可证件 only on a licensing case (a penalty case never waits for them)."""
    from workflow.cases.commands import (
        GrantLicence,
        IssueLicence,
        PauseClock,
        RefuseLicence,
        ResumeClock,
    )

    licensing = str(getattr(case.kind, "value", case.kind)) == "licensing"
    if command is IssueLicence:
        return licensing and not case.licence_document  # once (the rule refuses a second)
    if command in (GrantLicence, RefuseLicence):
        return licensing
    if not licensing and command.__name__ in HEARING_STEPS:
        return _hearing_step(command.__name__, case)
    if command.__name__ in PENALTY_ONLY:  # the handlers refuse them on a licensing case
        return not licensing
    if command is cmd.CloseCase and licensing and str(getattr(case.state, "value", case.state)) == "licence_granted":
        return bool(case.licence_document)  # 先颁发许可证件 (许可法 art. 44; the rule refuses)
    if command is PauseClock:
        return licensing and case.paused is None
    if command is ResumeClock:
        return licensing and case.paused is not None
    return True

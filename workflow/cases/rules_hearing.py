"""Guards of the hearing procedure (听证程序, 《行政处罚法》第六十四、六十五条).

Scheduled by the leadership with a chair who did not investigate the case (回避 applies
to the chair too), notified at least 7 working days before (art. 64(二), art. 85), public
unless a secret or privacy is at stake; held by its chair with a 听证笔录 on record, or
ended as waived when the party does not come or leaves.
"""

from __future__ import annotations

from datetime import date

from workflow import calendar
from workflow.cases.case import Case
from workflow.cases.rules import (
    MANAGING_ROLES,
    PUNISH,
    Context,
    check_two_valid,
    require_text,
    violation,
)

ART64 = f"{PUNISH}第六十四条"
NOTICE_WORKING_DAYS = 7


def check_schedule(case: Case, ctx: Context, on: date, place: str, chair: str) -> None:
    """Not yet held; 7 working days' notice; a place; a chair of the team who did not investigate;
    still two valid officers on the case (art. 42)."""
    _check_open_hearing(case)
    check_two_valid(case, ctx)
    earliest = calendar.add_working_days(ctx.day, NOTICE_WORKING_DAYS)
    if on < earliest:
        raise violation(
            "hearing-notice-7-days",
            ART64,
            f"应当在举行听证的七日前通知当事人，最早可安排在 {earliest}",
            f"the party is notified 7 working days ahead: earliest {earliest}",
        )
    require_text(place, "hearing-place", ART64, "听证地点")
    person = ctx.directory.person(chair)
    if (
        person is None
        or person.removed
        or person.township != case.township
        or str(person.role) not in ("officer", *MANAGING_ROLES)
    ):
        raise violation(
            "hearing-chair",
            ART64,
            f"听证主持人 {chair} 须为{case.township_name}执法队在册人员",
            f"the chair {chair} must be on the {case.township} team",
        )
    if chair in case.officers:
        raise violation(
            "hearing-chair-not-investigator",
            ART64,
            "听证由行政机关指定的非本案调查人员主持",
            "the chair may not be an investigator of the case",
        )


def check_not_public(public: bool, reason: str) -> None:
    """A hearing is public unless it touches 国家秘密、商业秘密或者个人隐私 (reasons given)."""
    if not public:
        require_text(
            reason, "hearing-public", ART64, "不公开举行的理由（国家秘密、商业秘密或者个人隐私）"
        )


def check_held(case: Case, ctx: Context, record_sha256: str) -> None:
    """Scheduled; on or after the day; by its chair; the 听证笔录 on record; two valid
    officers of the case still there to present it (art. 42)."""
    _check_open_hearing(case)
    _check_on_day(case, ctx)
    check_two_valid(case, ctx)
    if ctx.actor.id != case.hearing_chair:
        raise violation(
            "hearing-by-chair",
            ART64,
            f"举行听证只能由听证主持人（{case.hearing_chair}）记录",
            f"only the chair {case.hearing_chair} records the hearing",
        )
    require_text(record_sha256, "hearing-record", ART64, "听证笔录（--record 文件）")


def check_abandoned(case: Case, ctx: Context, reason: str) -> None:
    """Scheduled, on or after its day; the party did not come or left (reasons on record)."""
    _check_open_hearing(case)
    _check_on_day(case, ctx)
    if ctx.actor.id != case.hearing_chair and ctx.actor.id not in case.officers:
        raise violation(
            "hearing-by-chair",
            ART64,
            "当事人未出席或中途退出只能由听证主持人或办案人员记录",
            "the chair or an officer of the case records a no-show",
        )
    require_text(reason, "hearing-abandoned", ART64, "当事人未出席或中途退出的情况")


def _check_open_hearing(case: Case) -> None:
    if case.hearing_held or case.hearing_abandoned:
        raise violation("hearing-once", ART64, "听证已结束", "the hearing has already ended")


def _check_on_day(case: Case, ctx: Context) -> None:
    if case.hearing_on is None:
        raise violation(
            "hearing-scheduled", ART64, "听证尚未安排（时间、地点、主持人）", "no hearing scheduled"
        )
    if ctx.day < case.hearing_on:
        raise violation(
            "hearing-day",
            ART64,
            f"听证定于 {case.hearing_on} 举行，尚未到期",
            f"the hearing is set for {case.hearing_on}",
        )

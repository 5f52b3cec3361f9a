"""Deciders of the hearing, 法制审核 and 集体讨论 commands (split from `decide`).

Each is `(case, command, ctx) -> list[event]`; `decide.DECIDERS` takes them in.
"""

from __future__ import annotations

from typing import Any

from workflow import calendar
from workflow.cases import commands as cmd
from workflow.cases import events as ev
from workflow.cases import rules, rules_hearing, rules_review
from workflow.cases.case import Case
from workflow.cases.lifecycle import Trigger
from workflow.cases.rules import Context


def iso(ctx: Context) -> str:
    return ctx.at.isoformat()


def schedule_hearing(case: Case, c: cmd.ScheduleHearing, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.SCHEDULE_HEARING)
    rules_hearing.check_schedule(case, ctx, c.on, c.place, c.chair)
    rules_hearing.check_not_public(c.public, c.reason_not_public)
    return [
        ev.HearingScheduled(
            on=c.on.isoformat(),
            place=c.place,
            chair=c.chair,
            public=c.public,
            at=iso(ctx),
            on_estimated=calendar.estimated_between(ctx.day, c.on),
            reason_not_public=c.reason_not_public,
        )
    ]


def hold_hearing(case: Case, c: cmd.HoldHearing, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.HOLD_HEARING)
    rules_hearing.check_held(case, ctx, c.record_sha256)
    return [
        ev.HearingHeld(
            at=iso(ctx),
            notes=c.notes,
            record_file=c.record_file,
            record_sha256=c.record_sha256,
            chair=ctx.actor.id,
        )
    ]


def abandon_hearing(case: Case, c: cmd.AbandonHearing, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.ABANDON_HEARING)
    rules_hearing.check_abandoned(case, ctx, c.reason)
    return [ev.HearingAbandoned(reason=c.reason, at=iso(ctx))]


def mark_major(case: Case, c: cmd.MarkMajor, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.MARK_MAJOR)
    rules_review.check_mark_major(c.grounds, c.reason)
    return [ev.CaseMarkedMajor(grounds=list(c.grounds), reason=c.reason, at=iso(ctx))]


def legal_review(case: Case, c: cmd.RecordLegalReview, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.RECORD_LEGAL_REVIEW)
    rules_review.check_legal_review(case, ctx, c.result, c.opinion)
    grounds = rules_review.review_grounds(case, case.proposed, ctx)
    return [
        ev.LegalReviewRecorded(opinion=c.opinion, at=iso(ctx), result=c.result, grounds=grounds)
    ]


def discuss(case: Case, c: cmd.HoldDiscussion, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.DISCUSS)
    rules_review.check_discussion(case, ctx, c.participants, c.result)
    rules.require_text(c.conclusion, "discussion-conclusion", rules_review.ART57, "讨论结论")
    held_on = c.held_on or ctx.day
    return [
        ev.CollectiveDiscussionHeld(
            participants=list(dict.fromkeys(c.participants)),
            conclusion=c.conclusion,
            result=c.result,
            held_on=held_on.isoformat(),
            at=iso(ctx),
        )
    ]


DECIDERS: dict[type, Any] = {
    cmd.ScheduleHearing: schedule_hearing,
    cmd.HoldHearing: hold_hearing,
    cmd.AbandonHearing: abandon_hearing,
    cmd.MarkMajor: mark_major,
    cmd.RecordLegalReview: legal_review,
    cmd.HoldDiscussion: discuss,
}

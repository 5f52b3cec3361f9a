"""Deciding a command on a case: ask the lifecycle, run the guards, build the events.

Each decider is a plain function `(case, command, ctx) -> list[event]`, looked up in
`DECIDERS`. Opening a case is decided in `decide_open` (it needs the number too).
Deadlines are computed here, once, and stored in the events.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from workflow import calendar
from workflow.cases import commands as cmd
from workflow.cases import discretion, rules, rules_notice, rules_review
from workflow.cases import events as ev
from workflow.cases import rules_decision as decision_rules
from workflow.cases.case import Case
from workflow.cases.events import CaseKind
from workflow.cases.lifecycle import Trigger
from workflow.cases.party import parse_party_kind
from workflow.cases.ports import TownshipLike
from workflow.cases.rules import Context
from workflow.cases.sanctions import fine_total, to_dicts

ART44 = "《行政许可法》第四十四条"


def iso(ctx: Context) -> str:
    return ctx.at.isoformat()


def calendar_days(start: date, days: int, rollover: bool = True) -> tuple[date, bool]:
    """A period of calendar days; one ending on a rest day ends on the next working day
    (期间届满日为法定休假日的顺延; county-file switch `rest_day_rollover`)."""
    due = start + timedelta(days=days)
    if not rollover:
        return due, False
    rolled = calendar.roll_to_working_day(due)
    return rolled, calendar.estimated_between(due, rolled) and not calendar.is_exact(due)


def decision_due(kind: str, opened: date, rollover: bool = True) -> tuple[date, bool]:
    """Penalty: 90 calendar days (art. 60). Licence: 20 working days (许可法 art. 42)."""
    if kind == CaseKind.PENALTY.value:
        return calendar_days(opened, 90, rollover)
    due = calendar.add_working_days(opened, 20)
    return due, calendar.estimated_between(opened, due)


def decide_open(
    c: cmd.OpenCase, ctx: Context, township: TownshipLike, case_id: str, number: str
) -> ev.CaseOpened:
    """立案/受理: the matter is in force and of the right kind; the violation within 2 years."""
    matter = rules.check_matter(ctx.directory.matter(c.matter, ctx.day), c.matter, ctx.day, c.kind)
    facts = rules.snapshot(matter)
    rules.check_licence_application(facts["kind"], c.source)
    note = ""
    if facts["kind"] == CaseKind.PENALTY.value:
        rules.check_violation_known(c.violation_date, c.violation_unknown)
        rules.check_limitation(
            c.violation_date,
            ctx.day,
            ctx.config,
            ended=c.violation_end,
            discovered=c.discovered_on,
            grave=c.grave_harm,
        )
        note = _limitation_note(c)
    rules.require_text(c.party, "party", "《行政处罚法》第五十九条", "当事人")
    party_kind = _party_kind(c.party_kind)
    rules_notice.check_party(party_kind, c.party_id_number.strip())
    rules.require_text(c.summary, "summary", "《行政处罚法》第五十四条", "案情摘要")
    start = ctx.day
    if facts["kind"] == CaseKind.LICENSING.value and c.clock_start:  # 许可法 art. 32: 逾期不告知
        start = min(c.clock_start, ctx.day)  # 补正的，自收到申请材料之日起即为受理
    due, estimated = decision_due(facts["kind"], start, ctx.config.rest_day_rollover)
    return ev.CaseOpened(
        case_id=case_id,
        number=number,
        township=township.code,
        township_name=township.name,
        party=c.party,
        summary=c.summary,
        violation_date=c.violation_date.isoformat() if c.violation_date else None,
        at=iso(ctx),
        due=due.isoformat(),
        due_estimated=estimated,
        violation_end=c.violation_end.isoformat() if c.violation_end else None,
        discovered_on=(c.discovered_on or ctx.day).isoformat(),
        grave_harm=c.grave_harm,
        limitation_note=note,
        source=c.source or case_id,
        source_channel=c.source_channel or "直接立案",
        party_kind=party_kind.value,
        party_id_number=c.party_id_number.strip().upper(),
        party_address=c.party_address.strip(),
        party_contact=c.party_contact.strip(),
        **facts,
    )


def _limitation_note(c: cmd.OpenCase) -> str:
    """A supervisor-visible warning when the violation date is not on record (art. 36)."""
    if c.violation_date is not None:
        return ""
    why = c.violation_unknown.strip()
    return f"违法行为日期不详（{why}），未能核对追责时效（《行政处罚法》第三十六条）"


def _party_kind(text: str | None) -> Any:
    try:
        return parse_party_kind(text)
    except ValueError as exc:
        raise rules.violation(
            "party-kind", "《行政处罚法》第五十九条", str(exc), "party type: 个人 or 单位"
        ) from None


def record_party(case: Case, c: cmd.RecordParty, ctx: Context) -> list[Any]:
    """登记/更正当事人: an open case, by one of its officers or the leadership, with a reason."""
    if not case.is_open:
        rules.require_transition(case, Trigger.RECORD_EVIDENCE)
    if ctx.actor.role not in rules.MANAGING_ROLES:
        rules.check_dispatched(case, ctx, "《行政处罚法》第五十九条")
    rules.require_text(c.name, "party", "《行政处罚法》第五十九条", "当事人姓名或者名称")
    kind = _party_kind(c.party_kind)
    rules_notice.check_party(kind, c.id_number.strip())
    if case.party_detail.identified:
        rules.require_text(c.reason, "party-reason", "《行政处罚法》第五十九条", "更正理由")
    return [
        ev.PartyRecorded(
            name=c.name.strip(),
            kind=kind.value,
            id_number=c.id_number.strip().upper(),
            address=c.address.strip(),
            contact=c.contact.strip(),
            reason=c.reason,
            at=iso(ctx),
        )
    ]


def dispatch(case: Case, c: cmd.DispatchCase, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.DISPATCH)
    rules.check_dispatch(case, ctx, c.officers)
    return [ev.CaseDispatched(officers=list(dict.fromkeys(c.officers)), at=iso(ctx))]


def record_evidence(case: Case, c: cmd.RecordEvidence, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.RECORD_EVIDENCE)
    rules.check_dispatched(case, ctx)
    rules.require_text(c.kind, "evidence-kind", "《行政处罚法》第四十六条", "证据种类")
    rules.require_text(c.text, "evidence-text", "《行政处罚法》第四十七条", "证据内容")
    return [
        ev.EvidenceRecorded(
            kind=c.kind, text=c.text, at=iso(ctx), file_name=c.file_name, file_sha256=c.file_sha256
        )
    ]


def notify(case: Case, c: cmd.NotifyPenalty, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.NOTIFY_PENALTY)
    rules.check_dispatched(case, ctx, "《行政处罚法》第四十四条")
    facts = c.facts or case.summary
    sanctions = rules_notice.merge_amount(c.sanctions, c.amount)
    rules_notice.check_notice(case, facts, c.basis, sanctions, c.rights_told)
    discretion.check(case.matter_code, sanctions, c.circumstance, c.discretion_ground,
                     c.discretion_reason, directory=ctx.directory, day=ctx.day)  # fmt: skip
    grounds = rules_notice.hearing_grounds(sanctions, case.party_detail.kind, ctx.config)
    rights = ["陈述", "申辩"] + (["要求听证"] if grounds else [])
    due = calendar.add_working_days(ctx.day, 5)
    return [
        ev.PenaltyNotified(
            facts=facts,
            basis=c.basis,
            amount=fine_total(sanctions),
            rights=rights,
            hearing_eligible=bool(grounds),
            at=iso(ctx),
            hearing_due=due.isoformat(),
            hearing_due_estimated=calendar.estimated_between(ctx.day, due),
            sanctions=to_dicts(sanctions),
            hearing_grounds=grounds,
            circumstance=c.circumstance,
            discretion_ground=c.discretion_ground,
            discretion_reason=c.discretion_reason.strip(),
        )
    ]


def waive(case: Case, c: cmd.WaiveDefence, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.WAIVE_DEFENCE)
    rules.check_dispatched(case, ctx, "《行政处罚法》第四十五条")
    if case.defence_waived:
        raise rules.violation(
            "already-waived",
            "《行政处罚法》第四十五条",
            "当事人已放弃陈述申辩",
            "the defence is already waived",
        )
    return [ev.DefenceWaived(at=iso(ctx))]


def request_hearing(case: Case, c: cmd.RequestHearing, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.REQUEST_HEARING)
    rules.check_dispatched(case, ctx, "《行政处罚法》第六十四条")
    flagged = rules_notice.check_hearing_request(case, ctx.day)
    return [ev.HearingRequested(at=iso(ctx), on_estimate=flagged)]


def decide_penalty(case: Case, c: cmd.DecidePenalty, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.DECIDE_PENALTY)
    sanctions = rules_notice.merge_amount(c.sanctions, c.amount)
    major = decision_rules.check_decision(case, ctx, sanctions, c.basis)
    circumstance = c.circumstance or case.circumstance  # "" = as notified
    ground, why = (c.discretion_ground, c.discretion_reason) if c.discretion_ground else case.discretion
    discretion.check(case.matter_code, sanctions, circumstance, ground, why,
                     directory=ctx.directory, day=ctx.day)  # fmt: skip
    review = rules_review.review_grounds(case, sanctions, ctx)
    discussion = rules_review.discussion_grounds(case, sanctions, ctx)
    rules_review.check_decider(case, ctx, bool(discussion))
    rules_review.check_review_and_discussion(case, ctx, "penalty", review, discussion)
    major = major or bool(review)
    fine_due, _ = calendar_days(ctx.day, 15, ctx.config.rest_day_rollover)
    return [
        ev.PenaltyDecided(
            amount=fine_total(sanctions),
            basis=c.basis,
            major=major,
            at=iso(ctx),
            fine_due=fine_due.isoformat(),
            sanctions=to_dicts(sanctions),
            circumstance=circumstance,
            discretion_ground=ground,
            discretion_reason=why.strip(),
            on_estimate=decision_rules.past_estimate(case, ctx.day),
            hearing_record_sha256=case.hearing_record_sha256,
        )
    ]


def grant(case: Case, c: cmd.GrantLicence, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.GRANT_LICENCE)
    decision_rules.check_licensing(case, ctx)
    due = calendar.add_working_days(ctx.day, 10)
    return [
        ev.LicenceGranted(
            at=iso(ctx),
            issue_due=due.isoformat(),
            issue_due_estimated=calendar.estimated_between(ctx.day, due),
            on_estimate=decision_rules.past_estimate(case, ctx.day),
        )
    ]


def issue_licence(case: Case, c: cmd.IssueLicence, ctx: Context) -> list[Any]:
    """许可法 art. 44: the licence document, within 10 working days of 准予 (later: why)."""
    rules.require_transition(case, Trigger.ISSUE_LICENCE)
    rules.check_dispatched(case, ctx, ART44)
    rules.require_text(c.document_number, "licence-document", ART44, "许可证件编号")
    if case.licence_document:
        raise rules.violation("licence-issued-once", ART44,
                              f"许可证件已颁发（{case.licence_document}）",
                              f"the licence was already issued ({case.licence_document})")  # fmt: skip
    due = case.deadlines["licence_issue"]
    late = ctx.day > due.due
    if late and not due.estimated:
        rules.require_text(c.delay_reason, "licence-issue-late", ART44,
                           f"逾期（应于 {due.due} 前颁发）颁发许可证件的原因")  # fmt: skip
    return [ev.LicenceIssued(
        document_number=c.document_number.strip(), at=iso(ctx), due=due.due.isoformat(),
        late=late, delay_reason=c.delay_reason.strip(), on_estimate=late and due.estimated,
    )]  # fmt: skip


def refuse(case: Case, c: cmd.RefuseLicence, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.REFUSE_LICENCE)
    decision_rules.check_licensing(case, ctx)
    rules.require_text(c.reason, "refusal-reason", "《行政许可法》第三十八条", "不予许可的理由")
    late = decision_rules.past_estimate(case, ctx.day)
    return [ev.LicenceRefused(reason=c.reason, at=iso(ctx), on_estimate=late)]


def extend(case: Case, c: cmd.ExtendDeadline, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.EXTEND_DEADLINE)
    decision_rules.check_extension(case, ctx, c.days, c.reason)
    old = case.deadlines["decision"].due
    if case.kind is CaseKind.PENALTY:
        due, estimated = calendar_days(old, c.days, ctx.config.rest_day_rollover)
    else:
        due = calendar.add_working_days(old, c.days)
        estimated = calendar.estimated_between(old, due)
    return [
        ev.DeadlineExtended(
            days=c.days, reason=c.reason, at=iso(ctx), due=due.isoformat(),
            due_estimated=estimated, on_estimate=decision_rules.past_estimate(case, ctx.day),
        )
    ]


def close(case: Case, c: cmd.CloseCase, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.CLOSE)
    if ctx.actor.role == "officer":  # leaders close on the record; an officer must be certified
        rules.check_certified(ctx.actor, ctx.day)
    decision_rules.check_close(case, c.outcome, c.reason)
    return [ev.CaseClosed(outcome=c.outcome, reason=c.reason, at=iso(ctx))]


def review(case: Case, c: cmd.ReviewCase, ctx: Context) -> list[Any]:
    rules.require_transition(case, Trigger.REVIEW)
    decision_rules.check_review(case, ctx, c.verdict, c.findings)
    return [ev.CaseReviewed(verdict=c.verdict, findings=c.findings, at=iso(ctx))]


DECIDERS: dict[type, Any] = {
    cmd.RecordParty: record_party,
    cmd.DispatchCase: dispatch,
    cmd.RecordEvidence: record_evidence,
    cmd.NotifyPenalty: notify,
    cmd.WaiveDefence: waive,
    cmd.RequestHearing: request_hearing,
    cmd.DecidePenalty: decide_penalty,
    cmd.GrantLicence: grant,
    cmd.RefuseLicence: refuse,
    cmd.IssueLicence: issue_licence,
    cmd.ExtendDeadline: extend,
    cmd.CloseCase: close,
    cmd.ReviewCase: review,
}


def _register() -> None:
    from workflow.cases.decide_review import DECIDERS as REVIEW_DECIDERS
    from workflow.cases.licensing import DECIDERS as LICENSING_DECIDERS
    from workflow.cases.officers import DECIDERS as OFFICER_DECIDERS
    from workflow.cases.outcomes import DECIDERS as OUTCOME_DECIDERS

    DECIDERS.update(REVIEW_DECIDERS)
    DECIDERS.update(OUTCOME_DECIDERS)
    DECIDERS.update(OFFICER_DECIDERS)
    DECIDERS.update(LICENSING_DECIDERS)


_register()

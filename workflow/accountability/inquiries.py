"""Accountability inquiries (责任追究): open, statement, township opinion, agreement, decide.

The officer is told when the inquiry opens and may state their case (陈述申辩) before the
decision; for an officer seconded from a county team the township's opinion comes first;
each graded decision is taken by the role the county file names. 清退 records the
organisation's removal (OfficerRemoved) first, then the decision naming it, so a retried
decision finds the removal already done (same command id) and completes.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from events import AppendResult, EventStore
from workflow.accountability import rules
from workflow.accountability.appending import append, append_numbered, stream_of, today
from workflow.accountability.events import (
    InquiryAgreed,
    InquiryDecided,
    InquiryOpened,
    InquiryOpinionRecorded,
    InquiryReferred,
    InquiryStatementRecorded,
    inquiry_stream,
)
from workflow.accountability.evidence import case_refs, check_grounds, finding_refs
from workflow.accountability.policy import Policy, load_policy
from workflow.accountability.state import Inquiry, fold_inquiry
from workflow.accountability.types import Ground, Sanction
from workflow.datafile import as_text
from workflow.errors import NotAuthorised, NotFound
from workflow.organisation import posting
from workflow.organisation import rules as org_rules
from workflow.organisation import service as org_service
from workflow.organisation.directory import Directory
from workflow.organisation.snapshot import load_directory
from workflow.organisation.types import RemovalReason

PREFIX = "inquiry-"


def load_inquiry(store: EventStore, ref: str) -> Inquiry:
    """The folded inquiry, or NotFound."""
    records = store.read_stream(stream_of(ref, PREFIX))
    if not records:
        raise NotFound(f"没有责任追究 {ref}", f"no inquiry {ref!r}")
    return fold_inquiry(records)


def show(store: EventStore, actor: str | None, ref: str) -> Inquiry:
    """The inquiry, for those who may see it (an officer sees their own)."""
    inquiry = load_inquiry(store, ref)
    rules.may_see_inquiry(load_directory(store), actor, inquiry)
    return inquiry


def open_inquiry(
    store: EventStore,
    actor: str | None,
    *,
    ground: Ground,
    details: str,
    officer: str | None = None,
    township: str | None = None,
    cases: list[str] | None = None,
    findings: list[str] | None = None,
    on: date | None = None,
    policy: Policy | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """Open an inquiry into an officer (or, with only --township, a team): a supervisor."""
    d = load_directory(store)
    person = rules.may_open_inquiry(d, actor)
    code = _subject(d, officer, township)
    day, text = today(on), as_text(details, "--details")
    linked_cases = case_refs(store, d, code, cases or [])
    linked = finding_refs(store, code, findings or [], officer)
    check_grounds(store, ground, linked_cases, linked, day, (code, officer))
    due = day + timedelta(days=(policy or load_policy()).statement_days)

    def build(stream: str) -> list[InquiryOpened]:
        return [InquiryOpened(stream.removeprefix(PREFIX), code, officer, ground.value, text,
                              linked_cases, linked, due.isoformat(), day.isoformat())]  # fmt: skip

    return append_numbered(
        store, lambda n: inquiry_stream(code, day.year, n), build, person, command_id
    )


def _subject(d: Directory, officer: str | None, township: str | None) -> str:
    if officer is not None:  # posted away (调离执法岗位): still answerable for what they did
        person = org_rules.team_member(d, officer, away_ok=True)
        assert person.township is not None
        if township is not None and d.township(township).code != person.township:
            raise ValueError(f"{officer} is not on the {township} team")
        return person.township
    if township is None:
        raise ValueError("an inquiry names --officer or --township")
    return d.township(township).code


def state_case(
    store: EventStore,
    actor: str | None,
    ref: str,
    *,
    statement: str = "",
    waived: bool = False,
    on: date | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """The officer states their case (陈述申辩), or waives it: once, before the decision."""
    inquiry, d = load_inquiry(store, ref), load_directory(store)
    person = rules.may_state(d, actor, inquiry)
    if inquiry.stated or inquiry.sanction is not None:
        raise rules.refuse("statement-once", rules.SEED_CHECK, "已陈述或已决定", "already stated or decided")
    text = "" if waived else as_text(statement, "--statement")
    event = InquiryStatementRecorded(inquiry.inquiry_id, text, waived, today(on).isoformat())
    return append(store, PREFIX + inquiry.inquiry_id, [event], inquiry.version, person, command_id)


def give_opinion(
    store: EventStore,
    actor: str | None,
    ref: str,
    *,
    opinion: str,
    on: date | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """The township's opinion (乡镇意见), by its team leader: once, before the decision."""
    inquiry, d = load_inquiry(store, ref), load_directory(store)
    person = rules.may_give_opinion(d, actor, inquiry)
    if inquiry.opinion or inquiry.sanction is not None:
        raise rules.refuse("opinion-once", rules.SEED_CHECK, "乡镇意见已记录或已决定",
                           "the opinion is on record or the inquiry decided")  # fmt: skip
    event = InquiryOpinionRecorded(inquiry.inquiry_id, as_text(opinion, "--opinion"),
                                   today(on).isoformat())  # fmt: skip
    return append(store, PREFIX + inquiry.inquiry_id, [event], inquiry.version, person, command_id)


def agree(
    store: EventStore,
    actor: str | None,
    ref: str,
    *,
    sanction: Sanction,
    comments: str = "",
    on: date | None = None,
    policy: Policy | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """The agreement the county file requires first (e.g. the supervisor's, for 清退)."""
    inquiry, d = load_inquiry(store, ref), load_directory(store)
    person = rules.may_agree(d, actor, inquiry, sanction, policy or load_policy())
    if inquiry.sanction is not None:
        raise rules.refuse("inquiry-once", rules.SEED_CHECK, "该责任追究已作出决定", "already decided")
    event = InquiryAgreed(inquiry.inquiry_id, sanction.value, comments.strip(), today(on).isoformat())
    return append(store, PREFIX + inquiry.inquiry_id, [event], inquiry.version, person, command_id)


def decide(
    store: EventStore,
    actor: str | None,
    ref: str,
    *,
    sanction: Sanction,
    reasons: str,
    organ: str = "",
    on: date | None = None,
    policy: Policy | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """The decision on the graded list, by the role the county file names. 清退 and 调离执法岗位
    take the officer off the enforcement team (the organisation's removal, so they cannot act
    on cases); 移送纪检监察机关 records the transfer to `organ` with the decision."""
    rules_of = policy or load_policy()
    inquiry, d = load_inquiry(store, ref), load_directory(store)
    person = rules.may_decide(d, actor, inquiry, sanction, rules_of)
    day, text = today(on), as_text(reasons, "--reasons")
    if inquiry.sanction is not None or not _removed_by_this(d, inquiry):
        rules.check_decidable(d, inquiry, sanction, rules_of, day)
    referral = organ.strip() and as_text(organ, "--organ")
    if sanction is Sanction.REFER and not referral:
        raise ValueError("移送纪检监察机关 needs --organ (e.g. 五台县纪委监委)")
    position = None
    if sanction in REMOVING:
        position = _remove(store, actor, inquiry, sanction, text, day).last_position
    events: list[Any] = [InquiryDecided(inquiry.inquiry_id, sanction.value, text, position, day.isoformat())]
    if sanction is Sanction.REFER:
        events.append(InquiryReferred(inquiry.inquiry_id, inquiry.officer_id, str(referral), text,
                                      day.isoformat()))  # fmt: skip
    return append(store, PREFIX + inquiry.inquiry_id, events, inquiry.version, person, command_id)


REMOVING = (Sanction.DISMISS, Sanction.REASSIGN)


def _removed_by_this(d: Directory, inquiry: Inquiry) -> bool:
    """A retried 清退 or 调离: the removal (or posting away) is on record with this inquiry's
    id, the decision is not."""
    person = d.person(inquiry.officer_id) if inquiry.officer_id else None
    mark = f"（责任追究 {inquiry.inquiry_id}）"
    details = (person.away_details or person.removal_details or "") if person else ""
    return bool(person and person.removed and details.endswith(mark))


def _remove(
    store: EventStore, actor: str | None, inquiry: Inquiry, sanction: Sanction, reasons: str, day: date
) -> AppendResult:
    """清退: removed for good, for its ground; 调离执法岗位: posted away (a way back)."""
    assert inquiry.officer_id is not None
    details = f"{reasons}（责任追究 {inquiry.inquiry_id}）"
    command_id = f"inquiry:{inquiry.inquiry_id}:{sanction.value}"
    if sanction is Sanction.REASSIGN:
        return posting.post_away(store, actor, officer_id=inquiry.officer_id, details=details,
                                 on=day, command_id=command_id)  # fmt: skip
    reason = {g.value: RemovalReason(g.value) for g in (Ground.NOT_RESPONSIBLE, Ground.INACTION,
              Ground.MISCONDUCT)}.get(inquiry.ground, RemovalReason.OTHER)  # fmt: skip
    return org_service.remove_officer(
        store, actor, officer_id=inquiry.officer_id, reason=reason, details=details, on=day,
        command_id=command_id,
    )  # fmt: skip


def visible(store: EventStore, actor: str | None, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The inquiry rows this actor may see (supervisors all; a township its own; an officer theirs)."""
    d = load_directory(store)
    rules.reader(d, actor)
    shown = []
    for row in rows:
        subject = Inquiry(row["inquiry_id"], row["township"], row["officer_id"])
        try:
            rules.may_see_inquiry(d, actor, subject)
        except NotAuthorised:
            continue
        shown.append(row)
    return shown

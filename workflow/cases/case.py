"""The case aggregate (案件): state folded from its events only.

`apply` sets state from an event and nothing else: no guards, no clock, no I/O.
Deadlines are read from the events (computed when the command was decided).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from workflow.cases import events as ev
from workflow.cases.events import CaseKind
from workflow.cases.lifecycle import CaseState
from workflow.cases.party import Party, PartyKind
from workflow.cases.sanctions import Sanction, fine_total, from_dicts
from workflow.clock import local_day, parse_time


@dataclass
class Deadline:
    """A deadline kept on the case: its name, due day (Asia/Shanghai), statute, estimate flag."""

    name: str
    due: date
    statute: str
    estimated: bool = False


@dataclass
class Case:
    """One enforcement case, as its events say it is."""

    case_id: str = ""
    number: str = ""
    township: str = ""
    township_name: str = ""
    kind: CaseKind = CaseKind.PENALTY
    matter_code: str = ""
    matter_name: str = ""
    legal_basis: str = ""
    hearing_eligible_matter: bool = False
    party: str = ""
    party_detail: Party = field(default_factory=lambda: Party(""))
    summary: str = ""
    violation_date: date | None = None
    state: CaseState | None = None
    opened_at: datetime | None = None
    last_at: datetime | None = None
    officers: tuple[str, ...] = ()
    evidence: int = 0
    notified_at: datetime | None = None
    proposed_amount: float | None = None
    proposed: tuple[Sanction, ...] = ()
    circumstance: str = ""  # 裁量情节 of the notice (then of the decision)
    discretion: tuple[str, str] = ("", "")  # the notice's 从轻/减轻/从重 ground and reason
    hearing_eligible: bool = False
    hearing_grounds: tuple[str, ...] = ()
    defence_waived: bool = False
    hearing_requested: bool = False
    hearing_held: bool = False
    hearing_on: date | None = None
    hearing_chair: str = ""
    hearing_record_sha256: str = ""
    hearing_abandoned: bool = False
    major_grounds: tuple[str, ...] = ()
    legal_reviewed: bool = False  # a review has PASSED (the latest one)
    review_result: str | None = None  # passed | returned | legacy (the latest)
    discussion_result: str | None = None  # what 集体讨论 decided (the latest)
    discussion_participants: tuple[str, ...] = ()
    decided_amount: float | None = None
    decided: tuple[Sanction, ...] = ()
    no_penalty_ground: str | None = None
    transferred_to: str | None = None
    extension_discussions: int = 0  # 集体讨论 that approved a further extension
    recused: tuple[str, ...] = ()
    limitation_note: str = ""
    source: str = ""  # the lead the case was opened on (its own id when opened directly)
    source_channel: str = ""
    extended_days: int = 0
    extensions: int = 0
    outcome: str | None = None
    verdict: str | None = None
    on_the_spot: bool = False  # decided under the simple procedure (arts 51–52)
    filing_due: date | None = None  # 备案 of the on-the-spot decision (art 52)
    paused: tuple[str, date] | None = None  # 许可期限中止 (许可法 art. 45): why, since when
    licence_document: str = ""  # the licence issued (许可法 art. 44): its number
    deadlines: dict[str, Deadline] = field(default_factory=dict)
    version: int = 0

    @property
    def exists(self) -> bool:
        return self.state is not None

    @property
    def is_open(self) -> bool:
        return self.state in (
            CaseState.OPENED,
            CaseState.DISPATCHED,
            CaseState.PENALTY_NOTIFIED,
            CaseState.HEARING,
        )

    def apply(self, event: Any) -> None:
        """Fold one event into the state (replay: no checks)."""
        APPLIERS[type(event)](self, event)
        self.last_at = _at(event)
        self.version += 1


def replay(events: list[Any]) -> Case:
    """The case as the fold of its events."""
    case = Case()
    for event in events:
        case.apply(event)
    return case


def _at(event: Any) -> datetime:
    return parse_time(event.at)


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _opened(case: Case, e: ev.CaseOpened) -> None:
    case.case_id, case.number = e.case_id, e.number
    case.township, case.township_name = e.township, e.township_name
    case.kind = CaseKind(e.kind)
    case.matter_code, case.matter_name, case.legal_basis = (
        e.matter_code,
        e.matter_name,
        e.legal_basis,
    )
    case.hearing_eligible_matter = e.hearing_eligible
    case.limitation_note = e.limitation_note
    case.source, case.source_channel = e.source or e.case_id, e.source_channel or "直接立案"
    case.party, case.summary = e.party, e.summary
    case.party_detail = Party(
        e.party, PartyKind(e.party_kind), e.party_id_number, e.party_address, e.party_contact
    )
    case.violation_date = _day(e.violation_date) if e.violation_date else None
    case.state = CaseState.OPENED
    case.opened_at = _at(e)
    if case.kind is CaseKind.PENALTY:
        case.deadlines["decision"] = Deadline(
            "decision", _day(e.due), "行政处罚法第六十条", e.due_estimated
        )
    else:
        case.deadlines["decision"] = Deadline(
            "decision", _day(e.due), "行政许可法第四十二条", e.due_estimated
        )


def _party(case: Case, e: ev.PartyRecorded) -> None:
    case.party = e.name
    case.party_detail = Party(e.name, PartyKind(e.kind), e.id_number, e.address, e.contact)


def _dispatched(case: Case, e: ev.CaseDispatched) -> None:
    case.officers = tuple(e.officers)
    case.state = CaseState.DISPATCHED


def _reassigned(case: Case, e: ev.CaseReassigned) -> None:
    case.officers = tuple(e.officers)


def _recusal(case: Case, e: ev.RecusalDecided) -> None:
    if not e.granted:
        return
    case.officers = tuple(o for o in case.officers if o != e.officer)
    case.recused = (*case.recused, e.officer)
    if case.hearing_chair == e.officer:
        case.hearing_chair, case.hearing_on = "", None  # the hearing must be rescheduled


def _evidence(case: Case, e: ev.EvidenceRecorded) -> None:
    case.evidence += 1


def _notified(case: Case, e: ev.PenaltyNotified) -> None:
    case.state = CaseState.PENALTY_NOTIFIED
    case.notified_at = _at(e)
    case.proposed = from_dicts(e.sanctions)
    case.circumstance = e.circumstance
    case.discretion = (e.discretion_ground, e.discretion_reason)
    case.proposed_amount = fine_total(case.proposed) if case.proposed else e.amount
    case.hearing_eligible = e.hearing_eligible
    case.hearing_grounds = tuple(e.hearing_grounds)
    case.deadlines["hearing_request"] = Deadline(
        "hearing_request", _day(e.hearing_due), "行政处罚法第六十四条", e.hearing_due_estimated
    )


def _waived(case: Case, e: ev.DefenceWaived) -> None:
    case.defence_waived = True


def _hearing_requested(case: Case, e: ev.HearingRequested) -> None:
    case.hearing_requested = True
    case.state = CaseState.HEARING


def _hearing_scheduled(case: Case, e: ev.HearingScheduled) -> None:
    case.hearing_on, case.hearing_chair = _day(e.on), e.chair


def _hearing_held(case: Case, e: ev.HearingHeld) -> None:
    case.hearing_held = True
    case.hearing_record_sha256 = e.record_sha256


def _hearing_abandoned(case: Case, e: ev.HearingAbandoned) -> None:
    case.hearing_abandoned = True


def _marked_major(case: Case, e: ev.CaseMarkedMajor) -> None:
    case.major_grounds = tuple(dict.fromkeys([*case.major_grounds, *e.grounds]))


def _legal_review(case: Case, e: ev.LegalReviewRecorded) -> None:
    case.review_result = e.result
    case.legal_reviewed = e.result == "passed"


def _discussed(case: Case, e: ev.CollectiveDiscussionHeld) -> None:
    if e.result == "extend":
        case.extension_discussions += 1
        return
    case.discussion_result = e.result
    case.discussion_participants = tuple(e.participants)


def _decided(case: Case, e: ev.PenaltyDecided) -> None:
    case.state = CaseState.PENALTY_DECIDED
    case.decided = from_dicts(e.sanctions)
    case.decided_amount = fine_total(case.decided) if case.decided else e.amount
    # no payment deadline from the decision: its 15 days run from the decision's service
    # (art. 67), a fact of the execution stream (workflow.execution.view, execution.board)


def _on_the_spot(case: Case, e: ev.OnTheSpotRecorded) -> None:
    case.on_the_spot = True
    case.filing_due = _day(e.filing_due)


def _no_penalty(case: Case, e: ev.NoPenaltyDecided) -> None:
    case.state = CaseState.NO_PENALTY
    case.no_penalty_ground = e.ground


def _transferred(case: Case, e: ev.CaseTransferred) -> None:
    case.state = CaseState.TRANSFERRED
    case.transferred_to = e.organ


def _withdrawn(case: Case, e: ev.CaseWithdrawn) -> None:
    case.state = CaseState.WITHDRAWN


def _granted(case: Case, e: ev.LicenceGranted) -> None:
    case.state = CaseState.LICENCE_GRANTED
    case.deadlines["licence_issue"] = Deadline(
        "licence_issue", _day(e.issue_due), "行政许可法第四十四条", e.issue_due_estimated
    )


def _issued(case: Case, e: ev.LicenceIssued) -> None:
    case.licence_document = e.document_number
    case.deadlines.pop("licence_issue", None)  # met: the 10 working days no longer run


def _refused(case: Case, e: ev.LicenceRefused) -> None:
    case.state = CaseState.LICENCE_REFUSED


def _extended(case: Case, e: ev.DeadlineExtended) -> None:
    case.extended_days += e.days
    case.extensions += 1
    old = case.deadlines["decision"]
    case.deadlines["decision"] = Deadline("decision", _day(e.due), old.statute, e.due_estimated)


def _paused(case: Case, e: ev.ClockPaused) -> None:
    case.paused = (e.kind, local_day(parse_time(e.at)))


def _resumed(case: Case, e: ev.ClockResumed) -> None:
    case.paused = None
    old = case.deadlines["decision"]
    case.deadlines["decision"] = Deadline("decision", _day(e.due), old.statute, e.due_estimated)


def _closed(case: Case, e: ev.CaseClosed) -> None:
    case.state = CaseState.CLOSED
    case.outcome = e.outcome


def _reviewed(case: Case, e: ev.CaseReviewed) -> None:
    case.state = CaseState.REVIEWED
    case.verdict = e.verdict


APPLIERS: dict[type, Any] = {
    ev.CaseOpened: _opened,
    ev.PartyRecorded: _party,
    ev.CaseDispatched: _dispatched,
    ev.CaseReassigned: _reassigned,
    ev.RecusalDecided: _recusal,
    ev.EvidenceRecorded: _evidence,
    ev.PenaltyNotified: _notified,
    ev.DefenceWaived: _waived,
    ev.HearingRequested: _hearing_requested,
    ev.HearingScheduled: _hearing_scheduled,
    ev.HearingHeld: _hearing_held,
    ev.HearingAbandoned: _hearing_abandoned,
    ev.CaseMarkedMajor: _marked_major,
    ev.LegalReviewRecorded: _legal_review,
    ev.CollectiveDiscussionHeld: _discussed,
    ev.PenaltyDecided: _decided,
    ev.OnTheSpotRecorded: _on_the_spot,
    ev.NoPenaltyDecided: _no_penalty,
    ev.CaseTransferred: _transferred,
    ev.CaseWithdrawn: _withdrawn,
    ev.LicenceGranted: _granted,
    ev.LicenceIssued: _issued,
    ev.LicenceRefused: _refused,
    ev.DeadlineExtended: _extended,
    ev.ClockPaused: _paused,
    ev.ClockResumed: _resumed,
    ev.CaseClosed: _closed,
    ev.CaseReviewed: _reviewed,
}

"""A year's facts for the assessment (年度考核), gathered from the raw events of that year only.

Each fact is dated by its own business day (Asia/Shanghai): a case counts as overdue in the
year its deadline fell when it was not decided (or dropped) by then; a 评查 verdict in the
year of its review; a decision overturned (撤销, 变更 or 确认违法 in 复议 or 诉讼, the
`execution-<case>` stream's RemedyDecided) in the year of that outcome; a finding in the year
of its inspection; an inquiry in the year of its decision; the duty evaluation of that year;
postings away (调离执法岗位) and restorations, to tell who spent the whole year away.
Replay only: no guards, no I/O beyond the events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from events import RecordedEvent
from workflow.cases.assignment import officers_after
from workflow.clock import local_day
from workflow.execution.state import CHANGED, OVERTURNED

DECISIONS = frozenset({"PenaltyDecided", "LicenceGranted", "LicenceRefused"})
# decided wrong in whole or part: 行政复议法 arts 63-65; 行政诉讼法 arts 70, 74, 77
OVERTURNING = frozenset(OVERTURNED + CHANGED)
TEAM_ORIGINS = frozenset({"township_staff", "seconded", "leader", "deputy"})


def business_day(at: str) -> date:
    return local_day(datetime.fromisoformat(at))


@dataclass
class CaseFacts:
    township: str
    due: date
    officers: tuple[str, ...] = ()
    disposed_on: date | None = None
    verdicts: list[tuple[date, str]] = field(default_factory=list)
    overturned: list[date] = field(default_factory=list)


@dataclass
class YearFacts:
    """What happened, per officer and per team, that the assessment of `year` may use."""

    year: int
    members: dict[str, str] = field(default_factory=dict)  # officer -> township
    names: dict[str, str] = field(default_factory=dict)
    cases: dict[str, CaseFacts] = field(default_factory=dict)
    findings: list[tuple[str, list[str]]] = field(default_factory=list)  # township, officers
    sanctions: list[tuple[str, str | None, str]] = field(default_factory=list)  # township, officer, sanction
    votes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    removed_before: set[str] = field(default_factory=set)
    postings: dict[str, list[list[date | None]]] = field(default_factory=lambda: defaultdict(list))

    def away_all_year(self, officer: str) -> bool:
        """Posted away (调离执法岗位) on or before 1 January and not restored by 31 December:
        not one day of the year on enforcement duty (see `grading.grade_year`)."""
        first, last = date(self.year, 1, 1), date(self.year, 12, 31)
        return any(start is not None and start <= first and (end is None or end > last)
                   for start, end in self.postings.get(officer, []))  # fmt: skip

    def in_year(self, day: date) -> bool:
        return day.year == self.year


def gather(events: Iterable[RecordedEvent], year: int) -> YearFacts:
    """Fold the events (in position order) into the facts of `year`."""
    facts = YearFacts(year)
    inquiries: dict[str, tuple[str, str | None]] = {}
    inspections: dict[str, str] = {}
    for e in events:
        d = e.data
        if e.type == "MemberEnlisted" and date.fromisoformat(d["effective"]).year <= year:
            if d["origin"] in TEAM_ORIGINS:
                facts.members[d["officer_id"]] = d["township"]
                facts.names[d["officer_id"]] = d["name"]
        elif e.type == "OfficerRemoved" and date.fromisoformat(d["removed_on"]).year < year:
            facts.removed_before.add(d["officer_id"])
        elif e.type == "OfficerPostedAway":
            facts.postings[d["officer_id"]].append([date.fromisoformat(d["posted_on"]), None])
        elif e.type == "OfficerReinstated" and facts.postings.get(d["officer_id"]):
            facts.postings[d["officer_id"]][-1][1] = date.fromisoformat(d["reinstated_on"])
        elif e.type in CASE_HANDLERS:
            if business_day(d["at"]).year <= year:  # nothing after the year's end
                CASE_HANDLERS[e.type](facts, e)
        elif e.type == "RemedyDecided" and d["outcome"] in OVERTURNING:
            _overturned(facts, e)
        elif e.type == "InspectionPlanned":
            inspections[d["inspection_id"]] = d["township"]
        elif e.type == "InspectionRecorded" and facts.in_year(date.fromisoformat(d["held_on"])):
            town = inspections.get(d["inspection_id"], "")
            facts.findings += [(town, list(f["officers"])) for f in d["findings"]]
        elif e.type == "InquiryOpened":
            inquiries[d["inquiry_id"]] = (d["township"], d["officer_id"])
        elif e.type == "InquiryDecided" and facts.in_year(date.fromisoformat(d["decided_on"])):
            town, officer = inquiries.get(d["inquiry_id"], ("", None))
            facts.sanctions.append((town, officer, d["sanction"]))
        elif e.type == "DutyEvaluated" and d["year"] == year:
            facts.votes[d["officer_id"]].append(d["grade"])
    return facts


def _opened(f: YearFacts, e: RecordedEvent) -> None:
    f.cases[e.stream_id] = CaseFacts(e.data["township"], date.fromisoformat(e.data["due"]))


def _dispatched(f: YearFacts, e: RecordedEvent) -> None:
    """Dispatched, reassigned (处罚法 art. 42) or an officer recused (art. 43)."""
    case = f.cases.get(e.stream_id)
    if case is not None:
        case.officers = tuple(officers_after(list(case.officers), e.type, e.data))


def _extended(f: YearFacts, e: RecordedEvent) -> None:
    case = f.cases.get(e.stream_id)
    if case is not None:
        case.due = date.fromisoformat(e.data["due"])


def _disposed(f: YearFacts, e: RecordedEvent) -> None:
    case = f.cases.get(e.stream_id)
    if case is not None and case.disposed_on is None:
        case.disposed_on = business_day(e.data["at"])


def _reviewed(f: YearFacts, e: RecordedEvent) -> None:
    case = f.cases.get(e.stream_id)
    if case is not None:
        case.verdicts.append((business_day(e.data["at"]), e.data["verdict"]))


def _overturned(f: YearFacts, e: RecordedEvent) -> None:
    case = f.cases.get("case-" + e.stream_id.removeprefix("execution-"))
    day = date.fromisoformat(e.data["decided_on"])
    if case is not None and f.in_year(day):
        case.overturned.append(day)


CASE_HANDLERS = {
    "CaseOpened": _opened,
    "CaseDispatched": _dispatched,
    "CaseReassigned": _dispatched,
    "RecusalDecided": _dispatched,
    "DeadlineExtended": _extended,
    "CaseClosed": _disposed,
    "CaseReviewed": _reviewed,
    **{name: _disposed for name in DECISIONS},
}

"""The paper deadlines (文书与执行期限) on the deadline board, in the daily notices and the
monthly circular, read from the paper read model (`projections.paper`, no scan of the log):

- payment: the fine within 15 days of the decision's service, or by the approved plan's
  instalments (《行政处罚法》第六十七条、第六十六条);
- service: a decision is served within 7 working days of its issue (《行政处罚法》第六十一条);
- publication: a decision of a published kind within the county's working days (第四十八条);
- court window: an unpaid fine may be taken to court within 3 months after the remedy
  periods lapse (《行政强制法》第五十三条); shown from 30 days before the window opens;
- spot filing: an on-the-spot decision filed with the organ (备案) within the county's
  period (《行政处罚法》第五十二条).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from threading import Lock
from typing import Any
from weakref import WeakKeyDictionary

from events import RecordedEvent
from projections.engine import ProjectionEngine
from projections.paper import EXECUTION, OTHER, paper_events
from workflow import calendar
from workflow.clock import local_day, parse_time
from workflow.documents.content import fine_of
from workflow.execution import rules
from workflow.execution.state import Execution, replay
from workflow.messages import from_recorded
from workflow.procedure import Procedure, procedure

LOOKAHEAD = 30  # days before the court window opens that the board shows it
WORDS = {
    "fine_payment": ("罚款缴纳期限", f"{rules.PUNISH}第六十七条（自送达之日起十五日）"),
    "service": ("决定书送达期限", f"{rules.PUNISH}第六十一条"),
    "publication": ("处罚决定公示期限", f"{rules.PUNISH}第四十八条"),
    "court_window": ("申请法院强制执行期限", f"{rules.COERCE}第五十三条"),
    "spot_filing": ("当场处罚决定备案期限", f"{rules.PUNISH}第五十二条"),
}


@dataclass
class Paper:
    """What the board needs, by case id."""

    decisions: dict[str, dict[str, Any]] = field(default_factory=dict)  # DocumentIssued data
    execution: dict[str, list[RecordedEvent]] = field(default_factory=lambda: defaultdict(list))
    published: set[str] = field(default_factory=set)
    fines: dict[str, float] = field(default_factory=dict)
    spot_due: dict[str, str] = field(default_factory=dict)
    closed: set[str] = field(default_factory=set)


def of_types(
    engine: ProjectionEngine, types: tuple[str, ...], before: datetime | None = None
) -> list[RecordedEvent]:
    """The paper events of these types (recorded before `before`), position order, from the
    paper read model brought up to date first."""
    engine.catch_up("paper")
    with engine.engine.connect() as conn:
        return paper_events(conn, engine.tables("paper"), types, before)


def gather(engine: ProjectionEngine, before: datetime | None = None) -> Paper:
    """The events of the paper side, by case (position order)."""
    paper = Paper()
    for r in of_types(engine, EXECUTION + OTHER, before):
        _add(paper, r)
    return paper


def _add(paper: Paper, r: RecordedEvent) -> str | None:
    """Fold one paper event in; the case id if it was an execution event."""
    case_id = r.stream_id.split("-", 1)[1]
    if r.type in EXECUTION:
        paper.execution[case_id].append(r)
        return case_id
    _other(paper, r, case_id)
    return None


@dataclass
class Fold:
    """The paper side folded up to the paper read model's event at `last`, with each
    case's execution state; advanced by the events after it (rows are only inserted, in
    gap-safe position order), so a daily sweep does not re-read and re-fold every case."""

    table: str  # the read model's generation: a rebuild or a new database starts over
    paper: Paper = field(default_factory=Paper)
    states: dict[str, Execution] = field(default_factory=dict)
    last: int = 0


_FOLDS: WeakKeyDictionary[ProjectionEngine, Fold] = WeakKeyDictionary()
_LOCK = Lock()


def current(engine: ProjectionEngine) -> Fold:
    """The engine's fold of the paper side, brought up to the read model's newest event."""
    engine.catch_up("paper")
    tables = engine.tables("paper")
    with _LOCK:
        fold = _FOLDS.get(engine)
        if fold is None or fold.table != tables["events"].name:
            fold = _FOLDS[engine] = Fold(tables["events"].name)
        with engine.engine.connect() as conn:
            fresh = paper_events(conn, tables, EXECUTION + OTHER, after=fold.last)
        for r in fresh:
            case_id = _add(fold.paper, r)
            if case_id is not None:
                fold.states.setdefault(case_id, Execution()).apply(from_recorded(r))
            fold.last = r.position
        return fold


def _other(paper: Paper, r: RecordedEvent, case_id: str) -> None:
    d = r.data
    if r.type == "DocumentIssued" and d["kind"] in ("decision", "on_the_spot"):
        paper.decisions.setdefault(d["case_id"], d)
    elif r.type == "DecisionPublished":
        paper.published.add(d["case_id"])
    elif r.type == "PenaltyDecided":
        paper.fines[case_id] = fine_of(d)
    elif r.type == "OnTheSpotRecorded":
        paper.spot_due[case_id] = d["filing_due"]
    elif r.type == "CaseClosed":
        paper.closed.add(case_id)


def paper_deadlines(
    engine: ProjectionEngine, today: date, before: datetime | None = None
) -> list[dict[str, Any]]:
    """Every binding paper deadline, overdue first, then by due day."""
    if before is None:
        fold = current(engine)
        paper, states = fold.paper, fold.states
    else:  # what the log held then (a circular): folded afresh
        paper = gather(engine, before)
        states = {c: replay([from_recorded(r) for r in rs]) for c, rs in paper.execution.items()}
    with _LOCK:  # a fold's states are read while no other thread advances them
        return _binding(paper, states, today)


def case_paper_deadlines(
    engine: ProjectionEngine, today: date, cases: Collection[str]
) -> list[dict[str, Any]]:
    """The binding paper deadlines of these cases only, as `paper_deadlines` gives them:
    their own paper events read and folded, not the whole paper side (提醒's page: the
    cases of its notices, without the process's first call paying for every case)."""
    engine.catch_up("paper")
    with engine.engine.connect() as conn:
        found = paper_events(conn, engine.tables("paper"), EXECUTION + OTHER, cases=cases)
    paper = Paper()
    for r in found:
        _add(paper, r)
    states = {c: replay([from_recorded(r) for r in rs]) for c, rs in paper.execution.items()}
    return [i for i in _binding(paper, states, today) if i["case_id"] in cases]


def _binding(paper: Paper, states: dict[str, Execution], today: date) -> list[dict[str, Any]]:
    p = procedure()
    items: list[dict[str, Any]] = []
    for case_id, doc in paper.decisions.items():
        state = states.get(case_id) or Execution()
        for name, due, late in _deadlines(paper, case_id, doc, state, today, p):
            items.append(_item(doc, name, due, today, late))
    return sorted(items, key=lambda i: (not i["overdue"], i["due"], i["number"]))


def _deadlines(paper: Paper, case_id: str, doc: dict[str, Any], state: Execution,
               today: date, p: Procedure) -> list[tuple[str, date, bool]]:  # fmt: skip
    """(name, due, already late) of each deadline that still binds this decision."""
    issued = local_day(parse_time(doc["at"]))
    out = []
    if doc["kind"] == "decision" and doc["number"] not in state.served:
        out.append(("service", calendar.add_working_days(issued, rules.SERVE_WORKING_DAYS), False))
    if doc["kind"] in p.publish_kinds and case_id not in paper.published:
        out.append(("publication", calendar.add_working_days(issued, p.publish_working_days), False))
    if case_id in paper.spot_due and state.spot_filed is None:
        out.append(("spot_filing", date.fromisoformat(paper.spot_due[case_id]), False))
    fine = paper.fines.get(case_id, 0.0)
    pay_by = payment_due(state, fine, today)
    if pay_by is not None and case_id not in paper.closed:
        out.append(("fine_payment", pay_by, False))
    window = court_window(state, fine, today)
    if window is not None and case_id not in paper.closed:
        out.append(("court_window", window[1], window[0] > today))
    return out


def payment_due(state: Execution, fine: float, today: date) -> date | None:
    """The day the unpaid fine (or the next unpaid instalment) is due, counted from the
    decision's service (art 67) or by the approved plan (art 66); None when nothing binds:
    not served yet, paid, taken to court or overturned."""
    if fine <= 0 or state.court is not None or state.overturned:
        return None
    if state.payment_due() is None or state.fine_executed(fine, today):
        return None
    covered = state.paid
    for due, amount in state.schedule(fine):
        covered -= amount
        if covered < -0.004:
            return due
    return state.payment_due()


def court_window(state: Execution, fine: float, today: date) -> tuple[date, date] | None:
    """(opens, closes) of the window to apply to the court, if the board shows it now."""
    if fine <= 0 or state.court is not None or state.remedy_pending() or state.overturned:
        return None
    served = state.served_kind("decision") or state.served_kind("on_the_spot")
    if served is None or state.owed(fine, today) <= 0.004:
        return None
    decided = [date.fromisoformat(r["decided_on"]) for r in state.remedies if r.get("decided_on")]
    opens = max([date.fromisoformat(served.due["suit"]), *decided]) + timedelta(days=1)
    closes = rules.add_months(opens, rules.COURT_MONTHS) - timedelta(days=1)
    return (opens, closes) if today >= opens - timedelta(days=LOOKAHEAD) else None


def _item(doc: dict[str, Any], name: str, due: date, today: date, waiting: bool) -> dict[str, Any]:
    zh, statute = WORDS[name]
    return {
        "case_id": doc["case_id"], "number": doc["case_number"], "township": doc["township"],
        "officers": [o["id"] for o in doc.get("officers", [])], "document": doc["number"],
        "deadline": name, "zh": zh, "statute": statute, "due": due.isoformat(),
        "days_left": (due - today).days, "overdue": today > due,
        "opens": waiting,  # court window: not open yet
    }  # fmt: skip


def render_board(items: list[dict[str, Any]]) -> str:
    """The board's paper section: one line a deadline."""
    if not items:
        return "文书与执行期限 paper deadlines: 无 none"
    lines = ["文书与执行期限 paper deadlines:"]
    for i in items:
        state = f"已超期 {-i['days_left']} 天 OVERDUE" if i["overdue"] else f"剩 {i['days_left']} 天"
        note = "（尚未开始，届时可申请）" if i["opens"] else ""
        lines.append(f"  {i['number']} {i['zh']} {i['due']} {state}{note}")
        lines.append(f"      {i['document']} · {i['statute']}")
    return "\n".join(lines)

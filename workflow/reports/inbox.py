"""提醒: the notices a person may read, newest first, each as it stands now.

Who reads what is the case list's scoping: a county supervisor every township's notices
(or one township's); the team's leader and deputies their township's; an officer those
of the cases they are dispatched to now (the cases read model's officers, after 更换办案人员
and 回避) and the 年度考核不合格 notice about themselves. Notices carry no party data.

新 (new) is what the reader has not seen yet: a notice recorded after the newest one they
have seen on the console's first page of 提醒 (their mark, `workflow.accounts.read_marks`,
passed in as `seen`); with no mark yet, those of the last seven days. The nav counts them.

A notice is never hidden once dealt with: it reads 已处理 when its case has since moved
on (the deadline no longer binds the case in its state, the case closed, the paper
deadline met), its inspection's rectification was reported or accepted, or an inquiry
followed the 不合格; 期限已变更 when the deadline still binds but on another day (延期,
a licensing clock resumed, a payment plan).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from sqlalchemy import ColumnElement, and_, select

from projections.engine import ProjectionEngine, Tables
from projections.notices import count_notices, read_notices, scope_filter, tally, unseen
from workflow.cases import words
from workflow.cases.case import Case
from workflow.cases.lifecycle import CaseState
from workflow.cases.view import DEADLINE_ZH, active_deadlines
from workflow.errors import NotAuthorised
from workflow.execution.board import WORDS as PAPER_WORDS
from workflow.execution.board import case_paper_deadlines

READERS = ("officer", "leader", "deputy", "supervisor")
HEADS = ("leader", "deputy")
CASE_DEADLINES = frozenset({"decision", "hearing_request", "licence_issue"})  # the cases model's
PAPER_DEADLINES = frozenset({"service", "publication", "fine_payment", "court_window", "spot_filing"})
FINISHED = ("closed", "reviewed")
RECENT_DAYS = 7  # `recent`: notices issued in the last seven days, today included (新 with no mark)
MAX_LIMIT = 200
Status = tuple[str, str | None]  # (status, the deadline's day now if it moved)


class Reader(Protocol):
    """Who reads (the console's Principal; the CLI's `--as` person)."""

    @property
    def account_id(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def township(self) -> str | None: ...
    @property
    def away(self) -> bool: ...


@dataclass(frozen=True)
class Person:
    """A reader named by id, role and township (the CLI's `--as`)."""

    account_id: str
    role: str
    township: str | None
    away: bool = False  # posted away (调离执法岗位): as an officer, the cases they are on


def deadline_zh(name: str | None) -> str:
    """The deadline's word: the case's (办理期限 …), the paper side's (送达 …), or a notice's own."""
    if name is None:
        return "—"
    if name in PAPER_WORDS:
        return PAPER_WORDS[name][0]
    return DEADLINE_ZH.get(name) or words.NOTICE_DEADLINE_ZH.get(name, name)


def scope(engine: ProjectionEngine, who: Reader, township: str | None) -> ColumnElement[bool]:
    """The notices `who` may read (a supervisor may narrow them to one township code)."""
    if who.role not in READERS or (who.role != "supervisor" and not who.township):
        raise NotAuthorised("无权查看提醒", "you may not read notices")
    table = _tables(engine, "notices")["notices"]
    if who.role == "supervisor" and not who.away:
        return scope_filter(table, township=township)
    if who.role in HEADS and not who.away:
        return scope_filter(table, township=who.township)
    return scope_filter(table, township=who.township, cases=_my_cases(engine, who),
                        officer=who.account_id)  # fmt: skip


def _tables(engine: ProjectionEngine, name: str) -> Tables:
    engine.catch_up(name)  # a no-op when the workers keep it current
    return engine.tables(name)


def _my_cases(engine: ProjectionEngine, who: Reader) -> set[str]:
    """The cases of one's township one is dispatched to now."""
    c = _tables(engine, "cases")["cases"]
    query = select(c.c.case_id, c.c.officers).where(c.c.township == who.township)
    with engine.engine.connect() as conn:
        return {r.case_id for r in conn.execute(query) if who.account_id in r.officers}


def unread(engine: ProjectionEngine, who: Reader, today: date, seen: int | None) -> int:
    """How many notices `who` may read are new to them (the nav's count): recorded after
    `seen`, their mark; with none, issued in the last seven days. Reads the notices and
    (for an officer) the cases models only: never where the cases stand now."""
    where = scope(engine, who, None)
    tables = engine.tables("notices")
    since = today - timedelta(days=RECENT_DAYS - 1)
    with engine.engine.connect() as conn:
        return count_notices(conn, tables, and_(where, unseen(tables["notices"], seen=seen, since=since)))


def inbox(
    engine: ProjectionEngine,
    who: Reader,
    today: date,
    *,
    township: str | None = None,
    limit: int = 50,
    offset: int = 0,
    names: Mapping[str, str] | None = None,
    seen: int | None = None,
) -> dict[str, Any]:
    """One page of the notices `who` may read, newest first, each marked `new` if recorded
    after `seen` (the reader's mark); with how many there are in all, in the last seven
    days and new, and `latest`: the newest position of them all (None: none), which the
    page covers: a notice recorded while it is read is left for the next look. `names`
    gives township names by code."""
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise ValueError(f"limit must be 1–{MAX_LIMIT} and offset 0 or more")
    where = scope(engine, who, township)
    tables = engine.tables("notices")
    table = tables["notices"]
    since = today - timedelta(days=RECENT_DAYS - 1)
    with engine.engine.connect() as conn:
        counts = tally(conn, tables, where, since=since, seen=seen)
        rows = [] if counts["latest"] is None else read_notices(
            conn, tables, and_(where, table.c.position <= counts["latest"]), limit=limit, offset=offset)  # fmt: skip
    fresh = unseen_of(seen, since)
    shown = [{**_shown(r, names or {}), "new": fresh(r)} for r in rows]
    Standing(engine, today).mark(shown)
    return {"notices": shown, **counts, "offset": offset, "limit": limit,
            "more": offset + len(shown) < counts["total"]}  # fmt: skip


def unseen_of(seen: int | None, since: date) -> Callable[[Mapping[str, Any]], bool]:
    """Whether a notice row is new to a reader with this mark (`projections.notices.unseen`)."""
    if seen is not None:
        return lambda r: r["position"] > seen
    return lambda r: r["issued_on"] >= since


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _shown(r: dict[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    return {
        "position": r["position"], "kind": r["kind"], "kind_zh": words.NOTICE_ZH[r["kind"]],
        "case_id": r["case_id"], "number": r["number"], "township": r["township"],
        "township_name": names.get(r["township"], r["township"]),
        "deadline": r["deadline"], "deadline_zh": deadline_zh(r["deadline"]), "due": _iso(r["due"]),
        "days_left": r["days_left"], "working_days_left": r["working_days_left"],
        "days_over": r["days_over"], "statute": r["statute"], "officers": list(r["officers"]),
        "subject": r["subject"], "year": r["year"], "score": r["score"], "note": r["note"],
        "issued_on": _iso(r["issued_on"]),
    }  # fmt: skip


class Standing:
    """Where each notice's case, inspection or officer stands today (已处理 / 期限已变更)."""

    def __init__(self, engine: ProjectionEngine, today: date) -> None:
        self.engine, self.today = engine, today

    def mark(self, rows: list[dict[str, Any]]) -> None:
        cases = self._cases({r["case_id"] for r in rows if r["case_id"]})
        paper = self._paper({r["case_id"] for r in rows if r["deadline"] in PAPER_DEADLINES})
        fixes = self._inspections() if any(r["kind"] == "rectification" for r in rows) else {}
        followed = self._inquiries() if any(r["kind"] == "failed_assessment" for r in rows) else []
        for r in rows:
            r["case_state"] = r["case_state_zh"] = None
            if r["case_id"]:
                case = cases.get(r["case_id"])
                r["case_state"] = case["state"] if case else None
                r["case_state_zh"] = words.state_zh(case["state"]) if case else None
                status, now_due = _case_status(r, case, paper, self.today)
            elif r["kind"] == "rectification":
                status, now_due = _fix_status(r, fixes.get(r["subject"]))
            else:
                done = any(o == r["subject"] and on >= r["issued_on"] for o, on in followed)
                status, now_due = ("handled" if done else "open"), None
            r["status"], r["status_zh"] = status, words.NOTICE_STATUS_ZH[status]
            r["due_now"] = now_due

    def _cases(self, ids: Collection[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        tables = _tables(self.engine, "cases")
        c, d = tables["cases"], tables["deadlines"]
        found: dict[str, dict[str, Any]] = {}
        with self.engine.engine.connect() as conn:
            query = select(c.c.stream_id, c.c.case_id, c.c.state, c.c.defence_waived)
            for r in conn.execute(query.where(c.c.case_id.in_(sorted(ids)))):
                found[r.stream_id] = {"case_id": r.case_id, "state": r.state,
                                      "defence_waived": r.defence_waived, "deadlines": {}}  # fmt: skip
            due = select(d.c.stream_id, d.c.name, d.c.due, d.c.estimated)
            for stream_id, name, day, guessed in conn.execute(due.where(d.c.stream_id.in_(sorted(found)))):
                found[stream_id]["deadlines"][name] = day
                found[stream_id].setdefault("estimated", {})[name] = guessed
        return {v["case_id"]: v for v in found.values()}

    def _paper(self, cases: Collection[str]) -> dict[tuple[str, str], str]:
        """The paper deadlines binding these cases now: only their own paper events read and
        folded, not the whole paper side (what the first page of a process paid before)."""
        found = case_paper_deadlines(self.engine, self.today, cases) if cases else []
        return {(i["case_id"], i["deadline"]): i["due"] for i in found}

    def _inspections(self) -> dict[str, dict[str, Any]]:
        from projections.queries_oversight import inspections

        with self.engine.engine.connect() as conn:
            rows = inspections(conn, _tables(self.engine, "oversight"), self.today)
        return {r["inspection_id"]: r for r in rows}

    def _inquiries(self) -> list[tuple[str, str]]:
        from projections.queries_oversight import inquiries

        with self.engine.engine.connect() as conn:
            rows = inquiries(conn, _tables(self.engine, "oversight"))
        return [(r["officer_id"], r["opened_on"]) for r in rows if r["ground"] == "failed_assessment"]


def _case_status(
    r: dict[str, Any], case: dict[str, Any] | None, paper: dict[tuple[str, str], str],
    today: date | None = None,
) -> Status:
    """已处理 once the deadline no longer binds the case; 期限已变更 when it binds on another day.
    The party's 陈述申辩/听证 period binds nobody once it has run out on a real calendar (the
    case waits for the decision then: `waiting.defence_over`): its warning is 已处理 too."""
    if case is None:
        return "open", None
    if case["state"] in FINISHED:
        return "handled", None
    name = r["deadline"]
    if name in CASE_DEADLINES or name == "limitation":
        binding = active_deadlines(Case(state=CaseState(case["state"]),
                                        defence_waived=case["defence_waived"]))  # fmt: skip
        if name == "limitation":  # unchecked until the decision: 处罚法 36 bars a late one
            return ("open" if "decision" in binding else "handled"), None
        now_due = _iso(case["deadlines"].get(name))  # gone once met (许可证件已颁发)
        if name not in binding or now_due is None:
            return "handled", None
        day = case["deadlines"][name]
        if name == "hearing_request" and today and today > day and not case["estimated"][name]:
            return "handled", None  # the party's period ran out: nothing for anyone to do
        return ("moved", now_due) if now_due != r["due"] else ("open", None)
    current = paper.get((r["case_id"], name))
    if current is None:
        return "handled", None
    return ("moved", current) if current != r["due"] else ("open", None)


def _fix_status(r: dict[str, Any], inspection: dict[str, Any] | None) -> Status:
    """整改: 已处理 once reported or accepted; 期限已变更 when reopened with a new deadline."""
    if inspection is None or inspection["status"] not in ("ordered", "reopened"):
        return ("open", None) if inspection is None else ("handled", None)
    if inspection["due"] not in (None, r["due"]):
        return "moved", inspection["due"]
    return "open", None

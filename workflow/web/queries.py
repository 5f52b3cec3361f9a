"""Read functions shared by the API and the console: `(ctx, who, …) -> JSON-like data`."""

from __future__ import annotations

from typing import Any

from projections.queries_accountability import accountability as accountability_records
from projections.queries_accountability import has_record
from projections.queries_cases import case_list, deadline_board
from projections.queries_oversight import has_oversight, officer_records
from projections.queries_roster import find_township
from projections.queries_roster import roster as roster_reports
from workflow import clock
from workflow.accounts.service import Principal
from workflow.cases import acts
from workflow.cases.case import Case
from workflow.cases.numbering import parse_case_ref
from workflow.errors import NotAuthorised
from workflow.organisation import posting
from workflow.reports import audit
from workflow.web import reads, steps
from workflow.web.context import WebContext


def _today() -> Any:
    return clock.local_day(clock.now())


def _township(ctx: WebContext, who: Principal, township: str | None) -> str | None:
    code = reads.scope(who, township)
    if code is None or code == who.township:
        return code
    with reads.read_model(ctx.casework, "roster") as (conn, tables):
        return find_township(conn, tables, code)


def cases(
    ctx: WebContext, who: Principal, township: str | None, state: str | None, overdue: bool
) -> list[dict[str, Any]]:
    code = _township(ctx, who, township)
    with reads.read_model(ctx.casework, "cases") as (conn, tables):
        rows = case_list(conn, tables, _today(), township=code, state=state, overdue=overdue)
    return reads.listing(who, rows)


def deadlines(ctx: WebContext, who: Principal, township: str | None) -> list[dict[str, Any]]:
    code = _township(ctx, who, township)
    with reads.read_model(ctx.casework, "cases") as (conn, tables):
        rows = deadline_board(conn, tables, _today(), township=code)
    return reads.listing(who, rows)


def case_page(
    ctx: WebContext,
    who: Principal,
    township: str | None,
    state: str | None,
    overdue: bool,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """One page of the case list (all from `offset` when `limit` is None), each case with
    its 下一步 (only the page's cases are folded), and how many the whole list has."""
    return _paged(ctx, cases(ctx, who, township, state, overdue), limit, offset)


def deadline_page(
    ctx: WebContext, who: Principal, township: str | None, limit: int | None = None, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """One page of the deadline board, as `case_page`."""
    return _paged(ctx, deadlines(ctx, who, township), limit, offset)


def _paged(
    ctx: WebContext, rows: list[dict[str, Any]], limit: int | None, offset: int
) -> tuple[list[dict[str, Any]], int]:
    end = None if limit is None else offset + limit
    return steps.rows_with_next(ctx, rows[offset:end]), len(rows)


def load(
    ctx: WebContext, who: Principal, ref: str, as_of: str | None = None
) -> tuple[Case, list[Any]]:
    """The case (as of a time) and its records, if the caller may see it."""
    moment = audit.end_of(as_of) if as_of else None
    records = audit.case_records(ctx.casework.store, ctx.directory(), ref, moment)
    case = ctx.cases("web", who.account_id).load_records(records)
    reads.may_see(who, case.township)
    return case, records


def case(ctx: WebContext, who: Principal, ref: str, as_of: str | None) -> dict[str, Any]:
    folded, _ = load(ctx, who, ref, as_of)
    return reads.case_view(who, folded, audit.end_of(as_of) if as_of else None)


def case_history(
    ctx: WebContext, who: Principal, ref: str, as_of: str | None
) -> list[dict[str, Any]]:
    folded, records = load(ctx, who, ref, as_of)
    return reads.history(who, folded.township, records)


def chain(ctx: WebContext, who: Principal, ref: str) -> dict[str, Any]:
    folded, _ = load(ctx, who, ref)
    if not (who.role == "supervisor" or reads.sees_personal_data(who, folded.township)):
        raise NotAuthorised("无权读取原始记录", "you may not read the stored records")
    stream_id = parse_case_ref(ref, ctx.directory()).stream_id
    return {"stream_id": stream_id, "records": reads.canonical_chain(ctx.casework, stream_id)}


def open_acts(ctx: WebContext, who: Principal, ref: str) -> dict[str, Any]:
    folded, _ = load(ctx, who, ref)
    person = ctx.directory().person(who.account_id)
    names = [acts.act_name(c) for c in visible_acts(ctx, who, folded, person)]
    return {"case_id": folded.case_id, "version": folded.version, "acts": names}


def visible_acts(ctx: WebContext, who: Principal, folded: Any, person: Any) -> list[type]:
    """The acts this person may take on the case now: the lifecycle and the role matrix
    (`acts.allowed`), the page's hints (`act_hints.applies`), and who the act's rule
    names: 法制审核 only by the township's designated 法制审核人员 who did not investigate
    the case (《行政处罚法》第五十八条; the handler refuses anyone else, so the form would
    only lead to a refusal)."""
    from workflow.cases.commands import ExtendDeadline, RecordLegalReview
    from workflow.web.act_hints import (
        BY_CASE_OFFICERS,
        BY_DECIDER,
        BY_LEADER,
        applies,
        moot_today,
    )

    found = [c for c in acts.allowed(folded, person, who.account_id) if applies(c, folded)]
    if RecordLegalReview in found and (
        who.account_id in folded.officers
        or who.account_id not in legal_reviewers(ctx, folded.township)
    ):
        found.remove(RecordLegalReview)
    # the acts of the case's own officers (rules.check_dispatched: 调查取证, 事先告知, 放弃/申请
    # 听证, 颁发许可证件, 中止/恢复): the leader was offered them and refused (未被指派办理本案)
    if who.account_id not in folded.officers:
        found = [c for c in found if c not in BY_CASE_OFFICERS]
    # 回避 and 集体讨论 are the leader's (处罚法 43, 57); a decision the leader's or a deputy's
    # the leader authorised on record (rules_review.check_decider): a deputy was offered them
    if who.role != "leader":
        found = [c for c in found if c not in BY_LEADER]
    if who.role == "deputy" and who.account_id not in deciders(ctx, folded.township):
        found = [c for c in found if c not in BY_DECIDER]
    # 延期: the leader's, before the 办理期限 passes (rules_decision.check_extension; a deputy
    # and a case past its deadline were offered the form, then refused); past it with no
    # extension, 处罚决定 and 准予/不予许可 are refused too (check_within; 处罚法 60, 许可法 42)
    if ExtendDeadline in found and who.role != "leader":
        found.remove(ExtendDeadline)
    moot = moot_today(folded, _today())
    found = [c for c in found if c not in moot]
    # 登记/更正当事人 is open all along: after the acts the case waits for, not first
    return sorted(found, key=lambda c: c.__name__ == "RecordParty")


def roster(ctx: WebContext, who: Principal, township: str | None) -> list[dict[str, Any]]:
    code = _township(ctx, who, township)
    with reads.read_model(ctx.casework, "roster") as (conn, tables):
        return roster_reports(conn, tables, _today(), code)


def accountability(
    ctx: WebContext, who: Principal, officer: str | None, township: str | None
) -> list[dict[str, Any]]:
    if who.role == "officer" or who.away:
        officer = who.account_id  # an officer (or anyone posted away) reads their own record only
    code = _township(ctx, who, township)
    with reads.read_model(ctx.casework, "accountability") as (conn, tables):
        records = accountability_records(conn, tables, _today(), officer=officer, township=code)
    with reads.read_model(ctx.casework, "oversight") as (conn, tables):  # as `casework accountability`
        extra = officer_records(conn, tables, [r["officer_id"] for r in records])
    d = ctx.directory()
    for r in records:
        r["oversight"] = extra[r["officer_id"]]
        r["posted_away"] = posting.posting_of(d, r["officer_id"])
    return [r for r in records if officer or has_record(r) or has_oversight(r["oversight"])]


def supervisor_only(who: Principal) -> None:
    if who.role != "supervisor":
        raise NotAuthorised("仅县级监督人员可用", "for county supervisors only")


def actor_history(
    ctx: WebContext, who: Principal, actor: str | None, start: str | None, end: str | None
) -> list[dict[str, Any]]:
    supervisor_only(who)
    if not (actor or start or end):
        raise ValueError("give actor and/or from/to")
    events = audit.actor_events(ctx.casework.store, actor=actor, within=audit.window(start, end))
    return [audit.audit_row(e) for e in events]


def verify(ctx: WebContext, who: Principal) -> dict[str, Any]:
    supervisor_only(who)
    report = ctx.casework.store.verify()
    first = report.first_broken
    return {"ok": report.ok, "checked": report.checked, "streams": report.streams,
            "problems": len(report.problems), "first_broken": first.describe() if first else None}  # fmt: skip


def status(ctx: WebContext, who: Principal) -> dict[str, Any]:
    supervisor_only(who)
    st = ctx.casework.store.status()
    engine = ctx.casework.projections
    models = []
    for name in engine.projections:
        ps = engine.state(name)
        position = ps.position if ps else 0
        models.append({"name": name, "position": position, "lag": max(st.head - position, 0)})
    return {"backend": st.backend, "last_position": st.last_position, "head": st.head,
            "held_back": st.held_back, "projections": models, "blockers": len(st.blockers)}  # fmt: skip


def verify_month(ctx: WebContext, who: Principal, month: str, root: str | None) -> dict[str, Any]:
    """One month's Merkle root recomputed, against its seal and a root typed from paper."""
    from workflow.reports.seals import check_month, parse_month

    supervisor_only(who)
    parse_month(month)
    check = check_month(ctx.casework.store, month, root or None)
    return {"month": month, "ok": check.ok, "recomputed": check.recomputed,
            "sealed": check.sealed, "paper": check.paper}  # fmt: skip


def legal_reviewers(ctx: WebContext, township: str) -> set[str]:
    """The township's designated 法制审核人员 (《行政处罚法》第五十八条), from its duties stream."""
    from workflow.cases.duties import Duty

    duties = ctx.cases("web", "").duties(township)
    return set(duties.holders.get(Duty.LEGAL_REVIEWER.value, set()))


def deciders(ctx: WebContext, township: str) -> set[str]:
    """The deputies the leader authorised on record to decide (`case duty --duty decider`)."""
    from workflow.cases.duties import Duty

    duties = ctx.cases("web", "").duties(township)
    return set(duties.holders.get(Duty.DECIDER.value, set()))


def review_queue(
    ctx: WebContext, who: Principal
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Penalty cases of one's township where the legal review may be recorded now: first
    those that need it (重大执法决定 not yet passed, or returned), then the others; for a
    designated reviewer only the cases they did not handle (the rules' own conditions)."""
    from workflow.cases.lifecycle import CaseState, Trigger, destination
    from workflow.cases.waiting import review_due

    rows = cases(ctx, who, None, None, False)
    waiting = [r for r in rows if r["kind"] == "penalty" and destination(
        Trigger.RECORD_LEGAL_REVIEW, CaseState(r["state"])) is not None]  # fmt: skip
    if who.township and who.account_id in legal_reviewers(ctx, who.township):
        waiting = [r for r in waiting if who.account_id not in r["officers"]]
    needed: list[dict[str, Any]] = []
    other: list[dict[str, Any]] = []
    for row in waiting:
        folded, _ = load(ctx, who, row["case_id"])
        due = review_due(folded) or folded.review_result == "returned"
        (needed if due else other).append({**row, "major_grounds": folded.major_grounds})
    return needed, other


def notices(
    ctx: WebContext, who: Principal, township: str | None, limit: int = 50, offset: int = 0,
    *, look: bool = False,
) -> dict[str, Any]:
    """提醒: the notices the caller may read, newest first, one page (`reports.inbox`), those
    after the caller's mark `new`. With `look` (the console's page), page one of all of
    them moves the mark up to the newest: the caller has now seen what there was. The API
    reads without moving it."""
    from workflow.reports import inbox

    code = _township(ctx, who, township) if who.role == "supervisor" else None
    names = {t.code: t.name for t in ctx.directory().townships.values()}
    seen = ctx.marks.seen(who.account_id)
    found = inbox.inbox(ctx.casework.projections, who, _today(), township=code, limit=limit,
                        offset=offset, names=names, seen=seen)  # fmt: skip
    # a 时效 note repeats the officer's free text (why the date is unknown): an ID number or
    # a mobile in it is masked as on the case list for all but the township's team
    found["notices"] = [{**n, "note": reads.shown(who, n["township"], n["note"])}
                        for n in found["notices"]]  # fmt: skip
    latest = found["latest"]
    if look and offset == 0 and code is None and latest is not None and (seen or 0) < latest:
        ctx.marks.advance(who.account_id, latest)
    return found


def unread_notices(ctx: WebContext, who: Principal) -> int:
    """How many notices the caller may read are new to them (the nav's count)."""
    from workflow.reports import inbox

    seen = ctx.marks.seen(who.account_id)
    return inbox.unread(ctx.casework.projections, who, _today(), seen)

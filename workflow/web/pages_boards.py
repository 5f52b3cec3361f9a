"""Boards and the supervisor's pages: my cases, the team board, the legal review queue,
the county board, the audit view, verify, status and the monthly circulars."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from workflow import clock
from workflow.cases.lifecycle import CaseState
from workflow.errors import CaseworkError, NotAuthorised
from workflow.web import queries, steps
from workflow.web.auth import Visitor, member, web
from workflow.web.errors import problem
from workflow.web.render import document_page, page

router = APIRouter(include_in_schema=False)
MONTH = re.compile(r"^\d{4}-\d{2}$")


def _mine(rows: list[dict[str, Any]], who: str) -> list[dict[str, Any]]:
    return [r for r in rows if who in r["officers"]]


@router.get("/my", response_class=HTMLResponse)
def my_cases(
    request: Request,
    at: int = Query(1, alias="page", ge=1, le=10_000),
    v: Visitor = Depends(member),
) -> Response:
    """执法人员: my deadlines and my cases, overdue first, each open case with what it waits
    for (下一步); a page of each at a time (the cases shown are the ones folded)."""
    ctx = web(request)
    rows = queries.cases(ctx, v.principal, None, None, False)
    mine = _mine(rows, v.principal.account_id)
    open_mine = [r for r in mine if r["next_deadline"] is not None]
    due = open_mine[: steps.PAGE]
    shown, at, pages = steps.page_of(mine, at)
    folded = steps.rows_with_next(ctx, due + shown)
    return page(request, "my.html", v=v, cases=folded[len(due) :], deadlines=folded[: len(due)],
                due_total=len(open_mine), total=len(mine), page=at, pages=pages)  # fmt: skip


@router.get("/team", response_class=HTMLResponse)
def team_board(request: Request, v: Visitor = Depends(member)) -> Response:
    """队长: the team's board (by state, unassigned, near deadline) and roster compliance;
    the unassigned and near cases each with what it waits for (下一步), their state as their
    events have it (a case dispatched since the read model's last pass is not unassigned)."""
    ctx = web(request)
    rows = queries.cases(ctx, v.principal, None, None, False)
    roster = queries.roster(ctx, v.principal, None)
    unassigned = [r for r in rows if r["state"] == "opened"]
    near = [r for r in rows if _near(r)]
    folded = steps.rows_with_next(ctx, unassigned + near)
    return page(request, "team.html", v=v, counts=_counts(rows),
                unassigned=[r for r in folded[: len(unassigned)] if r["state"] == "opened"],
                near=folded[len(unassigned) :], roster=roster[0] if roster else None)  # fmt: skip


def _near(row: dict[str, Any]) -> bool:
    d = row["next_deadline"]
    return d is not None and (row["overdue"] or d["working_days_left"] <= 5)


def _counts(rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    counted = Counter(r["state"] for r in rows)
    return [(s.value, counted.get(s.value, 0)) for s in CaseState]


@router.get("/queue", response_class=HTMLResponse)
def review_queue(request: Request, v: Visitor = Depends(member)) -> Response:
    """法制审核: for a designated 法制审核人员 the cases they may review now; for the team's
    heads what awaits the review and who is designated; 评查 for supervisors."""
    ctx = web(request)
    who = v.principal
    if who.role == "supervisor":
        rows = queries.cases(ctx, who, None, None, False)
        return page(request, "queue.html", v=v, closed=[r for r in rows if r["state"] == "closed"])
    reviewers = queries.legal_reviewers(ctx, who.township) if who.township else set()
    designated = who.account_id in reviewers
    if not designated and who.role == "officer":
        return page(request, "queue.html", v=v, designated=False, needed=[], other=[], reviewers=[])
    names = sorted(p.name for p in (ctx.directory().person(r) for r in reviewers) if p)
    needed, other = queries.review_queue(ctx, who)
    return page(request, "queue.html", v=v, designated=designated, needed=needed, other=other,
                reviewers=names)  # fmt: skip


@router.get("/county", response_class=HTMLResponse)
def county_board(request: Request, v: Visitor = Depends(member)) -> Response:
    """县级监督: every township's board, the deadline board, cases awaiting 评查."""
    queries.supervisor_only(v.principal)
    ctx = web(request)
    rows = queries.cases(ctx, v.principal, None, None, False)
    by_township: dict[str, Counter[str]] = {}
    for r in rows:
        by_township.setdefault(r["township_name"], Counter())[r["state"]] += 1
    overdue = [r for r in rows if r["overdue"]]
    return page(request, "county.html", v=v, states=[s.value for s in CaseState],
                townships=sorted(by_township.items()), overdue=overdue,
                to_review=[r for r in rows if r["state"] == "closed"][:50], total=len(rows),
                closed=sum(r["state"] == "closed" for r in rows))  # fmt: skip


@router.get("/audit", response_class=HTMLResponse)
def audit_view(
    request: Request,
    case: str | None = Query(None, max_length=100),
    actor: str | None = Query(None, max_length=64),
    start: str | None = Query(None, alias="from", max_length=40),
    end: str | None = Query(None, alias="to", max_length=40),
    as_of: str | None = Query(None, max_length=40),
    v: Visitor = Depends(member),
) -> Response:
    """审计: a case's history (as of a time), or events by officer and period."""
    queries.supervisor_only(v.principal)
    ctx = web(request)
    rows: list[dict[str, Any]] = []
    error = None
    try:
        if case:
            rows = queries.case_history(ctx, v.principal, case, as_of or None)
        elif actor or start or end:
            rows = queries.actor_history(
                ctx, v.principal, actor or None, start or None, end or None
            )
    except (CaseworkError, ValueError) as exc:
        error = problem(exc)[1]
    query = {"case": case or "", "actor": actor or "", "from": start or "", "to": end or "",
             "as_of": as_of or ""}  # fmt: skip
    return page(request, "audit.html", v=v, rows=rows, q=query, error=error,
                backdated=sum(1 for r in rows if r["backdated"]))  # fmt: skip


@router.get("/verify", response_class=HTMLResponse)
def verify_page(request: Request, v: Visitor = Depends(member)) -> Response:
    """验证: recompute every chain (on request)."""
    queries.supervisor_only(v.principal)
    params = request.query_params
    result = queries.verify(web(request), v.principal) if params.get("run") else None
    month, error = None, None
    if params.get("month"):
        try:
            month = queries.verify_month(web(request), v.principal, params["month"][:7],
                                         params.get("root", "")[:100].strip())  # fmt: skip
        except (CaseworkError, ValueError) as exc:
            error = problem(exc)[1]
    return page(request, "verify.html", v=v, result=result, month=month, error=error,
                q={"month": params.get("month", "")[:7], "root": params.get("root", "")[:100]})  # fmt: skip


@router.get("/status", response_class=HTMLResponse)
def status_page(request: Request, v: Visitor = Depends(member)) -> Response:
    return page(request, "status.html", v=v, figures=queries.status(web(request), v.principal))


@router.get("/circulars", response_class=HTMLResponse)
def circulars(request: Request, v: Visitor = Depends(member)) -> Response:
    """月度通报: the months since the demo county's launch, newest first."""
    if v.principal.role not in ("supervisor", "leader", "deputy"):
        raise NotAuthorised("无权查看通报", "circulars are for leaders and supervisors")
    today = clock.local_day(clock.now())
    months = []
    year, month = today.year, today.month
    for _ in range(12):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return page(request, "circulars.html", v=v, months=months)


@router.get("/circulars/{month}", response_class=HTMLResponse)
def circular(request: Request, month: str, v: Visitor = Depends(member)) -> Response:
    """One month's circular, as the monthly job issues it (its own inline style, no script)."""
    from workflow.reports.circular.figures import compile_figures
    from workflow.reports.circular.render import render

    if v.principal.role not in ("supervisor", "leader", "deputy"):
        raise NotAuthorised("无权查看通报", "circulars are for leaders and supervisors")
    if not MONTH.match(month):
        raise ValueError(f"not a month (YYYY-MM): {month}")
    figures = compile_figures(web(request).casework.store, month, clock.local_day(clock.now()))
    return document_page(render(figures, "html"), "/circulars", "返回月度通报")

"""More of the county's pages: the deadline board (期限看板) and the yearly assessment as
its printable document (年度考核通报), the same file as `casework assessment YEAR --html`
(the console's assessment page with the grades is /accountability/assessment/YEAR)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from workflow import clock
from workflow.errors import CaseworkError, NotAuthorised
from workflow.web import queries, reads, steps
from workflow.web.auth import Visitor, member, web
from workflow.web.context import WebContext
from workflow.web.render import document_page, page

router = APIRouter(include_in_schema=False)
READERS = ("supervisor", "leader", "deputy")


@router.get("/deadlines", response_class=HTMLResponse)
def deadline_board(
    request: Request,
    township: str | None = Query(None, max_length=40),
    at: int = Query(1, alias="page", ge=1, le=10_000),
    v: Visitor = Depends(member),
) -> Response:
    """期限看板: every case with a binding deadline, overdue first (one's own township
    unless a supervisor, who may pick one), a page at a time, each with what it waits for
    (下一步: only the cases shown are folded)."""
    ctx = web(request)
    rows = queries.deadlines(ctx, v.principal, township or None)
    towns = sorted((t.code, t.name) for t in ctx.directory().townships.values())
    shown, at, pages = steps.page_of(rows, at)
    return page(request, "deadlines.html", v=v, rows=steps.rows_with_next(ctx, shown), towns=towns,
                township=township or "", total=len(rows), page=at, pages=pages,
                overdue=sum(1 for r in rows if r["overdue"]),
                unchecked=sum(1 for r in rows if r["warning"]),
                fixes=_rectifications(ctx, v, township or None))  # fmt: skip


def _rectifications(ctx: WebContext, v: Visitor, township: str | None) -> list[dict[str, object]]:
    """整改期限: the rectifications not accepted yet (监督检查), overdue first, for the
    leadership of the inspected team and the supervisors (as on `casework deadlines`)."""
    from projections.queries_oversight import open_rectifications

    if v.principal.role not in READERS:
        return []
    code = reads.scope(v.principal, township)
    with reads.read_model(ctx.casework, "oversight") as (conn, tables):
        return open_rectifications(conn, tables, clock.local_day(clock.now()), township=code)


@router.get("/assessment")
def latest_assessment(request: Request, v: Visitor = Depends(member)) -> Response:
    """The nav's 年度考核: this year's assessment once issued, else last year's if issued
    (early in the year), else this year's as computed so far."""
    from workflow.accountability import assessment as service

    _reader(v)
    year = clock.local_day(clock.now()).year
    store = web(request).casework.store
    if service.issued(store, year) is None and service.issued(store, year - 1) is not None:
        year -= 1
    return RedirectResponse(f"/assessment/{year}", status_code=303)


@router.get("/assessment/{year}", response_class=HTMLResponse)
def assessment(request: Request, year: int, v: Visitor = Depends(member)) -> Response:
    """The year's grades as issued, or as computed from the log today (marked provisional)."""
    from workflow.accountability import assessment as service
    from workflow.accountability.document import render_html
    from workflow.accountability.policy import load_policy

    _reader(v)
    if not 2000 <= year <= clock.local_day(clock.now()).year:
        raise CaseworkError(f"年份不在范围内：{year}", f"no assessment for the year {year}")
    ctx = web(request)
    store = ctx.casework.store
    found = service.issued(store, year)
    if found is None:
        policy = service.policy_for(store, year, load_policy(ctx.casework.settings.county_file))
        found = service.compute(store, year, policy, clock.local_day(clock.now()))
        text, _ = render_html(found, ctx.directory(), issued=False)
    else:
        text, _ = render_html(found, ctx.directory(), issued=True)
    back = f"/accountability/assessment/{year}"
    return document_page(text, back, f"返回{year}年度考核（监督问责）")


def _reader(v: Visitor) -> None:
    if v.principal.role not in READERS:
        raise NotAuthorised("年度考核仅供队长、副队长和县级监督人员查看",
                            "the yearly assessment is for leaders and supervisors")  # fmt: skip

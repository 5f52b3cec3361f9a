"""提醒: the notices the daily sweep issued that the visitor may read, newest first."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from workflow.web import queries
from workflow.web.auth import Visitor, member, web
from workflow.web.render import page

router = APIRouter(include_in_schema=False)
PAGE = 50  # notices a page; 更多 shows the next


@router.get("/notices", response_class=HTMLResponse)
def notices(
    request: Request,
    township: str | None = Query(None, max_length=40),
    offset: int = Query(0, ge=0, le=1_000_000),
    v: Visitor = Depends(member),
) -> Response:
    """期限预警, 超期通知, 时效未核对预警, 整改超期通知, 年度考核不合格通知: one's own cases'
    (an officer), the township's (its leadership), every township's or one's (a supervisor).
    Those new to the visitor are marked 新; opening page one (of all one may read, not one
    township's) marks them seen, so the nav's count clears."""
    ctx = web(request)
    found = queries.notices(ctx, v.principal, township or None, PAGE, offset, look=True)
    towns = sorted((t.code, t.name) for t in ctx.directory().townships.values())
    return page(request, "notices.html", v=v, found=found, towns=towns, township=township or "")

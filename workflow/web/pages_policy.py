"""The county's accountability policy as recorded (问责规则变更记录): every version of the
county file's `[accountability]` table, when it took effect and was recorded, and what
changed; `?year=Y` shows the version that year is graded by (as `casework assessment-policy`).
For supervisors, administrators and township leadership (the rules they apply)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from workflow.accountability import policy_history
from workflow.errors import CaseworkError, NotAuthorised
from workflow.web.auth import Visitor, member, web
from workflow.web.render import page

router = APIRouter(include_in_schema=False)
READERS = ("supervisor", "admin", "leader", "deputy")


@router.get("/accountability/policy", response_class=HTMLResponse)
def policy_page(request: Request, year: int | None = None, v: Visitor = Depends(member)) -> Response:
    """The recorded versions, newest first (or the one in force in `year`)."""
    if v.principal.role not in READERS:
        raise NotAuthorised("只有县级监督、管理人员和执法队领导可以查看问责规则记录",
                            "the policy history is for supervisors, administrators and team leadership")  # fmt: skip
    if year is not None and not 2000 <= year <= 2100:
        raise CaseworkError(f"年份不在范围内：{year}", f"no policy for the year {year}")
    rows = policy_history.versions(web(request).casework.store, year)
    return page(request, "accountability/policy.html", v=v, year=year, rows=list(reversed(rows)))

"""The JSON API's reads: cases, one case, its history and canonical chain, the acts open to
the caller, deadlines, notices, roster, accountability, history by actor, verify, status.

A token with the `read` scope, or the console session, may read; what it sees is
limited as in the console (`reads.py`).
"""

from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials
from starlette.concurrency import run_in_threadpool

from workflow.web import queries
from workflow.web.api import ERRORS
from workflow.web.api_rows import TOTAL_HEADER, CaseRowOut
from workflow.web.auth import api_principal, bearer, web

router = APIRouter(prefix="/api", tags=["reads"], responses=ERRORS)
Credentials = HTTPAuthorizationCredentials | None
TOWNSHIP = Query(None, max_length=50, description="code or name; supervisors only")
AS_OF = Query(
    None, max_length=40, description="a day or time (Asia/Shanghai): the case as it stood"
)


async def _read(request: Request, credentials: Credentials, fn: Any, *args: Any, **kw: Any) -> Any:
    who = await run_in_threadpool(api_principal, request, credentials, write=False)
    return await run_in_threadpool(fn, web(request), who, *args, **kw)


LIMIT = Query(None, ge=1, le=10_000, description="rows on this page (default: all)")
OFFSET = Query(0, ge=0, le=1_000_000, description="rows to skip (those listed before)")
LISTED: dict[int | str, dict[str, Any]] = {200: {"headers": TOTAL_HEADER}}


@router.get("/cases", summary="案件台账 cases, overdue first", responses=LISTED)
async def cases(
    request: Request,
    response: Response,
    township: str | None = TOWNSHIP,
    state: str | None = Query(None, max_length=40),
    overdue: bool = False,
    limit: int | None = LIMIT,
    offset: int = OFFSET,
    credentials: Credentials = Depends(bearer),
) -> list[CaseRowOut]:
    """The cases the caller may see, overdue first, each with `next` (下一步: the act it
    waits for and who may do it, as the case page and `casework cases --json` have it; null
    once closed). Only the cases of the page are folded for it: `limit` and `offset` page
    the list, `X-Total-Count` says how long it is."""
    rows, total = await _read(request, credentials, queries.case_page, township, state, overdue,
                              limit, offset)  # fmt: skip
    response.headers["X-Total-Count"] = str(total)
    return rows  # dicts: FastAPI validates them as CaseRowOut


@router.get("/deadlines", summary="期限看板 deadline board", responses=LISTED)
async def deadlines(
    request: Request,
    response: Response,
    township: str | None = TOWNSHIP,
    limit: int | None = LIMIT,
    offset: int = OFFSET,
    credentials: Credentials = Depends(bearer),
) -> list[CaseRowOut]:
    """Every case with a binding deadline, overdue first, each with `next` (下一步), paged
    as `GET /api/cases`."""
    rows, total = await _read(request, credentials, queries.deadline_page, township, limit,
                              offset)  # fmt: skip
    response.headers["X-Total-Count"] = str(total)
    return rows  # dicts: FastAPI validates them as CaseRowOut


@router.get("/notices", summary="提醒 notices: deadline warnings, overdue and other notices, newest first")
async def notices(
    request: Request,
    township: str | None = TOWNSHIP,
    limit: int = Query(50, ge=1, le=200, description="notices on this page"),
    offset: int = Query(0, ge=0, le=1_000_000, description="notices to skip (newer ones)"),
    credentials: Credentials = Depends(bearer),
) -> dict[str, Any]:
    """The notices the daily sweep issued that the caller may read (an officer: the cases
    they are dispatched to and their own 年度考核 notice; the leadership: their township's;
    a supervisor: all, or one township's), newest first. Each carries its kind (期限预警,
    超期通知, 时效未核对预警, 整改超期通知, 年度考核不合格通知), the case, the deadline, its due
    day, the days left or over on the day it was issued, the statute, and `status`: `open`,
    `handled` (已处理: the case has since moved on) or `moved` (期限已变更, `due_now`).
    `total` counts them all, `recent` those of the last seven days, `unread` those new to
    the caller (each such notice has `new`: recorded since the caller last opened the
    console's 提醒; never opened, the last seven days), `latest` is the newest position,
    `more` says a next page exists (`offset` + `limit`). Reading here does not mark them
    seen: only the console's page does."""
    return await _read(request, credentials, queries.notices, township, limit, offset)


@router.get("/cases/{case}", summary="一个案件 one case (as of a time)")
async def case(
    request: Request,
    case: str,
    as_of: str | None = AS_OF,
    credentials: Credentials = Depends(bearer),
) -> dict[str, Any]:
    return await _read(request, credentials, queries.case, case, as_of)


@router.get("/cases/{case}/history", summary="审计 every event of the case")
async def case_history(
    request: Request,
    case: str,
    as_of: str | None = AS_OF,
    credentials: Credentials = Depends(bearer),
) -> list[dict[str, Any]]:
    return await _read(request, credentials, queries.case_history, case, as_of)


@router.get(
    "/cases/{case}/chain", summary="the case's stored records, for an independent hash check"
)
async def case_chain(
    request: Request, case: str, credentials: Credentials = Depends(bearer)
) -> dict[str, Any]:
    return await _read(request, credentials, queries.chain, case)


@router.get("/cases/{case}/acts", summary="the acts the caller may take on the case now")
async def case_acts(
    request: Request, case: str, credentials: Credentials = Depends(bearer)
) -> dict[str, Any]:
    return await _read(request, credentials, queries.open_acts, case)


@router.get("/roster", summary="花名册 team rosters (7+9+N)")
async def roster(
    request: Request, township: str | None = TOWNSHIP, credentials: Credentials = Depends(bearer)
) -> list[dict[str, Any]]:
    return await _read(request, credentials, queries.roster, township)


@router.get("/accountability", summary="执法责任档案 officer accountability")
async def accountability(
    request: Request,
    officer: str | None = Query(None, max_length=64),
    township: str | None = TOWNSHIP,
    credentials: Credentials = Depends(bearer),
) -> list[dict[str, Any]]:
    return await _read(request, credentials, queries.accountability, officer, township)


@router.get("/history", summary="审计 events by actor and period (supervisors)")
async def history(
    request: Request,
    actor: str | None = Query(None, max_length=64),
    start: str | None = Query(None, alias="from", max_length=40),
    end: str | None = Query(None, alias="to", max_length=40),
    credentials: Credentials = Depends(bearer),
) -> list[dict[str, Any]]:
    return await _read(request, credentials, queries.actor_history, actor, start, end)


@router.get("/verify", summary="验证 recompute every hash chain and seal (supervisors)")
async def verify(request: Request, credentials: Credentials = Depends(bearer)) -> dict[str, Any]:
    return await _read(request, credentials, queries.verify)


@router.get("/status", summary="where the log and the read models stand (supervisors)")
async def status(request: Request, credentials: Credentials = Depends(bearer)) -> dict[str, Any]:
    return await _read(request, credentials, queries.status)

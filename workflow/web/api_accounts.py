"""Accounts over the API for county administrators (账户管理): open an account (the first
password is in the answer, once), reset a password, lock an account — the services behind
`casework account create|reset|lock`, stamped channel `api`. A reset or a lock ends every
session and token of the account (`workflow.accounts.revocation`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from workflow.web.api import ERRORS
from workflow.web.auth import api_principal, bearer, web

router = APIRouter(prefix="/api/accounts", tags=["accounts"], responses=ERRORS)
Credentials = HTTPAuthorizationCredentials | None
ACCOUNT = Path(..., max_length=64, description="the person's id in the roster")


class AccountIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    account_id: str = Field(..., max_length=64, description="the person's id in the roster")


async def _admin(request: Request, credentials: Credentials) -> str:
    who = await run_in_threadpool(api_principal, request, credentials, write=True)
    return who.account_id  # the account service checks the administrator (NotAuthorised: 403)


@router.post("", status_code=201, summary="开通账户 open an account (first password once)")
async def create(request: Request, body: AccountIn,
                 credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    by = await _admin(request, credentials)
    first = await run_in_threadpool(web(request).accounts.create, body.account_id, by=by,
                                    channel="api")  # fmt: skip
    return {"account": body.account_id, "first_password": first}


@router.post("/{account_id}/reset", status_code=201, summary="重置密码 (first password once)")
async def reset(request: Request, account_id: str = ACCOUNT,
                credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    by = await _admin(request, credentials)
    first = await run_in_threadpool(web(request).accounts.reset, account_id, by=by,
                                    channel="api")  # fmt: skip
    return {"account": account_id, "first_password": first}


@router.post("/{account_id}/lock", summary="锁定账户 lock (sessions and tokens end)")
async def lock(request: Request, account_id: str = ACCOUNT,
               credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    by = await _admin(request, credentials)
    await run_in_threadpool(web(request).accounts.lock, account_id, by=by, channel="api")
    return {"account": account_id, "locked": True}

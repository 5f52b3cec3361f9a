"""Accounts over the API for county administrators (账户管理): open an account (the first
password is in the answer, once), reset a password, lock an account — the services behind
`casework account create|reset|lock`, stamped channel `api`. A reset or a lock ends every
session and token of the account (`workflow.accounts.revocation`)."""

from __future__ import annotations

import copy
from typing import Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from workflow.accounts.events import account_stream
from workflow.origin import stamped
from workflow.web.api import ERRORS, IDEMPOTENCY
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


def _once(request: Request, by: str, key: str | None, account_id: str, act: Any,
          channel: str = "api") -> dict[str, Any]:  # fmt: skip
    """`act(service)` once per `Idempotency-Key` (the console: per form): the key (scoped to
    the administrator) is the command id in the account event's metadata; a retry finds it
    and records nothing. A first password is shown once: the retry's answer does not repeat it."""
    ctx = web(request)
    command = f"{by}:{key}" if key else None
    if command is not None:
        stream = account_stream(account_id)
        if any(r.metadata.get("command") == command for r in ctx.casework.store.read_stream(stream)):
            return {"account": account_id, "duplicate": True, "first_password": None}
    service = copy.copy(ctx.accounts)
    service.store = stamped(ctx.casework.store, channel, by, command)
    return {"account": account_id, "duplicate": False, **act(service)}


@router.post("", status_code=201, summary="开通账户 open an account (first password once)")
async def create(request: Request, body: AccountIn, key: str | None = IDEMPOTENCY,
                 credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    by = await _admin(request, credentials)
    return await run_in_threadpool(_once, request, by, key, body.account_id, lambda s: {
        "first_password": s.create(body.account_id, by=by, channel="api")})  # fmt: skip


@router.post("/{account_id}/reset", status_code=201, summary="重置密码 (first password once)")
async def reset(request: Request, account_id: str = ACCOUNT, key: str | None = IDEMPOTENCY,
                credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    by = await _admin(request, credentials)
    return await run_in_threadpool(_once, request, by, key, account_id, lambda s: {
        "first_password": s.reset(account_id, by=by, channel="api")})  # fmt: skip


@router.post("/{account_id}/lock", summary="锁定账户 lock (sessions and tokens end)")
async def lock(request: Request, account_id: str = ACCOUNT, key: str | None = IDEMPOTENCY,
               credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    by = await _admin(request, credentials)
    return await run_in_threadpool(_once, request, by, key, account_id, lambda s: {
        "locked": s.lock(account_id, by=by, channel="api") or True})  # fmt: skip

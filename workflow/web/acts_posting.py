"""恢复执法岗位 from the console: the officer's record page posts here, and the same handlers
as `casework inquiry agree-reinstate|reinstate` apply the county file's rule (who agrees
first, who restores)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from workflow.accountability import reinstatement
from workflow.accountability.policy import Policy
from workflow.web.acts_accountability import Form, run, text

router = APIRouter(include_in_schema=False)


@router.post("/accountability/record/{officer}/reinstate")
async def reinstate(request: Request, officer: str) -> Response:
    def act(store: Any, actor: str, form: Form, policy: Policy, cid: str | None) -> str:
        reinstatement.reinstate(store, actor, officer, reasons=text(form, "reasons"), policy=policy,
                                command_id=cid)  # fmt: skip
        return officer

    return await run(request, act, lambda o: f"/accountability/record/{o}?done=reinstate")


@router.post("/accountability/record/{officer}/agree-reinstate")
async def agree_reinstate(request: Request, officer: str) -> Response:
    def act(store: Any, actor: str, form: Form, policy: Policy, cid: str | None) -> str:
        reinstatement.agree(store, actor, officer, comments=text(form, "comments"), policy=policy,
                            command_id=cid)  # fmt: skip
        return officer

    return await run(request, act, lambda o: f"/accountability/record/{o}?done=agree-reinstate")

"""恢复执法岗位 from the console: the officer's record page posts here, and the same handler
as `casework inquiry reinstate` applies the county file's rule (who may restore)."""

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

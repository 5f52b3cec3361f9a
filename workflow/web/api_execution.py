"""The JSON API of a case's execution after the decision, over the services behind
`casework case consent|on-the-spot|plan|court|perform|remedy|pay|publish`: 电子送达确认书
(art 61), 当场收缴 (arts 68–69), 延期/分期缴纳 (art 66), 申请法院强制执行 (行政强制法
art 53), 其他处罚执行, 复议/诉讼. `Idempotency-Key` makes a retry return the first result.
The two acts with a file (the signed confirmation, the proof of performance) are
multipart forms; the others take JSON.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from workflow.errors import CaseworkError
from workflow.web import evidence, paper_acts
from workflow.web.api import ERRORS, IDEMPOTENCY, command_id
from workflow.web.auth import api_principal, bearer, web

router = APIRouter(prefix="/api/cases/{case}", tags=["execution"], responses=ERRORS)
Credentials = HTTPAuthorizationCredentials | None
STRICT = ConfigDict(extra="forbid")
PROOF = File(..., description="the signed confirmation, or the proof of performance")


class Instalment(BaseModel):
    model_config = STRICT
    due: date
    amount: float = Field(..., gt=0, lt=1e9)


class PlanIn(BaseModel):
    model_config = STRICT
    instalments: list[Instalment] = Field(..., min_length=1, max_length=36)
    reason: str = Field(..., max_length=500, description="the party's application")


class CourtIn(BaseModel):
    model_config = STRICT
    court: str = Field(..., max_length=200, description="the court applied to")


class CourtResultIn(BaseModel):
    model_config = STRICT
    result: str = Field(..., pattern="^(enforced|ended)$")
    amount: float = Field(0.0, ge=0, lt=1e9)
    note: str = Field("", max_length=500)


class RemedyIn(BaseModel):
    model_config = STRICT
    remedy: str = Field(..., pattern="^(review|suit)$", description="行政复议 | 行政诉讼")
    organ: str = Field(..., max_length=200, description="复议机关 or court")
    on: date | None = None


class RemedyOutcomeIn(BaseModel):
    model_config = STRICT
    remedy: str = Field(..., pattern="^(review|suit)$")
    outcome: str = Field(..., max_length=10, description="维持|撤销|变更|确认违法|驳回")
    on: date | None = None
    judgment: str = Field("", max_length=100)


def _form(body: BaseModel) -> dict[str, str]:
    return {k: str(v) for k, v in body.model_dump().items() if v is not None}


async def _act(request: Request, credentials: Credentials, key: str | None, act: str,
               case: str, form: dict[str, str], proof: tuple[str, str] = ("", "")) -> dict[str, Any]:  # fmt: skip
    who = await run_in_threadpool(api_principal, request, credentials, write=True)
    event = await run_in_threadpool(paper_acts.run, web(request), who, "api", act, case, form,
                                    command_id(who, key), proof)  # fmt: skip
    return {"event": type(event).__name__, **dataclasses.asdict(event)}


async def _kept(request: Request, upload: UploadFile) -> tuple[str, str]:
    """(SHA-256, the file's own name): the name is recorded and shown, never used as a path."""
    if not upload.filename:
        raise CaseworkError("须附文件", "attach the file")
    ctx = web(request)
    name, digest = await run_in_threadpool(evidence.keep, ctx.evidence_dir, upload.filename,
                                           evidence.upload_chunks(upload.file),
                                           evidence.most(ctx.casework.settings))  # fmt: skip
    return digest, name


@router.post("/consent", status_code=201, summary="电子送达确认书 consent to e-service")
async def consent(request: Request, case: str, channel: str = Form(..., max_length=50),
                  proof: UploadFile = PROOF,
                  key: str | None = IDEMPOTENCY, credentials: Credentials = Depends(bearer),
                  ) -> dict[str, Any]:  # fmt: skip
    await run_in_threadpool(api_principal, request, credentials, write=True)  # before keeping
    digest = await _kept(request, proof)
    return await _act(request, credentials, key, "consent", case, {"channel": channel}, digest)


@router.post("/on-the-spot-collection", status_code=201, summary="当场收缴入账")
async def collect(request: Request, case: str, key: str | None = IDEMPOTENCY,
                  credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    return await _act(request, credentials, key, "collect", case, {})


@router.post("/payment-plan", status_code=201, summary="延期/分期缴纳 (art 66, the leader)")
async def plan(request: Request, case: str, body: PlanIn, key: str | None = IDEMPOTENCY,
               credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    lines = "\n".join(f"{i.due.isoformat()}:{i.amount}" for i in body.instalments)
    form = {"instalments": lines, "reason": body.reason}
    return await _act(request, credentials, key, "plan", case, form)


@router.post("/court", status_code=201, summary="申请法院强制执行 (leader or deputy)")
async def court(request: Request, case: str, body: CourtIn, key: str | None = IDEMPOTENCY,
                credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    return await _act(request, credentials, key, "court", case, _form(body))


@router.post("/court/result", status_code=201, summary="法院强制执行结果")
async def court_result(request: Request, case: str, body: CourtResultIn,
                       key: str | None = IDEMPOTENCY,
                       credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    return await _act(request, credentials, key, "court-result", case, _form(body))


@router.post("/performance", status_code=201, summary="其他处罚已执行 (with proof)")
async def perform(request: Request, case: str, sanction: str = Form(..., max_length=50),
                  on: date | None = Form(None), note: str = Form("", max_length=500),
                  proof: UploadFile = PROOF,
                  key: str | None = IDEMPOTENCY, credentials: Credentials = Depends(bearer),
                  ) -> dict[str, Any]:  # fmt: skip
    await run_in_threadpool(api_principal, request, credentials, write=True)
    digest = await _kept(request, proof)
    form = {"sanction": sanction, "note": note, **({"on": on.isoformat()} if on else {})}
    return await _act(request, credentials, key, "perform", case, form, digest)


@router.post("/remedies", status_code=201, summary="复议/诉讼已受理")
async def remedy(request: Request, case: str, body: RemedyIn, key: str | None = IDEMPOTENCY,
                 credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    return await _act(request, credentials, key, "remedy", case, _form(body))


@router.post("/remedies/outcome", status_code=201, summary="复议/诉讼结果")
async def remedy_outcome(request: Request, case: str, body: RemedyOutcomeIn,
                         key: str | None = IDEMPOTENCY,
                         credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    return await _act(request, credentials, key, "remedy-outcome", case, _form(body))

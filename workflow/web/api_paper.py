"""The JSON API of a case's papers: issue a document (文书) and fetch its PDF, record service
(送达), payment (缴款), publication (公示) and its withdrawal — the services behind
`casework document issue`, `case serve`, `case pay`, `case publish|withdraw-publication`,
stamped with the channel `api` and the account. Monthly circulars (月度通报) as JSON.
"""

import dataclasses
import re
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from workflow import clock
from workflow.accountability.files import FileTooLarge
from workflow.documents.kinds import DocumentKind
from workflow.errors import CaseworkError, NotAuthorised
from workflow.web import evidence, paper, paper_acts, queries
from workflow.web.api import ERRORS, IDEMPOTENCY, command_id
from workflow.web.auth import api_principal, bearer, web

router = APIRouter(prefix="/api", tags=["papers"], responses=ERRORS)
Credentials = HTTPAuthorizationCredentials | None
STRICT = ConfigDict(extra="forbid")
MONTH = re.compile(r"^\d{4}-\d{2}$")
VERIFIED = File(..., description="the PDF to check")


class IssueIn(BaseModel):
    model_config = STRICT
    kind: DocumentKind


class ServeIn(BaseModel):
    model_config = STRICT
    document: str = Field(..., max_length=100, description="文书编号")
    method: str = Field(..., max_length=20, description="直接送达|留置送达|邮寄送达|电子送达|公告送达")
    on: date | None = Field(None, description="the day it happened; default today")
    witnesses: list[str] = Field(default_factory=list, max_length=10)
    tracking: str = Field("", max_length=100)
    published_on: date | None = None
    failed: str | None = Field(None, max_length=500, description="the attempt failed: why")


class PayIn(BaseModel):
    model_config = STRICT
    amount: float = Field(..., gt=0, lt=1e9)
    receipt: str = Field(..., max_length=100)
    on: date | None = None


class WithdrawIn(BaseModel):
    model_config = STRICT
    reason: str = Field(..., max_length=500)


def _as_json(event: Any) -> dict[str, Any]:
    return {"event": type(event).__name__, **dataclasses.asdict(event)}


async def _act(request: Request, credentials: Credentials, fn: Any, *args: Any) -> Any:
    who = await run_in_threadpool(api_principal, request, credentials, write=True)
    s = paper.services(web(request), who, "api")
    return await run_in_threadpool(fn, s, who.account_id, *args)


@router.post("/cases/{case}/documents", status_code=201, summary="签发文书 issue a document")
async def issue(request: Request, case: str, body: IssueIn, key: str | None = IDEMPOTENCY,
                credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    def run(s: paper.Services, who: str) -> dict[str, Any]:
        issued = paper.issue_kind(s, who, case, body.kind, f"{who}:{key}" if key else None)
        return _as_json(issued.event)

    return dict(await _act(request, credentials, run))


@router.get("/cases/{case}/documents", summary="本案文书 the documents issued for a case")
async def documents(request: Request, case: str, credentials: Credentials = Depends(bearer)) -> list[dict[str, Any]]:
    who = await run_in_threadpool(api_principal, request, credentials, write=False)

    def run() -> list[dict[str, Any]]:
        ctx = web(request)
        folded, _ = queries.load(ctx, who, case)
        if not paper.may_read_papers(who, folded.township):
            raise NotAuthorised("无权查看本案文书", "you may not read this case's documents")
        issued = paper.services(ctx, who, "api").documents.of_case(case)
        return [_as_json(i.event) for i in issued]

    return await run_in_threadpool(run)


@router.get("/cases/{case}/document.pdf", summary="文书 PDF, re-rendered from the log",
            response_class=Response, responses={200: {"content": {"application/pdf": {}}}})  # fmt: skip
async def document_pdf(request: Request, case: str, number: str = Query(..., max_length=100),
                       credentials: Credentials = Depends(bearer)) -> Response:  # fmt: skip
    who = await run_in_threadpool(api_principal, request, credentials, write=False)

    def run() -> bytes:
        ctx = web(request)
        folded, _ = queries.load(ctx, who, case)
        if not paper.may_read_papers(who, folded.township):
            raise NotAuthorised("无权下载本案文书", "you may not download this case's documents")
        return paper.services(ctx, who, "api").documents.reproduce(case, number)[1]

    return Response(await run_in_threadpool(run), media_type="application/pdf")


@router.post("/cases/{case}/service", status_code=201, summary="送达 record service")
async def serve(request: Request, case: str, body: ServeIn, key: str | None = IDEMPOTENCY,
                credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    def run(s: paper.Services, who: str) -> Any:
        if body.failed:
            return s.execution.service_failed(case, body.document, body.method, body.on, body.failed, who)
        return s.execution.serve(case, body.document, body.method, body.on, who,
                                 witnesses=body.witnesses, tracking=body.tracking,
                                 published_on=body.published_on,
                                 command_id=f"{who}:{key}" if key else None)  # fmt: skip

    return _as_json(await _act(request, credentials, run))


@router.post("/cases/{case}/payments", status_code=201, summary="缴纳罚款 record a payment")
async def pay(request: Request, case: str, body: PayIn, key: str | None = IDEMPOTENCY,
              credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    form = {"amount": str(body.amount), "receipt": body.receipt,
            **({"on": body.on.isoformat()} if body.on else {})}  # fmt: skip
    return await _once(request, credentials, key, "pay", case, form)


@router.post("/cases/{case}/publication", status_code=201, summary="公示 publish the decision")
async def publish(request: Request, case: str, key: str | None = IDEMPOTENCY,
                  credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    return await _once(request, credentials, key, "publish", case, {})


@router.post("/cases/{case}/publication/withdrawal", status_code=201, summary="撤回公示")
async def withdraw(request: Request, case: str, body: WithdrawIn, key: str | None = IDEMPOTENCY,
                   credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    return await _once(request, credentials, key, "withdraw-publication", case,
                       {"reason": body.reason})  # fmt: skip


async def _once(request: Request, credentials: Credentials, key: str | None, act: str,
                case: str, form: dict[str, str]) -> dict[str, Any]:  # fmt: skip
    """An act through `paper_acts.run`: a retry with the same key returns the first result."""
    who = await run_in_threadpool(api_principal, request, credentials, write=True)
    event = await run_in_threadpool(paper_acts.run, web(request), who, "api", act, case, form,
                                    command_id(who, key))  # fmt: skip
    return _as_json(event)


@router.post("/documents/verify", summary="核验 is this file a document issued, byte for byte?")
async def verify(request: Request, file: UploadFile = VERIFIED,
                 credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """genuine (as issued and recorded), altered (its number is recorded, its bytes differ)
    or unknown; a read, so a `read` token will do."""
    who = await run_in_threadpool(api_principal, request, credentials, write=False)
    most = evidence.most(web(request).casework.settings)  # the CLI's `document verify` limit
    body = await file.read(most + 1)
    if len(body) > most:
        raise FileTooLarge(most, "CASEWORK_EVIDENCE_MAX_MB")  # 413, as the body's cap
    result = await run_in_threadpool(paper.services(web(request), who, "api").documents.verify, body)
    verdict = "genuine" if result.ok else ("altered" if result.issued is not None else "unknown")
    found = result.issued.event if result.issued is not None else None
    return {"ok": result.ok, "verdict": verdict, "zh": result.zh, "en": result.en,
            "document": found.number if found else None, "kind": found.kind if found else None}


@router.get("/circulars/{month}", summary="月度通报 a month's figures (leaders, supervisors)")
async def circular(request: Request, month: str, credentials: Credentials = Depends(bearer)) -> dict[str, Any]:
    from workflow.reports.circular.figures import compile_figures, summary

    who = await run_in_threadpool(api_principal, request, credentials, write=False)
    if who.role not in ("supervisor", "leader", "deputy"):
        raise NotAuthorised("无权查看通报", "circulars are for leaders and supervisors")
    if not MONTH.match(month):
        raise CaseworkError(f"月份格式应为 YYYY-MM：{month}", f"not a month (YYYY-MM): {month}")
    store, today = web(request).casework.store, clock.local_day(clock.now())
    figures = await run_in_threadpool(compile_figures, store, month, today)
    return dict(summary(figures))

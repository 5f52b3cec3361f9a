"""The JSON API of what comes before a case: 线索 (leads: `casework case source …`) and
许可申请 (applications: `casework case application …`), through the same services as the CLI
(`SourceService`, `ApplicationService`: no rule is copied here).

Writes take a token with the `write` scope and an `Idempotency-Key` (the command id);
every event carries the channel `api` and the account. A lead or an application is seen
by its township's team and by supervisors; the reporter of a lead only by the township's
leadership (as `case source show`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field, create_model
from starlette.concurrency import run_in_threadpool

from workflow import clock
from workflow.accounts.service import Principal
from workflow.cases import commands as cmd
from workflow.web import reads
from workflow.web.api import ERRORS, IDEMPOTENCY, business_time, command_id
from workflow.web.api_models import OPEN_BODY, CaseOut
from workflow.web.auth import api_principal, bearer, web
from workflow.web.context import WebContext

router = APIRouter(prefix="/api", tags=["intake"], responses=ERRORS)
Credentials = HTTPAuthorizationCredentials | None
STRICT = ConfigDict(extra="forbid")
TEXT = 4000
AT = Field(None, description="business time; naive = Asia/Shanghai")
LATE = Field("", max_length=TEXT, description="why the act is recorded late (backdated)")


class RegisterLeadIn(BaseModel):
    model_config = STRICT
    township: str = Field(..., max_length=50, description="乡镇 code or name")
    channel: str = Field(..., max_length=20, description="来源 (as `case source register --channel`)")
    summary: str = Field(..., max_length=TEXT, description="线索内容")
    discovered_on: date | None = Field(None, description="发现之日 (default: today)")
    reporter: str = Field("", max_length=200, description="举报人 (kept confidential)")
    reporter_contact: str = Field("", max_length=200, description="举报人联系方式 (confidential)")
    at: datetime | None = AT
    late_reason: str = LATE


_OPENING: dict[str, Any] = {
    name: (f.annotation, f)
    for name, f in OPEN_BODY.model_fields.items()
    if name not in ("township", "at")
}
LeadOpening: Any = create_model("LeadOpening", __config__=STRICT, **_OPENING)


class AcceptLeadIn(BaseModel):
    model_config = STRICT
    opinion: str = Field("同意立案", max_length=TEXT, description="审批意见")
    case: LeadOpening = Field(..., description="the case opened: as POST /api/cases, no township")
    at: datetime | None = AT
    late_reason: str = LATE


class RejectIn(BaseModel):
    model_config = STRICT
    reason: str = Field(..., max_length=TEXT, description="不予立案/不予受理的理由")
    at: datetime | None = AT
    late_reason: str = LATE


class ReceiveIn(BaseModel):
    model_config = STRICT
    township: str = Field(..., max_length=50, description="乡镇 code or name")
    matter: str = Field(..., max_length=50, description="licensing item code of the catalogue")
    applicant: str = Field(..., max_length=200, description="申请人")
    summary: str = Field("", max_length=TEXT, description="申请事项")
    at: datetime | None = AT
    late_reason: str = LATE


class AcceptApplicationIn(BaseModel):
    model_config = STRICT
    party_kind: str | None = Field(None, max_length=20, description="个人 / 单位 (as `case open`)")
    party_id_number: str = Field("", max_length=40)
    party_address: str = Field("", max_length=200)
    party_contact: str = Field("", max_length=100)
    at: datetime | None = AT
    late_reason: str = LATE


class CorrectIn(BaseModel):
    model_config = STRICT
    materials: list[str] = Field(..., min_length=1, max_length=50, description="需补正的材料 (all at once)")
    at: datetime | None = AT
    late_reason: str = LATE


class AtIn(BaseModel):
    model_config = STRICT
    at: datetime | None = AT
    late_reason: str = LATE


def _sources(ctx: WebContext, who: Principal) -> Any:
    from workflow.cases.source_service import SourceService

    return SourceService(ctx.cases("api", who.account_id))


def _applications(ctx: WebContext, who: Principal) -> Any:
    from workflow.cases.application_service import ApplicationService

    return ApplicationService(ctx.cases("api", who.account_id))


def _common(who: Principal, key: str | None, body: BaseModel) -> dict[str, Any]:
    return {"actor": who.account_id, "at": business_time(body.at),  # type: ignore[attr-defined]
            "command_id": command_id(who, key), "late_reason": body.late_reason}  # type: ignore[attr-defined]  # fmt: skip


def _case_out(result: Any) -> dict[str, Any]:
    return result.as_dict() if hasattr(result, "as_dict") else dict(result)


async def _write(request: Request, credentials: Credentials, work: Any) -> Any:
    def run() -> Any:
        who = api_principal(request, credentials, write=True)
        return work(web(request), who)

    return await run_in_threadpool(run)


async def _read(request: Request, credentials: Credentials, work: Any) -> Any:
    def run() -> Any:
        who = api_principal(request, credentials, write=False)
        return work(web(request), who)

    return await run_in_threadpool(run)


# --- 线索 leads ---------------------------------------------------------------------------
@router.post("/leads", status_code=201, summary="线索登记 register a lead")
async def register_lead(request: Request, body: RegisterLeadIn, key: str | None = IDEMPOTENCY,
                        credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework case source register`: the leader decides within the county file's period."""
    from workflow.cases.source_service import RegisterSource

    def work(ctx: WebContext, who: Principal) -> dict[str, Any]:
        fields = body.model_dump(exclude={"at", "late_reason"})
        view: dict[str, Any] = _sources(ctx, who).register(
            RegisterSource(**_common(who, key, body), **fields)
        )
        return _masked_lead(who, view)

    return await _write(request, credentials, work)


@router.post("/leads/{lead}/acceptance", response_model=CaseOut, status_code=201,
             summary="立案审批 open a case on the lead (the leader)")  # fmt: skip
async def accept_lead(request: Request, lead: str, body: AcceptLeadIn, key: str | None = IDEMPOTENCY,
                      credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework case source accept`: the lead's discovery day counts for art. 36."""
    from workflow.cases.source_service import AcceptSource

    def work(ctx: WebContext, who: Principal) -> dict[str, Any]:
        opening = cmd.OpenCase(actor=who.account_id, township="", **body.case.model_dump())
        command = AcceptSource(**_common(who, key, body), source=lead, opinion=body.opinion,
                               opening=opening)  # fmt: skip
        return _case_out(_sources(ctx, who).accept(command))

    return await _write(request, credentials, work)


@router.post("/leads/{lead}/rejection", summary="不予立案 do not open a case (the leader)")
async def reject_lead(request: Request, lead: str, body: RejectIn, key: str | None = IDEMPOTENCY,
                      credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework case source reject`, with the reasons."""
    from workflow.cases.source_service import RejectSource

    def work(ctx: WebContext, who: Principal) -> dict[str, Any]:
        command = RejectSource(**_common(who, key, body), source=lead, reason=body.reason)
        return _masked_lead(who, _sources(ctx, who).reject(command))

    return await _write(request, credentials, work)


@router.get("/leads/{lead}", summary="一条线索 a lead (the reporter only for the leadership)")
async def show_lead(request: Request, lead: str,
                    credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework case source show`."""

    def work(ctx: WebContext, who: Principal) -> dict[str, Any]:
        service = _sources(ctx, who)
        today = clock.local_day(clock.now())
        view: dict[str, Any] = service.show(lead, reveal=False, today=today)
        reads.may_see(who, view["township"])
        if who.role in ("leader", "deputy") and who.township == view["township"]:
            view = service.show(lead, reveal=True, today=today)
        return view

    return await _read(request, credentials, work)


def _masked_lead(who: Principal, view: dict[str, Any]) -> dict[str, Any]:
    """The reporter is confidential: only the township's leadership sees who reported."""
    if who.role in ("leader", "deputy") and who.township == view.get("township"):
        return view
    from workflow.cases.sources import mask_reporter

    return {**view, **{k: mask_reporter(str(view.get(k) or "")) for k in ("reporter", "reporter_contact")}}


# --- 许可申请 applications -------------------------------------------------------------------
@router.post("/applications", status_code=201, summary="申请材料收到 receive an application")
async def receive_application(request: Request, body: ReceiveIn, key: str | None = IDEMPOTENCY,
                              credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework case application receive`: the 5 working days to answer start (许可法 art. 32)."""
    from workflow.cases.application_service import ReceiveApplication

    def work(ctx: WebContext, who: Principal) -> dict[str, Any]:
        fields = body.model_dump(exclude={"at", "late_reason"})
        return _applications(ctx, who).receive(ReceiveApplication(**_common(who, key, body), **fields))

    return await _write(request, credentials, work)


def _answer(request: Request, credentials: Credentials, key: str | None, application: str,
            answer: str, body: BaseModel, **fields: Any) -> Any:  # fmt: skip
    from workflow.cases.application_service import AnswerApplication

    def work(ctx: WebContext, who: Principal) -> dict[str, Any]:
        command = AnswerApplication(**_common(who, key, body), application=application,
                                    answer=answer, **fields)  # fmt: skip
        return _case_out(_applications(ctx, who).answer(command))

    return _write(request, credentials, work)


@router.post("/applications/{application}/acceptance", status_code=201,
             summary="受理 accept: the licensing case opens")  # fmt: skip
async def accept_application(request: Request, application: str, body: AcceptApplicationIn,
                             key: str | None = IDEMPOTENCY,
                             credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework case application accept`: its 20 working days run from today."""
    opening = cmd.OpenCase(actor="", township="", matter="", party="", summary="",
                           party_kind=body.party_kind,
                           party_id_number=body.party_id_number, party_address=body.party_address,
                           party_contact=body.party_contact)  # fmt: skip
    return await _answer(request, credentials, key, application, "accept", body, opening=opening)


@router.post("/applications/{application}/rejection", summary="不予受理 reject, with reasons")
async def reject_application(request: Request, application: str, body: RejectIn,
                             key: str | None = IDEMPOTENCY,
                             credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework case application reject` (within 5 working days of receipt)."""
    return await _answer(request, credentials, key, application, "reject", body, reason=body.reason)


@router.post("/applications/{application}/correction", summary="一次性告知补正")
async def correct_application(request: Request, application: str, body: CorrectIn,
                              key: str | None = IDEMPOTENCY,
                              credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework case application correct`: every missing material at one time."""
    return await _answer(request, credentials, key, application, "correct", body,
                         materials=tuple(body.materials))  # fmt: skip


@router.post("/applications/{application}/resubmission", summary="补正材料收到")
async def resubmitted_application(request: Request, application: str, body: AtIn,
                                  key: str | None = IDEMPOTENCY,
                                  credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework case application resubmitted`: a new 5-working-day window to answer."""
    return await _answer(request, credentials, key, application, "resubmitted", body)


@router.get("/applications/{application}", summary="一件许可申请 an application")
async def show_application(request: Request, application: str,
                           credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework case application show`: item, applicant, state, answer due, its case."""

    def work(ctx: WebContext, who: Principal) -> dict[str, Any]:
        view: dict[str, Any] = _applications(ctx, who).load(application)[1].view()
        reads.may_see(who, view["township"])
        return view

    return await _read(request, credentials, work)

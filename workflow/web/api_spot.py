"""The JSON API of 当场处罚 (简易程序) and what surrounds it: `POST /api/on-the-spot` records,
decides and issues the 当场行政处罚决定书 in one go (as `casework case on-the-spot`), `…/filing`
files it with the organ (备案, `case file-spot`); `POST /api/duties` designates a 法制审核人员
or an authorised deputy (`case duty`); `GET …/receipt.pdf` is a document's 送达回证
(`document receipt`). The same handlers as the CLI; a retried `Idempotency-Key` records
nothing twice.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field, create_model
from starlette.concurrency import run_in_threadpool

from workflow.cases import commands as cmd
from workflow.errors import NotAuthorised
from workflow.web import paper, queries
from workflow.web.api import ERRORS, IDEMPOTENCY, business_time, command_id, fields_of
from workflow.web.api_execution import _act
from workflow.web.api_models import CaseOut, body_model
from workflow.web.auth import api_principal, bearer, web

router = APIRouter(prefix="/api", tags=["on the spot"], responses=ERRORS)
Credentials = HTTPAuthorizationCredentials | None
STRICT = ConfigDict(extra="forbid")
_SPOT: dict[str, Any] = {
    name: (f.annotation, f)
    for name, f in body_model(cmd.DecideOnTheSpot).model_fields.items()
    if name != "summary"  # the facts are the summary, as on the CLI
}
SPOT_BODY: Any = create_model("DecideOnTheSpotBody", __config__=STRICT, **_SPOT)


class SpotOut(CaseOut):
    """The case opened and decided, and its 当场行政处罚决定书."""

    document: dict[str, str]
    filing_due: str


class FilingIn(BaseModel):
    model_config = STRICT
    on: date | None = Field(None, description="the day it was filed (default today)")


class DutyIn(BaseModel):
    model_config = STRICT
    township: str = Field(..., max_length=50)
    person: str = Field(..., max_length=64, description="the officer given (or relieved of) the duty")
    duty: str = Field(..., pattern="^(legal_reviewer|decider)$",
                      description="legal_reviewer (法制审核人员) | decider (授权副队长)")  # fmt: skip
    granted: bool = Field(True, description="false: the duty is withdrawn")
    at: datetime | None = Field(None, description="business time; naive = Asia/Shanghai")


@router.post("/on-the-spot", response_model=SpotOut, status_code=201,
             summary="当场处罚 (简易程序) record, decide and issue in one go")  # fmt: skip
async def on_the_spot(request: Request, body: SPOT_BODY, key: str | None = IDEMPOTENCY,
                      credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework case on-the-spot` (arts 51–52): the case, its decision, the document, and
    with `collect` the 当场收缴 (arts 68–69)."""
    from workflow.documents.kinds import DocumentKind

    def run() -> dict[str, Any]:
        who = api_principal(request, credentials, write=True)
        ctx, cid = web(request), command_id(who, key)
        fields = fields_of(body)
        command = cmd.DecideOnTheSpot(actor=who.account_id, at=business_time(body.at),
                                      command_id=cid, summary=body.facts, **fields)  # fmt: skip
        result = ctx.cases("api", who.account_id).on_the_spot(command)
        s = paper.services(ctx, who, "api")
        kind = DocumentKind.ON_THE_SPOT
        earlier = [i for i in s.documents.of_case(result.case_id) if i.event.kind == kind.value]
        if earlier:  # a retry: the document of the first answer
            issued = earlier[0]
        else:
            issued, _ = s.documents.issue(result.case_id, kind, who.account_id,
                                          command_id=f"{cid}:document" if cid else None)  # fmt: skip
        if command.collect and not result.duplicate:
            collected = f"{cid}:collect" if cid else None
            paper.services(ctx, who, "api", collected).execution.collect_on_the_spot(
                result.case_id, who.account_id, command_id=collected)
        due = result.case.filing_due if result.case else None
        return {**result.as_dict(), "filing_due": due.isoformat() if due else "",
                "document": {"number": issued.event.number, "sha256": issued.event.sha256}}  # fmt: skip

    return await run_in_threadpool(run)


@router.post("/cases/{case}/filing", status_code=201, summary="备案 file the on-the-spot decision")
async def filing(request: Request, case: str, body: FilingIn, key: str | None = IDEMPOTENCY,
                 credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework case file-spot` (art 52), within the county's period (late is recorded)."""
    form = {"on": body.on.isoformat()} if body.on else {}
    return await _act(request, credentials, key, "file-spot", case, form)


@router.post("/duties", status_code=201, summary="指定职责 designate a duty (the team leader)")
async def designate(request: Request, body: DutyIn, key: str | None = IDEMPOTENCY,
                    credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework case duty`: 法制审核人员, or a deputy authorised to decide (art 57)."""

    def run() -> dict[str, Any]:
        who = api_principal(request, credentials, write=True)
        command = cmd.DesignateDuty(actor=who.account_id, at=business_time(body.at),
                                    command_id=command_id(who, key), township=body.township,
                                    person=body.person, duty=body.duty, granted=body.granted)  # fmt: skip
        stream, version = web(request).cases("api", who.account_id).designate(command)
        return {"stream": stream, "version": version, "person": body.person, "duty": body.duty,
                "granted": body.granted}  # fmt: skip

    return await run_in_threadpool(run)


@router.get("/cases/{case}/receipt.pdf", summary="送达回证 a document's receipt form",
            response_class=Response, responses={200: {"content": {"application/pdf": {}}}})  # fmt: skip
async def receipt(request: Request, case: str, number: str = Query(..., max_length=100),
                  credentials: Credentials = Depends(bearer)) -> Response:  # fmt: skip
    """`casework document receipt`: the form signed on delivery (the same bytes every time)."""
    from workflow.documents.receipt import receipt_form

    def run() -> bytes:
        who = api_principal(request, credentials, write=False)
        ctx = web(request)
        folded, _ = queries.load(ctx, who, case)
        if not paper.may_read_papers(who, folded.township):
            raise NotAuthorised("无权下载本案文书", "you may not download this case's documents")
        return receipt_form(paper.services(ctx, who, "api").documents, case, number)

    return Response(await run_in_threadpool(run), media_type="application/pdf")

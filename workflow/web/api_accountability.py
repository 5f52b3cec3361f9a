"""The JSON API of accountability (`/api/inspections…`, `/api/inquiries…`, `/api/duty…`,
`/api/assessment…`, `/api/rewards`), the same handlers as `casework inspection|inquiry|duty|
assessment|reward|assessment-policy` (workflow.accountability: no rule is copied here).

Writes take a token with the `write` scope and an `Idempotency-Key` (the command id);
every event carries the channel `api` and the account. Who may do what, and who may see
an inquiry, is the handlers' own rule, as on the CLI and in the console.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from events import AppendResult
from workflow import clock
from workflow.accountability import assessment as yearly
from workflow.accountability import duty, evaluators, files, inquiries, inspections, reinstatement
from workflow.accountability.policy import Policy, load_policy
from workflow.accountability.types import DutyGrade, Ground, Sanction, Scope, Verification
from workflow.accounts.service import Principal
from workflow.origin import stamped
from workflow.web import evidence, reads
from workflow.web.api import ERRORS, IDEMPOTENCY, command_id
from workflow.web.auth import api_principal, bearer, web
from workflow.web.context import WebContext

router = APIRouter(prefix="/api", tags=["accountability"], responses=ERRORS)
Credentials = HTTPAuthorizationCredentials | None
STRICT = ConfigDict(extra="forbid")
TEXT = 4000
IDS: Any = Field(default_factory=list, max_length=200)
UPLOAD = File(..., description="the rectification file, at most CASEWORK_EVIDENCE_MAX_MB")
DUTY_FILE = File(..., description="the duty report as a file, at most CASEWORK_EVIDENCE_MAX_MB")
YEAR = Field(..., ge=2000, le=2999, description="考核/述职年度")


class AppendOut(BaseModel):
    """What a command appended (nothing, on a retried key: duplicate)."""

    stream: str
    version: int
    duplicate: bool
    ref: str | None = None


class PlanIn(BaseModel):
    model_config = STRICT
    township: str = Field(..., max_length=50)
    scope: list[Scope] = Field(..., min_length=1, max_length=10)
    planned_for: date
    inspectors: list[str] = IDS


class FindingIn(BaseModel):
    model_config = STRICT
    scope: Scope
    text: str = Field(..., min_length=1, max_length=TEXT)
    officers: list[str] = IDS
    cases: list[str] = IDS


class RecordIn(BaseModel):
    model_config = STRICT
    findings: list[FindingIn] = Field(default_factory=list, max_length=100)
    checked: list[str] | None = Field(None, max_length=200, description="case numbers checked")
    rectify_by: date | None = None
    requirement: str = Field("", max_length=TEXT, description="整改要求")


class ReportIn(BaseModel):
    model_config = STRICT
    text: str = Field(..., max_length=TEXT, description="整改报告")


class VerifyIn(BaseModel):
    model_config = STRICT
    outcome: Verification
    comments: str = Field("", max_length=TEXT)
    new_due: date | None = None


class InquiryIn(BaseModel):
    model_config = STRICT
    ground: Ground
    details: str = Field(..., max_length=TEXT)
    officer: str | None = Field(None, max_length=64)
    township: str | None = Field(None, max_length=50)
    cases: list[str] = IDS
    findings: list[str] = IDS


class StatementIn(BaseModel):
    model_config = STRICT
    statement: str = Field("", max_length=TEXT, description="陈述申辩")
    waived: bool = False


class OpinionIn(BaseModel):
    model_config = STRICT
    opinion: str = Field(..., max_length=TEXT, description="乡镇意见")


class AgreeIn(BaseModel):
    model_config = STRICT
    sanction: Sanction
    comments: str = Field("", max_length=TEXT)


class DecideIn(BaseModel):
    model_config = STRICT
    sanction: Sanction
    reasons: str = Field(..., max_length=TEXT)
    organ: str = Field("", max_length=200, description="refer: the 纪检监察机关")


class AgreeReinstateIn(BaseModel):
    model_config = STRICT
    comments: str = Field("", max_length=TEXT)


class ReinstateIn(BaseModel):
    model_config = STRICT
    reasons: str = Field(..., max_length=TEXT)


class DutyReportIn(BaseModel):
    model_config = STRICT
    year: int = YEAR
    text: str = Field(..., max_length=20_000, description="述职报告")


class EvaluatorsIn(BaseModel):
    model_config = STRICT
    township: str = Field(..., max_length=50)
    year: int = YEAR
    evaluators: list[str] = IDS
    representatives: list[str] = IDS


class EvaluateIn(BaseModel):
    model_config = STRICT
    year: int = YEAR
    grade: DutyGrade
    comments: str = Field("", max_length=TEXT)
    representative: str | None = Field(None, max_length=64, description="a named representative's id")


class RewardIn(BaseModel):
    model_config = STRICT
    officer: str = Field(..., max_length=64)
    year: int = YEAR
    details: str = Field("", max_length=TEXT, description="奖励内容")


def _policy(ctx: WebContext) -> Policy:
    return load_policy(ctx.casework.settings.county_file)


def _out(result: AppendResult, prefix: str = "") -> dict[str, Any]:
    ref = result.stream_id.removeprefix(prefix) if prefix else None
    return {"stream": result.stream_id, "version": result.version, "duplicate": result.duplicate,
            "ref": ref}  # fmt: skip


async def _write(request: Request, credentials: Credentials, key: str | None, act: Any) -> Any:
    """`act(store stamped api+account, actor, command id, policy)` in a worker thread."""

    def run() -> Any:
        who = api_principal(request, credentials, write=True)
        ctx = web(request)
        store = stamped(ctx.casework.store, "api", who.account_id)
        return act(store, who.account_id, command_id(who, key), _policy(ctx))

    return await run_in_threadpool(run)


async def _read(request: Request, credentials: Credentials, work: Any) -> Any:
    def run() -> Any:
        return work(web(request), api_principal(request, credentials, write=False))

    return await run_in_threadpool(run)


# --- 监督检查 inspections ------------------------------------------------------------------
@router.post("/inspections", response_model=AppendOut, status_code=201, summary="监督检查 plan")
async def plan(request: Request, body: PlanIn, key: str | None = IDEMPOTENCY,
               credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework inspection plan`: a county supervisor, or the township's leadership."""
    return await _write(request, credentials, key, lambda s, a, c, p: _out(inspections.plan(
        s, a, township=body.township, scope=list(body.scope), planned_for=body.planned_for,
        inspectors=body.inspectors, command_id=c), inspections.PREFIX))  # fmt: skip


@router.post("/inspections/{ref}/record", response_model=AppendOut, summary="检查记录 (with 整改)")
async def record(request: Request, ref: str, body: RecordIn, key: str | None = IDEMPOTENCY,
                 credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework inspection record`: findings, and the rectification required by a day."""
    found = [f.model_dump(mode="json") for f in body.findings]
    return await _write(request, credentials, key, lambda s, a, c, p: _out(inspections.record(
        s, a, ref, findings=found, checked=body.checked, rectify_by=body.rectify_by,
        requirement=body.requirement, policy=p, command_id=c)))  # fmt: skip


@router.post("/inspections/{ref}/rectification", response_model=AppendOut, summary="整改报告")
async def rectify(request: Request, ref: str, body: ReportIn, key: str | None = IDEMPOTENCY,
                  credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework inspection rectify`: the team's report of its rectification."""
    return await _write(request, credentials, key, lambda s, a, c, p: _out(inspections.report(
        s, a, ref, text=body.text, command_id=c)))  # fmt: skip


@router.post("/inspections/{ref}/files", response_model=AppendOut, status_code=201,
             summary="整改材料 hand in a file")  # fmt: skip
async def attach(request: Request, ref: str, upload: UploadFile = UPLOAD,
                 key: str | None = IDEMPOTENCY, credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework inspection attach`: kept by its SHA-256 (the name is recorded, never a path)."""

    def act(store: Any, actor: str, cid: str | None, policy: Policy) -> dict[str, Any]:
        inspections.may_attach(store, actor, ref)  # authorised before the file is kept
        files.check_name(upload.filename or "")
        name, digest, size = files.keep(web(request).evidence_dir, upload.filename or "",
                                        _chunks(upload.file), most=_most(request))  # fmt: skip
        return _out(inspections.attach(store, actor, ref, file_name=name, file_sha256=digest,
                                       size=size, command_id=cid))  # fmt: skip

    return await _write(request, credentials, key, act)


def _most(request: Request) -> int:
    """CASEWORK_EVIDENCE_MAX_MB, the CLI's limit (the body is held to it while it streams)."""
    return evidence.most(web(request).casework.settings)


def _chunks(source: Any) -> Any:
    while chunk := source.read(files.CHUNK):
        yield chunk


@router.post("/inspections/{ref}/verification", response_model=AppendOut, summary="整改验收")
async def verify(request: Request, ref: str, body: VerifyIn, key: str | None = IDEMPOTENCY,
                 credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework inspection verify`: accepted, or not with a new due day."""
    return await _write(request, credentials, key, lambda s, a, c, p: _out(inspections.verify(
        s, a, ref, outcome=body.outcome, comments=body.comments, new_due=body.new_due, policy=p,
        command_id=c)))  # fmt: skip


@router.get("/inspections", summary="监督检查 inspections and their rectification")
async def list_inspections(request: Request, township: str | None = Query(None, max_length=50),
                           credentials: Credentials = Depends(bearer)) -> list[dict[str, Any]]:  # fmt: skip
    """`casework inspection list`: a supervisor sees every township, others their own."""
    from projections.queries_oversight import inspections as inspection_rows

    def work(ctx: WebContext, who: Principal) -> list[dict[str, Any]]:
        code = reads.scope(who, ctx.directory().township(township).code if township else None)
        with reads.read_model(ctx.casework, "oversight") as (conn, tables):
            return inspection_rows(conn, tables, clock.local_day(clock.now()), township=code)

    return await _read(request, credentials, work)


# --- 责任追究 inquiries ---------------------------------------------------------------------
@router.post("/inquiries", response_model=AppendOut, status_code=201, summary="责任追究 open")
async def open_inquiry(request: Request, body: InquiryIn, key: str | None = IDEMPOTENCY,
                       credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework inquiry open`."""
    return await _write(request, credentials, key, lambda s, a, c, p: _out(inquiries.open_inquiry(
        s, a, ground=body.ground, details=body.details, officer=body.officer, township=body.township,
        cases=body.cases, findings=body.findings, policy=p, command_id=c), inquiries.PREFIX))  # fmt: skip


@router.post("/inquiries/{ref}/statement", response_model=AppendOut, summary="陈述申辩")
async def statement(request: Request, ref: str, body: StatementIn, key: str | None = IDEMPOTENCY,
                    credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework inquiry statement`: the officer concerned (or waived)."""
    return await _write(request, credentials, key, lambda s, a, c, p: _out(inquiries.state_case(
        s, a, ref, statement=body.statement, waived=body.waived, command_id=c)))  # fmt: skip


@router.post("/inquiries/{ref}/opinion", response_model=AppendOut, summary="乡镇意见")
async def opinion(request: Request, ref: str, body: OpinionIn, key: str | None = IDEMPOTENCY,
                  credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework inquiry opinion`: the township's opinion."""
    return await _write(request, credentials, key, lambda s, a, c, p: _out(inquiries.give_opinion(
        s, a, ref, opinion=body.opinion, command_id=c)))  # fmt: skip


@router.post("/inquiries/{ref}/agreement", response_model=AppendOut, summary="同意 agree")
async def agree(request: Request, ref: str, body: AgreeIn, key: str | None = IDEMPOTENCY,
                credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework inquiry agree`: the agreement the county file requires before a decision."""
    return await _write(request, credentials, key, lambda s, a, c, p: _out(inquiries.agree(
        s, a, ref, sanction=body.sanction, comments=body.comments, policy=p, command_id=c)))  # fmt: skip


@router.post("/inquiries/{ref}/decision", response_model=AppendOut, summary="决定 decide")
async def decide(request: Request, ref: str, body: DecideIn, key: str | None = IDEMPOTENCY,
                 credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework inquiry decide`: 清退 and 调离执法岗位 take the officer off the team (their
    console sessions and tokens end at once)."""
    return await _write(request, credentials, key, lambda s, a, c, p: _out(inquiries.decide(
        s, a, ref, sanction=body.sanction, reasons=body.reasons, organ=body.organ, policy=p,
        command_id=c)))  # fmt: skip


@router.post("/officers/{officer_id}/reinstatement-agreement", response_model=AppendOut,
             summary="同意恢复执法岗位")  # fmt: skip
async def agree_reinstate(request: Request, officer_id: str, body: AgreeReinstateIn,
                          key: str | None = IDEMPOTENCY,
                          credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework inquiry agree-reinstate`."""
    return await _write(request, credentials, key, lambda s, a, c, p: _out(reinstatement.agree(
        s, a, officer_id, comments=body.comments, policy=p, command_id=c)))  # fmt: skip


@router.post("/officers/{officer_id}/reinstatement", response_model=AppendOut, summary="恢复执法岗位")
async def reinstate(request: Request, officer_id: str, body: ReinstateIn, key: str | None = IDEMPOTENCY,
                    credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework inquiry reinstate`: by whom the county file names, after its agreement."""
    return await _write(request, credentials, key, lambda s, a, c, p: _out(reinstatement.reinstate(
        s, a, officer_id, reasons=body.reasons, policy=p, command_id=c)))  # fmt: skip


@router.get("/inquiries/{ref}", summary="一件责任追究 an inquiry (for those who may see it)")
async def show_inquiry(request: Request, ref: str,
                       credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework inquiry show`."""

    def work(ctx: WebContext, who: Principal) -> dict[str, Any]:
        i = inquiries.show(ctx.casework.store, who.account_id, ref)
        return {"inquiry_id": i.inquiry_id, "township": i.township, "officer_id": i.officer_id,
                "ground": i.ground, "opened_on": str(i.opened_on),
                "statement_due": str(i.statement_due), "stated": i.stated, "opinion": i.opinion,
                "agreed": sorted(i.agreed), "sanction": i.sanction, "referred_to": i.referred_to}  # fmt: skip

    return await _read(request, credentials, work)


@router.get("/inquiries", summary="责任追究 the inquiries you may see, latest first")
async def list_inquiries(request: Request, officer: str | None = Query(None, max_length=64),
                         credentials: Credentials = Depends(bearer)) -> list[dict[str, Any]]:  # fmt: skip
    """`casework inquiry list` (an officer sees their own)."""
    from projections.queries_oversight import inquiries as inquiry_rows

    def work(ctx: WebContext, who: Principal) -> list[dict[str, Any]]:
        with reads.read_model(ctx.casework, "oversight") as (conn, tables):
            rows = inquiry_rows(conn, tables, officer=officer)
        return inquiries.visible(ctx.casework.store, who.account_id, rows)

    return await _read(request, credentials, work)


@router.get("/failed-assessments", summary="年度考核不合格通知 the notices no inquiry has followed yet")
async def failed_assessments(request: Request, credentials: Credentials = Depends(bearer)) -> list[dict[str, Any]]:
    """`casework inquiry failed` (a county supervisor): the 不合格 notices of the last two
    assessments that no inquiry on that ground has followed."""
    from projections.queries_oversight import inquiries as inquiry_rows
    from workflow.accountability import assessment as yearly
    from workflow.accountability.rules import may_open_inquiry

    def work(ctx: WebContext, who: Principal) -> list[dict[str, Any]]:
        may_open_inquiry(ctx.directory(), who.account_id)
        with reads.read_model(ctx.casework, "oversight") as (conn, tables):
            rows = inquiry_rows(conn, tables)
        return yearly.failed_pending(ctx.casework.store, clock.local_day(clock.now()), rows)

    return await _read(request, credentials, work)


# --- 述职评议 duty reports -------------------------------------------------------------------
@router.post("/duty/reports", response_model=AppendOut, status_code=201, summary="述职 submit")
async def duty_report(request: Request, body: DutyReportIn, key: str | None = IDEMPOTENCY,
                      credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework duty report`: once a year, inside the county's window."""
    return await _write(request, credentials, key, lambda s, a, c, p: _out(duty.submit(
        s, a, year=body.year, text=body.text, policy=p, command_id=c)))  # fmt: skip


@router.post("/duty/reports/file", response_model=AppendOut, status_code=201, summary="述职 submit as a file")
async def duty_report_file(request: Request, upload: UploadFile = DUTY_FILE,
                           year: int = Form(..., ge=2000, le=2999, description="述职年度"),
                           text: str = Form("", max_length=20_000, description="a note beside the file"),
                           key: str | None = IDEMPOTENCY, credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework duty report --file`: any file, kept by its SHA-256 for the evaluators to
    read (`GET /api/duty/{officer}/{year}` names it); a team member only, checked first."""

    def act(store: Any, actor: str, cid: str | None, policy: Policy) -> dict[str, Any]:
        duty.may_submit(store, actor)  # authorised before the file is kept
        name, digest, _ = files.keep(web(request).evidence_dir, upload.filename or "", _chunks(upload.file),
                                     most=_most(request), any_type=True)  # fmt: skip
        return _out(duty.submit(store, actor, year=year, text=text, kept=(name, digest), policy=policy,
                                command_id=cid))  # fmt: skip

    return await _write(request, credentials, key, act)


@router.post("/duty/evaluators", response_model=AppendOut, summary="评议人员 name the evaluators")
async def duty_evaluators(request: Request, body: EvaluatorsIn, key: str | None = IDEMPOTENCY,
                          credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework duty evaluators`: the team leader; replaces the year's list."""
    return await _write(request, credentials, key, lambda s, a, c, p: _out(evaluators.name_evaluators(
        s, a, township=body.township, year=body.year, evaluators=body.evaluators,
        representatives=body.representatives, policy=p, command_id=c)))  # fmt: skip


@router.post("/duty/{officer}/evaluations", response_model=AppendOut, status_code=201,
             summary="评议 grade a duty report")  # fmt: skip
async def duty_evaluate(request: Request, officer: str, body: EvaluateIn, key: str | None = IDEMPOTENCY,
                        credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework duty evaluate`: a named evaluator, once."""
    return await _write(request, credentials, key, lambda s, a, c, p: _out(duty.evaluate(
        s, a, officer, year=body.year, grade=body.grade, comments=body.comments,
        representative=body.representative, command_id=c)))  # fmt: skip


@router.get("/duty/{officer}/{year}", summary="述职评议结果 an officer's duty report and votes")
async def duty_show(request: Request, officer: str, year: int,
                    credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework duty show`: the report (text; a file by its SHA-256), the votes and the
    result by the county rule, for the officer, the year's named evaluators, the township's
    leadership and supervisors (`duty.may_read`)."""

    def work(ctx: WebContext, who: Principal) -> dict[str, Any]:
        report = duty.may_read(ctx.casework.store, who.account_id, officer, year)
        found = duty.result(ctx.casework.store, officer, year, _policy(ctx))
        return {"officer_id": officer, "year": year, "submitted_on": found.submitted_on,
                "text": report.text, "file_name": report.file_name, "file_sha256": report.file_sha256,
                "votes": len(found.votes), "grades": sorted(found.votes.values()),
                "result": found.grade.value if found.grade else None}  # fmt: skip

    return await _read(request, credentials, work)


# --- 年度考核 the yearly assessment ----------------------------------------------------------
@router.get("/assessment/{year}", summary="年度考核 every officer's and team's grade")
async def assessment(request: Request, year: int,
                     credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework assessment YEAR`: the issued assessment, or a preview (leaders, supervisors)."""

    def work(ctx: WebContext, who: Principal) -> dict[str, Any]:
        if who.role not in ("supervisor", "admin", "leader", "deputy"):
            from workflow.errors import NotAuthorised

            raise NotAuthorised("年度考核仅供队长、副队长和县级监督人员查看",
                                "the assessment is for leaders and supervisors")  # fmt: skip
        store = ctx.casework.store
        found = yearly.issued(store, year)
        grades = found or yearly.compute(store, year, yearly.policy_for(store, year, _policy(ctx)),
                                         yearly.today(None))  # fmt: skip
        officers = [o for o in grades.officers
                    if who.role in ("supervisor", "admin") or o.get("township") == who.township]  # fmt: skip
        return {"year": year, "issued": found is not None, "teams": grades.teams, "officers": officers}

    return await _read(request, credentials, work)


@router.post("/assessment/{year}/issue", status_code=201, summary="印发年度考核 issue (once)")
async def issue(request: Request, year: int, key: str | None = IDEMPOTENCY,
                credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework assessment YEAR --issue`: recorded once; issuing again returns the first
    (the key is accepted for uniformity: the issue is idempotent by year)."""

    def act(store: Any, actor: str, cid: str | None, policy: Policy) -> dict[str, Any]:
        grades, now = yearly.issue(store, year, actor=actor, policy=policy)
        return {"year": year, "issued_now": now, "teams": grades.teams, "officers": grades.officers}

    return await _write(request, credentials, key, act)


@router.post("/rewards", response_model=AppendOut, status_code=201, summary="评优评先 reward")
async def reward(request: Request, body: RewardIn, key: str | None = IDEMPOTENCY,
                 credentials: Credentials = Depends(bearer)) -> dict[str, Any]:  # fmt: skip
    """`casework reward`: an administrator, for an officer graded 优秀."""
    return await _write(request, credentials, key, lambda s, a, c, p: _out(yearly.reward(
        s, a, body.officer, year=body.year, details=body.details, command_id=c)))  # fmt: skip


@router.get("/assessment-policy", summary="考核办法 the county's policy versions")
async def assessment_policy(request: Request, year: int | None = Query(None, ge=2000, le=2999),
                            credentials: Credentials = Depends(bearer)) -> list[dict[str, Any]]:  # fmt: skip
    """`casework assessment-policy`: when each version was recorded, what changed."""
    from workflow.accountability import policy_history

    def work(ctx: WebContext, who: Principal) -> list[dict[str, Any]]:
        return policy_history.versions(ctx.casework.store, year)

    return await _read(request, credentials, work)

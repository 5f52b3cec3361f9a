"""The accountability acts the console posts: each calls the same command handler as the
CLI (workflow.accountability), with the visitor as the actor, after the CSRF check; a form's
one-time id is the command id, so a double submit records once. A refusal shows the
rule's Chinese and English line with its status (422 rule, 403 not allowed, 404, 400)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from events import ConcurrencyError
from workflow.accountability import assessment as yearly
from workflow.accountability import duty, evaluators, files, inquiries, inspections
from workflow.accountability.policy import Policy, load_policy
from workflow.accountability.types import DutyGrade, Ground, Sanction, Scope, Verification
from workflow.errors import CaseworkError
from workflow.origin import stamped
from workflow.web import evidence
from workflow.web.auth import Visitor, check_csrf, member, web
from workflow.web.errors import problem
from workflow.web.render import page

router = APIRouter(include_in_schema=False)
Form = Any
Act = Callable[[Any, str, Form, Policy, str | None], str]


def text(form: Form, name: str) -> str:
    raw = form.get(name)
    return raw.strip()[:4000] if isinstance(raw, str) else ""


def day(form: Form, name: str, label: str, required: bool = True) -> date | None:
    raw = text(form, name)
    if not raw and not required:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CaseworkError(f"“{label}”应为日期（YYYY-MM-DD）", f"{name}: not a date") from None


def choice(kind: Any, form: Form, name: str, label: str) -> Any:
    try:
        return kind(text(form, name))
    except ValueError:
        raise CaseworkError(f"请选择“{label}”", f"{name}: not one of the choices") from None


def ids(form: Form, name: str) -> list[str]:
    """A comma or space separated list (officer ids, case numbers, finding ids)."""
    return [x for x in text(form, name).replace("，", ",").replace(",", " ").split() if x]


def command_id(v: Visitor, form: Form) -> str | None:
    raw = form.get("form_id")
    ok = isinstance(raw, str) and 0 < len(raw) <= 64
    return f"{v.principal.account_id}:{raw}" if ok else None


async def run(request: Request, act: Act, back: Callable[[str], str]) -> Response:
    """CSRF, then the handler in a thread; a redirect to `back(result)` or the refusal page."""
    v = await run_in_threadpool(member, request)
    form = await request.form()
    check_csrf(form.get("csrf"), v.session)
    ctx = web(request)
    policy = load_policy(ctx.casework.settings.county_file)
    try:
        store = stamped(ctx.casework.store, "web", v.principal.account_id)  # channel + account
        result = await run_in_threadpool(act, store, v.principal.account_id, form,
                                         policy, command_id(v, form))  # fmt: skip
    except (CaseworkError, ConcurrencyError, ValueError) as exc:
        status, body = problem(exc)
        return page(request, "accountability/refused.html", status, v=v, error=body,
                    back=request.headers.get("referer", "/accountability"))  # fmt: skip
    return RedirectResponse(back(result), status_code=303)


def _short(result: Any, prefix: str) -> str:
    return str(result.stream_id).removeprefix(prefix)


@router.post("/accountability/inspections")
async def plan(request: Request) -> Response:
    def act(store: Any, actor: str, form: Form, policy: Policy, cid: str | None) -> str:
        scopes = [Scope(s) for s in form.getlist("scope") if s in {x.value for x in Scope}]
        planned = day(form, "planned_for", "检查日期")
        assert planned is not None
        result = inspections.plan(store, actor, township=text(form, "township"), scope=scopes,
                                  planned_for=planned, inspectors=ids(form, "inspectors"),
                                  command_id=cid)  # fmt: skip
        return _short(result, inspections.PREFIX)

    return await run(request, act, lambda ref: f"/accountability/inspections/{ref}")


FINDING_FIELDS = ("scope", "text", "officers", "cases")


def findings(form: Form) -> list[dict[str, Any]]:
    """The filled finding rows of the form (scope, text, officers, cases)."""
    rows = zip(*(form.getlist(f"finding_{k}") for k in FINDING_FIELDS), strict=False)
    found = []
    for scope, body, officers, cases in rows:
        if not str(body).strip():
            continue
        split = str(officers).replace(",", " ").split(), str(cases).replace(",", " ").split()
        found.append({"scope": str(scope), "text": str(body).strip(), "officers": split[0], "cases": split[1]})
    return found


@router.post("/accountability/inspections/{ref}/record")
async def record(request: Request, ref: str) -> Response:
    def act(store: Any, actor: str, form: Form, policy: Policy, cid: str | None) -> str:
        inspections.record(store, actor, ref, findings=findings(form), checked=ids(form, "checked") or None,
                           rectify_by=day(form, "rectify_by", "整改期限", required=False),
                           requirement=text(form, "requirement"), policy=policy, command_id=cid)  # fmt: skip
        return ref

    return await run(request, act, lambda r: f"/accountability/inspections/{r}?done=record")


@router.post("/accountability/inspections/{ref}/report")
async def report(request: Request, ref: str) -> Response:
    def act(store: Any, actor: str, form: Form, policy: Policy, cid: str | None) -> str:
        inspections.report(store, actor, ref, text=text(form, "report"), command_id=cid)
        return ref

    return await run(request, act, lambda r: f"/accountability/inspections/{r}?done=report")


@router.post("/accountability/inspections/{ref}/attach")
async def attach(request: Request, ref: str) -> Response:
    """整改材料: authorised before the body is read; refused over CASEWORK_EVIDENCE_MAX_MB (413, upload_cap) as it streams; the
    upload is streamed to disk in chunks and kept by its SHA-256, then the event appended."""
    v = await run_in_threadpool(member, request)
    ctx = web(request)
    try:
        await run_in_threadpool(inspections.may_attach, ctx.casework.store, v.principal.account_id, ref)
        most = evidence.most(ctx.casework.settings)  # over it: 413 while streaming (upload_cap)
        form = await request.form(max_files=1, max_fields=10)
        check_csrf(form.get("csrf"), v.session)
        upload = form.get("upload")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise CaseworkError("请选择文件", "choose a file")
        files.check_name(upload.filename)
        kept = await run_in_threadpool(lambda: files.keep(ctx.evidence_dir, upload.filename or "",
                                                          _chunks(upload.file), most=most))  # fmt: skip
        await run_in_threadpool(lambda: inspections.attach(
            stamped(ctx.casework.store, "web", v.principal.account_id), v.principal.account_id, ref,
            file_name=kept[0], file_sha256=kept[1],
            size=kept[2], command_id=command_id(v, form)))  # fmt: skip
    except (CaseworkError, ConcurrencyError, ValueError) as exc:
        status, body = problem(exc)
        return page(request, "accountability/refused.html", status, v=v, error=body,
                    back=f"/accountability/inspections/{ref}")  # fmt: skip
    return RedirectResponse(f"/accountability/inspections/{ref}?done=attach", status_code=303)


def _chunks(source: Any) -> Any:
    while chunk := source.read(files.CHUNK):
        yield chunk


@router.post("/accountability/inspections/{ref}/verify")
async def verify(request: Request, ref: str) -> Response:
    def act(store: Any, actor: str, form: Form, policy: Policy, cid: str | None) -> str:
        inspections.verify(store, actor, ref, outcome=choice(Verification, form, "outcome", "验收结论"),
                           comments=text(form, "comments"), policy=policy,
                           new_due=day(form, "due", "新的整改期限", required=False), command_id=cid)  # fmt: skip
        return ref

    return await run(request, act, lambda r: f"/accountability/inspections/{r}?done=verify")


@router.post("/accountability/inquiries")
async def open_inquiry(request: Request) -> Response:
    def act(store: Any, actor: str, form: Form, policy: Policy, cid: str | None) -> str:
        result = inquiries.open_inquiry(
            store, actor, ground=choice(Ground, form, "ground", "追究事由"), details=text(form, "details"),
            officer=text(form, "officer") or None, township=text(form, "township") or None,
            cases=ids(form, "cases"), findings=ids(form, "findings"), policy=policy, command_id=cid,
        )  # fmt: skip
        return _short(result, inquiries.PREFIX)

    return await run(request, act, lambda ref: f"/accountability/inquiries/{ref}")


@router.post("/accountability/inquiries/{ref}/statement")
async def statement(request: Request, ref: str) -> Response:
    def act(store: Any, actor: str, form: Form, policy: Policy, cid: str | None) -> str:
        inquiries.state_case(store, actor, ref, statement=text(form, "statement"),
                             waived=form.get("waived") is not None, command_id=cid)  # fmt: skip
        return ref

    return await run(request, act, lambda r: f"/accountability/inquiries/{r}?done=statement")


@router.post("/accountability/inquiries/{ref}/opinion")
async def opinion(request: Request, ref: str) -> Response:
    def act(store: Any, actor: str, form: Form, policy: Policy, cid: str | None) -> str:
        inquiries.give_opinion(store, actor, ref, opinion=text(form, "opinion"), command_id=cid)
        return ref

    return await run(request, act, lambda r: f"/accountability/inquiries/{r}?done=opinion")


@router.post("/accountability/inquiries/{ref}/decide")
async def decide(request: Request, ref: str) -> Response:
    """决定 (or, with agree=1, the agreement the county file requires first)."""

    def act(store: Any, actor: str, form: Form, policy: Policy, cid: str | None) -> str:
        sanction = choice(Sanction, form, "sanction", "追究方式")
        if form.get("agree") is not None:
            inquiries.agree(store, actor, ref, sanction=sanction, comments=text(form, "reasons"),
                            policy=policy, command_id=cid)  # fmt: skip
        else:
            inquiries.decide(store, actor, ref, sanction=sanction, reasons=text(form, "reasons"),
                             organ=text(form, "organ"), policy=policy, command_id=cid)  # fmt: skip
        return ref

    return await run(request, act, lambda r: f"/accountability/inquiries/{r}?done=decide")


@router.post("/accountability/duty/report")
async def duty_report(request: Request) -> Response:
    """述职: text, or a file (any kind, ≤ CASEWORK_EVIDENCE_MAX_MB) kept by its SHA-256 for the evaluators to
    read. Who reports (a team member) is checked before the body is read; over the limit is
    refused (413) as it streams (upload_cap); the file is kept before the event is appended."""
    v = await run_in_threadpool(member, request)
    ctx = web(request)
    back = request.headers.get("referer", "/accountability/duty")
    try:
        await run_in_threadpool(duty.may_submit, ctx.casework.store, v.principal.account_id)
        most = evidence.most(ctx.casework.settings)  # over it: 413 while streaming (upload_cap)
        form = await request.form(max_files=1, max_fields=10)
        check_csrf(form.get("csrf"), v.session)
        year, upload = _year(form), form.get("upload")
        kept = None
        if isinstance(upload, UploadFile) and upload.filename:
            name, digest, _ = await run_in_threadpool(files.keep, ctx.evidence_dir, upload.filename,
                                                      _chunks(upload.file), most=most, any_type=True)  # fmt: skip
            kept = (name, digest)
        policy = load_policy(ctx.casework.settings.county_file)
        await run_in_threadpool(lambda: duty.submit(
            stamped(ctx.casework.store, "web", v.principal.account_id), v.principal.account_id,
            year=year, text=text(form, "text"), kept=kept, policy=policy,
            command_id=command_id(v, form)))  # fmt: skip
    except (CaseworkError, ConcurrencyError, ValueError) as exc:
        status, body = problem(exc)
        return page(request, "accountability/refused.html", status, v=v, error=body, back=back)
    return RedirectResponse(f"/accountability/duty?year={year}", status_code=303)


@router.post("/accountability/duty/evaluators")
async def duty_evaluators(request: Request) -> Response:
    def act(store: Any, actor: str, form: Form, policy: Policy, cid: str | None) -> str:
        year = _year(form)
        reps = [line.strip() for line in text(form, "representatives").splitlines() if line.strip()]
        evaluators.name_evaluators(store, actor, township=text(form, "township"), year=year,
                                   evaluators=[str(x) for x in form.getlist("evaluator")],
                                   representatives=reps, policy=policy, command_id=cid)  # fmt: skip
        return str(year)

    return await run(request, act, lambda y: f"/accountability/duty?year={y}")


@router.post("/accountability/duty/evaluate")
async def duty_evaluate(request: Request) -> Response:
    def act(store: Any, actor: str, form: Form, policy: Policy, cid: str | None) -> str:
        year = _year(form)
        duty.evaluate(store, actor, text(form, "officer"), year=year, comments=text(form, "comments"),
                      grade=choice(DutyGrade, form, "grade", "评议等次"),
                      representative=text(form, "representative") or None, command_id=cid)  # fmt: skip
        return str(year)

    return await run(request, act, lambda y: f"/accountability/duty?year={y}")


@router.post("/accountability/assessment/{year}/issue")
async def issue(request: Request, year: int) -> Response:
    def act(store: Any, actor: str, form: Form, policy: Policy, cid: str | None) -> str:
        yearly.issue(store, year, actor=actor, policy=policy)
        return str(year)

    return await run(request, act, lambda y: f"/accountability/assessment/{y}")


@router.post("/accountability/assessment/{year}/reward")
async def reward(request: Request, year: int) -> Response:
    """评优评先 for an officer graded 优秀 (an administrator; seconded: township opinion first)."""

    def act(store: Any, actor: str, form: Form, policy: Policy, cid: str | None) -> str:
        yearly.reward(store, actor, text(form, "officer"), year=year)  # once per officer and year
        return str(year)

    return await run(request, act, lambda y: f"/accountability/assessment/{y}?done=reward")


def _year(form: Form) -> int:
    raw = text(form, "year")
    if not raw.isdigit() or not 2000 <= int(raw) <= 2999:
        raise CaseworkError("年度应为四位数字", "year: four digits")
    return int(raw)


"""线索 (leads) and 许可申请 (applications) in the console: the township's undecided ones, a
form to register or receive one, and on each its answer forms — the same `SourceService` /
`ApplicationService` as `casework case source|application …` (no rule here: a form offered
to someone the rule refuses is refused with the rule's line). Every form carries its
one-time id (the command id: a double submit records once) and the session's CSRF token;
events are stamped `web` + account. The reporter of a lead is shown only to the
township's leadership.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from events import ConcurrencyError
from workflow import clock
from workflow.cases import commands as cmd
from workflow.cases.sources import CHANNELS
from workflow.errors import CaseworkError
from workflow.web import forms, reads
from workflow.web.auth import Visitor, check_csrf, member, web
from workflow.web.context import WebContext
from workflow.web.errors import problem
from workflow.web.pages_case import _cid
from workflow.web.paper import day, text
from workflow.web.render import page

router = APIRouter(include_in_schema=False)
LEADERSHIP = ("leader", "deputy")
OPENING = ("matter", "party", "summary", "violation_date", "violation_unknown", "violation_end",
           "grave_harm", "party_kind", "party_id_number", "party_address", "party_contact")
"""What the leader fills in to open a case on a lead (the lead gives the township, its
channel and the discovery day; the matter gives the kind)."""


def _sources(ctx: WebContext, v: Visitor) -> Any:
    from workflow.cases.source_service import SourceService

    return SourceService(ctx.cases("web", v.principal.account_id))


def _applications(ctx: WebContext, v: Visitor) -> Any:
    from workflow.cases.application_service import ApplicationService

    return ApplicationService(ctx.cases("web", v.principal.account_id))


def _township(ctx: WebContext, v: Visitor, township: str | None) -> tuple[str, list[tuple[str, str]]]:
    """The township listed: one's own; a supervisor picks any."""
    d = ctx.directory()
    code = reads.scope(v.principal, d.township(township).code if township else None)
    towns = sorted((t.code, t.name) for t in d.townships.values())
    return code or towns[0][0], towns


def _leadership(v: Visitor, township: str) -> bool:
    return v.principal.role in LEADERSHIP and v.principal.township == township


# --- 线索 -------------------------------------------------------------------------------------
def _leads_context(ctx: WebContext, v: Visitor, township: str | None, **extra: Any) -> dict[str, Any]:
    code, towns = _township(ctx, v, township)
    today = clock.local_day(clock.now())
    reveal = _leadership(v, code)
    leads = [s.view(reveal=reveal, today=today) for s in _sources(ctx, v).pending(code, today)]
    leads.sort(key=lambda x: (not x["overdue"], x["decision_due"]))
    return {"v": v, "code": code, "towns": towns, "town": ctx.directory().townships[code].name,
            "leads": leads, "channels": CHANNELS, "form_id": uuid.uuid4().hex, **extra}  # fmt: skip


@router.get("/leads", response_class=HTMLResponse)
def leads(request: Request, township: str | None = Query(None, max_length=40),
          v: Visitor = Depends(member)) -> Response:  # fmt: skip
    return page(request, "leads.html", **_leads_context(web(request), v, township))


def _lead_context(ctx: WebContext, v: Visitor, ref: str, **extra: Any) -> dict[str, Any]:
    service, today = _sources(ctx, v), clock.local_day(clock.now())
    lead = service.show(ref, reveal=False, today=today)
    reads.may_see(v.principal, lead["township"])
    if _leadership(v, lead["township"]):
        lead = service.show(ref, reveal=True, today=today)
    opening = [f for f in forms.spec(cmd.OpenCase) if f["name"] in OPENING]
    return {"v": v, "lead": lead, "opening": opening, "form_id": uuid.uuid4().hex,
            "decides": _leadership(v, lead["township"]) and lead["state"] == "pending", **extra}  # fmt: skip


@router.get("/leads/{ref}", response_class=HTMLResponse)
def lead(request: Request, ref: str, v: Visitor = Depends(member)) -> Response:
    return page(request, "lead.html", **_lead_context(web(request), v, ref))


def _lead_act(ctx: WebContext, v: Visitor, act: str, ref: str, form: Any, cid: str | None) -> str:
    from workflow.cases.source_service import AcceptSource, RegisterSource, RejectSource

    who = v.principal.account_id
    common: dict[str, Any] = {"actor": who, "at": None, "command_id": cid,
                              "late_reason": text(form, "late_reason", 500)}  # fmt: skip
    service = _sources(ctx, v)
    if act == "register":
        view = service.register(RegisterSource(
            **common, township=text(form, "township", 40), channel=text(form, "channel", 20),
            summary=text(form, "summary", 4000), discovered_on=day(form, "discovered_on"),
            reporter=text(form, "reporter"), reporter_contact=text(form, "reporter_contact")))  # fmt: skip
        return f"/leads/{quote(view['source_id'])}?done=register"
    if act == "accept":
        fields = forms.parse(cmd.OpenCase, form)
        fields.pop("township", None)
        opening = cmd.OpenCase(actor=who, township="", **fields)
        result = service.accept(AcceptSource(**common, source=ref, opinion=text(form, "opinion", 4000)
                                             or "同意立案", opening=opening))  # fmt: skip
        return f"/cases/{quote(result.case_id)}?done=open"
    if act == "reject":
        service.reject(RejectSource(**common, source=ref, reason=text(form, "reason", 4000)))
        return f"/leads/{quote(ref)}?done=reject"
    raise CaseworkError(f"没有“{act}”这项操作", f"no lead act {act!r}")


@router.post("/leads/{ref}/{act}")
async def lead_act(request: Request, ref: str, act: str) -> Response:
    """`ref` is `new` for registering."""
    v = await run_in_threadpool(member, request)
    form = await request.form()
    check_csrf(form.get("csrf"), v.session)
    ctx = web(request)
    try:
        where = await run_in_threadpool(_lead_act, ctx, v, act, ref, form, _cid(v, form))
    except (CaseworkError, ConcurrencyError, ValueError) as exc:
        status, body = problem(exc)
        if ref == "new":
            extra = await run_in_threadpool(_leads_context, ctx, v, text(form, "township", 40) or None)
            return page(request, "leads.html", status, **extra, error=body)
        extra = await run_in_threadpool(_lead_context, ctx, v, ref)
        return page(request, "lead.html", status, **extra, error=body)
    return RedirectResponse(where, status_code=303)


# --- 许可申请 ---------------------------------------------------------------------------------
def _apps_context(ctx: WebContext, v: Visitor, township: str | None, **extra: Any) -> dict[str, Any]:
    code, towns = _township(ctx, v, township)
    today = clock.local_day(clock.now())
    found = sorted(_applications(ctx, v).pending(code, today),
                   key=lambda a: (not a["overdue"], a["answer_due"]))  # fmt: skip
    d = ctx.directory()
    version = d.catalogue_on(today)
    matters = sorted((m.code, m.name) for m in (version.items.values() if version else ())
                     if str(m.kind) in ("licensing", "Kind.LICENSING"))  # fmt: skip
    return {"v": v, "code": code, "towns": towns, "town": d.townships[code].name,
            "applications": found, "matters": matters, "matter_names": _matter_names(ctx),
            "form_id": uuid.uuid4().hex, **extra}  # fmt: skip


def _matter_names(ctx: WebContext) -> dict[str, str]:
    """许可事项 by name beside its code (the application pages showed the code only)."""
    version = ctx.directory().catalogue_on(clock.local_day(clock.now()))
    return {m.code: m.name for m in version.items.values()} if version else {}


@router.get("/applications", response_class=HTMLResponse)
def applications(request: Request, township: str | None = Query(None, max_length=40),
                 v: Visitor = Depends(member)) -> Response:  # fmt: skip
    return page(request, "applications.html", **_apps_context(web(request), v, township))


def _app_context(ctx: WebContext, v: Visitor, ref: str, **extra: Any) -> dict[str, Any]:
    view = _applications(ctx, v).load(ref)[1].view()
    reads.may_see(v.principal, view["township"])
    acts = {"received": ("accept", "reject", "correct"), "correcting": ("resubmitted", "reject")}
    open_acts = acts.get(view["state"], ()) if v.principal.township == view["township"] else ()
    return {"v": v, "app": view, "acts": open_acts, "matter_names": _matter_names(ctx),
            "form_id": uuid.uuid4().hex, **extra}  # fmt: skip


@router.get("/applications/lookup")
def lookup(ref: str = Query("", max_length=60), v: Visitor = Depends(member)) -> Response:
    return RedirectResponse(f"/applications/{quote(ref.strip()) or ''}", status_code=303)


@router.get("/applications/{ref}", response_class=HTMLResponse)
def application(request: Request, ref: str, v: Visitor = Depends(member)) -> Response:
    return page(request, "application.html", **_app_context(web(request), v, ref))


def _app_act(ctx: WebContext, v: Visitor, act: str, ref: str, form: Any, cid: str | None) -> str:
    from workflow.cases.application_service import AnswerApplication, ReceiveApplication

    who = v.principal.account_id
    common: dict[str, Any] = {"actor": who, "at": None, "command_id": cid,
                              "late_reason": text(form, "late_reason", 500)}  # fmt: skip
    service = _applications(ctx, v)
    if act == "receive":
        view = service.receive(ReceiveApplication(
            **common, township=text(form, "township", 40), matter=text(form, "matter", 40),
            applicant=text(form, "applicant"), summary=text(form, "summary", 4000)))  # fmt: skip
        return f"/applications/{quote(view['application_id'])}?done=receive"
    fields: dict[str, Any] = {}
    if act == "accept":
        fields["opening"] = cmd.OpenCase(
            actor="", township="", matter="", party="", summary="",
            party_kind=text(form, "party_kind", 20) or None, party_id_number=text(form, "party_id_number", 40),
            party_address=text(form, "party_address"), party_contact=text(form, "party_contact", 100))  # fmt: skip
    elif act == "reject":
        fields["reason"] = text(form, "reason", 4000)
    elif act == "correct":
        fields["materials"] = tuple(x.strip() for x in text(form, "materials", 4000).splitlines() if x.strip())
    elif act != "resubmitted":
        raise CaseworkError(f"没有“{act}”这项操作", f"no application act {act!r}")
    result = service.answer(AnswerApplication(**common, application=ref, answer=act, **fields))
    if not isinstance(result, dict) and getattr(result, "case_id", None):
        return f"/cases/{quote(result.case_id)}?done=open"
    return f"/applications/{quote(ref)}?done={quote(act)}"


@router.post("/applications/{ref}/{act}")
async def application_act(request: Request, ref: str, act: str) -> Response:
    """`ref` is `new` for receiving."""
    v = await run_in_threadpool(member, request)
    form = await request.form()
    check_csrf(form.get("csrf"), v.session)
    ctx = web(request)
    try:
        where = await run_in_threadpool(_app_act, ctx, v, act, ref, form, _cid(v, form))
    except (CaseworkError, ConcurrencyError, ValueError) as exc:
        status, body = problem(exc)
        if ref == "new":
            extra = await run_in_threadpool(_apps_context, ctx, v, text(form, "township", 40) or None)
            return page(request, "applications.html", status, **extra, error=body)
        extra = await run_in_threadpool(_app_context, ctx, v, ref)
        return page(request, "application.html", status, **extra, error=body)
    return RedirectResponse(where, status_code=303)

"""队伍名册 in the console: a team's members and certificates, and the organisation acts of
`casework officer enlist|remove|certify` for whom the organisation rules allow (入队 and
清退: the team leader or a county administrator; 执法资格证: administrators). Each act
runs the same `workflow.organisation.service` function, once per form (its id is the
command id), stamped `web` + account; a refusal re-renders the page with the rule.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from events import ConcurrencyError
from workflow import clock
from workflow.cases.words import ORIGIN_ZH
from workflow.errors import CaseworkError, NotAuthorised
from workflow.organisation import service as org
from workflow.organisation.types import (
    DOMAIN_ZH,
    CertificateChange,
    Domain,
    Origin,
    PersonnelAction,
    RemovalReason,
)
from workflow.origin import stamped
from workflow.web.auth import Visitor, check_csrf, member, web
from workflow.web.context import WebContext
from workflow.web.errors import problem
from workflow.web.pages_case import _cid
from workflow.web.paper import day, text
from workflow.web.render import page

router = APIRouter(include_in_schema=False)
KEEPERS = ("leader", "admin")  # who may open the roster page and act on it


def _code(ctx: WebContext, v: Visitor, township: str | None) -> str:
    who = v.principal
    if who.role not in KEEPERS:
        raise NotAuthorised("队伍名册由队长和县级系统管理员维护", "the roster is kept by leaders and admins")
    if who.role == "leader":
        return str(who.township)
    d = ctx.directory()
    return d.township(township).code if township else sorted(d.townships)[0]


def _context(ctx: WebContext, v: Visitor, code: str, **extra: Any) -> dict[str, Any]:
    d, today = ctx.directory(), clock.local_day(clock.now())
    members = [{"id": p.id, "name": p.name, "origin": ORIGIN_ZH.get(str(p.origin), str(p.origin)),
                "domain": DOMAIN_ZH[p.domain] if p.domain else "",
                "until": p.certificate_until(today)} for p in d.team(code)]  # fmt: skip
    towns = sorted((t.code, t.name) for t in d.townships.values())
    return {"v": v, "code": code, "town": d.townships[code].name, "members": members,
            "towns": towns, "origins": ORIGIN_ZH, "domains": DOMAIN_ZH, "form_id": uuid.uuid4().hex,
            "reasons": [r.value for r in RemovalReason],
            "actions": [(a.value, a.zh) for a in PersonnelAction],
            "opinions": [{"officer": p.id, "name": p.name, "action": o.action.zh, "agrees": o.agrees,
                          "opinion": o.text, "on": str(o.recorded_on)}
                         for p in d.team(code) for o in p.opinions], **extra}  # fmt: skip


@router.get("/roster", response_class=HTMLResponse)
def roster(request: Request, township: str | None = Query(None, max_length=40),
           v: Visitor = Depends(member)) -> Response:  # fmt: skip
    ctx = web(request)
    return page(request, "roster.html", **_context(ctx, v, _code(ctx, v, township)))


def _act(ctx: WebContext, v: Visitor, act: str, form: Any, cid: str | None) -> None:
    store = stamped(ctx.casework.store, "web", v.principal.account_id)
    who = v.principal.account_id
    if act == "enlist":
        domain = text(form, "domain")
        org.enlist(store, who, officer_id=text(form, "officer_id", 64), name=text(form, "name", 100),
                   township=text(form, "township", 40), origin=Origin(text(form, "origin")),
                   domain=Domain(domain) if domain else None, command_id=cid)  # fmt: skip
    elif act == "remove":
        org.remove_officer(store, who, officer_id=text(form, "officer_id", 64),
                           reason=RemovalReason(text(form, "reason")),
                           details=text(form, "details", 4000), command_id=cid)  # fmt: skip
    elif act == "certify":
        until: date | None = day(form, "valid_until")
        org.certify(store, who, officer_id=text(form, "officer_id", 64),
                    change=CertificateChange(text(form, "change")), number=text(form, "number") or None,
                    valid_until=until, reason=text(form, "reason", 4000), command_id=cid)  # fmt: skip
    elif act == "opinion":  # 乡镇意见 on a personnel action (the team leader)
        org.record_opinion(store, who, officer_id=text(form, "officer_id", 64),
                           action=PersonnelAction(text(form, "action")),
                           opinion=text(form, "opinion", 4000),
                           agrees=text(form, "agrees") != "no", command_id=cid)  # fmt: skip
    elif act == "personnel":  # 人事: promotion, transfer, award (administrators, after the opinion)
        org.record_personnel_action(store, who, officer_id=text(form, "officer_id", 64),
                                    action=PersonnelAction(text(form, "action")),
                                    details=text(form, "details", 4000), command_id=cid)  # fmt: skip
    else:
        raise CaseworkError(f"没有“{act}”这项操作", f"no roster act {act!r}")


@router.post("/roster/{act}")
async def roster_act(request: Request, act: str) -> Response:
    v = await run_in_threadpool(member, request)
    form = await request.form()
    check_csrf(form.get("csrf"), v.session)
    ctx = web(request)
    code = await run_in_threadpool(_code, ctx, v, text(form, "township", 40) or None)
    try:
        await run_in_threadpool(_act, ctx, v, act, form, _cid(v, form))
    except (CaseworkError, ConcurrencyError, ValueError) as exc:
        status, body = problem(exc)
        extra = await run_in_threadpool(_context, ctx, v, code)
        return page(request, "roster.html", status, **extra, error=body)
    return RedirectResponse(f"/roster?township={quote(code)}&done={quote(act)}", status_code=303)

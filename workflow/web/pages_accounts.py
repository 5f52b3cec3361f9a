"""账户管理 in the console, for the county's system administrators (role admin): every
account with its person, role, township and standing (active, locked, must change its
password) and last login (Asia/Shanghai); open an account for a person of the roster,
reset a password (the one-time password is shown once, on the answer to the form), lock
an account. The acts are `casework account create|reset|lock`'s: the same
`AccountService` methods, through the API's once-per-key wrapper (`api_accounts._once`,
the form's id as the key), stamped `web` + the administrator's account. The service
checks the administrator (anyone else: 403). There is no separate unlock: an account
locked by an administrator stays locked until reset (README), so 解锁 is the reset.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from workflow import clock
from workflow.accounts.service import ACCOUNT_ROLES
from workflow.errors import CaseworkError, NotAuthorised
from workflow.web.api_accounts import _once
from workflow.web.auth import Visitor, check_csrf, member, web
from workflow.web.errors import problem
from workflow.web.paper import text
from workflow.web.render import page

router = APIRouter(include_in_schema=False)
COUNTY = "county"  # the filter value of county staff (no township)


def _admin(v: Visitor) -> None:
    if v.principal.role != "admin":  # the page; the service refuses the acts by itself
        raise NotAuthorised(
            "账户管理由县级系统管理员办理", "accounts are managed by county administrators"
        )


def _shown(moment: float | None) -> str:
    return clock.show(datetime.fromtimestamp(moment, UTC)) if moment is not None else ""


def _context(request: Request, v: Visitor, township: str | None, **extra: Any) -> dict[str, Any]:
    ctx = web(request)
    d = ctx.directory()
    towns = sorted((t.code, t.name) for t in d.townships.values())
    names = dict(towns)

    def wanted(person: Any) -> bool:
        if not township:
            return True
        return person.township is None if township == COUNTY else person.township == township

    rows, held = [], set()
    for state in ctx.accounts.listing():
        held.add(state.account_id)
        person = d.person(state.account_id)
        if person is None or not wanted(person):
            continue
        if person.dismissed:
            status, tone = "已清退，账户停用", "muted"
        elif state.locked:
            status, tone = "已锁定（重置密码后解锁）", "bad"
        elif state.locked_until is not None:
            status, tone = f"登录失败过多，暂时锁定至 {_shown(state.locked_until)}", "bad"
        elif state.must_change:
            status, tone = "待修改初始密码", ""
        else:
            status, tone = "正常", "good"
        rows.append({
            "id": state.account_id, "name": person.name, "role": str(person.role.value),
            "township": names.get(person.township or "", "县级"), "status": status,
            "tone": tone, "locked": state.locked, "away": person.away, "dismissed": person.dismissed,
            "last_login": _shown(state.last_login), "created": _shown(state.created_at),
        })  # fmt: skip
    rows.sort(key=lambda r: (r["township"] != "县级", r["township"], r["id"]))
    creatable = sorted(
        (p for p in d.people.values()
         if p.id not in held and str(p.role.value) in ACCOUNT_ROLES and not p.removed and wanted(p)),
        key=lambda p: (p.township or "", p.id),
    )  # fmt: skip
    return {"v": v, "rows": rows, "towns": towns, "township": township or "", "county": COUNTY,
            "creatable": [{"id": p.id, "name": p.name, "role": str(p.role.value),
                           "township": names.get(p.township or "", "县级")} for p in creatable],
            "form_id": uuid.uuid4().hex, **extra}  # fmt: skip


@router.get("/accounts", response_class=HTMLResponse)
def accounts_page(request: Request, township: str | None = Query(None, max_length=40),
                  v: Visitor = Depends(member)) -> Response:  # fmt: skip
    _admin(v)
    return page(request, "accounts.html", **_context(request, v, township))


ACTS = {"create": "开通账户", "reset": "重置密码", "lock": "锁定账户"}


@router.post("/accounts/{act}", response_class=HTMLResponse)
async def account_act(request: Request, act: str) -> Response:
    v = await run_in_threadpool(member, request)
    form = await request.form()
    check_csrf(form.get("csrf"), v.session)
    _admin(v)
    township = text(form, "township", 40) or None
    by = v.principal.account_id
    try:
        person = text(form, "account_id", 64)
        if act not in ACTS:
            raise CaseworkError(f"没有“{act}”这项操作", f"no account act {act!r}")
        if not person:
            raise CaseworkError("请选择人员", "choose a person")
        raw = form.get("form_id")
        key = raw if isinstance(raw, str) and 0 < len(raw) <= 64 else None
        done = await run_in_threadpool(
            _once, request, by, key, person, _act(act, person, by), "web"
        )
    except CaseworkError as exc:
        status, body = problem(exc)
        context = await run_in_threadpool(_context, request, v, township)
        return page(request, "accounts.html", status, error=body, **context)
    if act == "lock" or done["duplicate"]:  # a form sent twice: the password is not shown again
        said = {"done": "again" if done["duplicate"] else act, "account": person,
                **({"township": township} if township else {})}  # fmt: skip
        return RedirectResponse(f"/accounts?{urlencode(said)}", status_code=303)
    context = await run_in_threadpool(_context, request, v, township)  # the password, once
    return page(request, "accounts.html", **context,
                issued={"account": person, "act": ACTS[act], "password": done["first_password"]})  # fmt: skip


def _act(act: str, person: str, by: str) -> Any:
    """The service call of a form: `casework account create|reset|lock`'s, channel web."""
    if act == "create":
        return lambda s: {"first_password": s.create(person, by=by, channel="web")}
    if act == "reset":
        return lambda s: {"first_password": s.reset(person, by=by, channel="web")}
    return lambda s: {"locked": s.lock(person, by=by, channel="web") or True}

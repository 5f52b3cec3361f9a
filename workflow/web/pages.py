"""Console pages for the account: login, logout, password change, home, API tokens."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from workflow.accounts.service import LoginRefused
from workflow.errors import CaseworkError
from workflow.web.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Visitor,
    address,
    check_csrf,
    check_login_csrf,
    login_csrf,
    member,
    secure,
    visitor,
    web,
)
from workflow.web.render import page

router = APIRouter(include_in_schema=False)
HOME = {"officer": "/my", "leader": "/team", "deputy": "/team", "supervisor": "/county",
        "admin": "/accounts"}  # fmt: skip


@router.get("/health")
def health() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/ready")
def ready(request: Request) -> Response:
    """The store answers (readiness for a load balancer)."""
    try:
        head = web(request).casework.store.head()
    except Exception:  # noqa: BLE001 - any failure means not ready
        return Response('{"status":"unavailable"}', status_code=503, media_type="application/json")
    return Response(f'{{"status":"ready","head":{head}}}', media_type="application/json")


@router.get("/", response_class=HTMLResponse)
def home(v: Visitor = Depends(member)) -> Response:
    if v.principal.away:  # 调离执法岗位: their own record is all they read
        return RedirectResponse(f"/accountability/record/{v.principal.account_id}", status_code=303)
    return RedirectResponse(HOME.get(v.principal.role, "/tokens"), status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    token = login_csrf(request)
    response = page(request, "login.html", csrf=token)
    _login_cookie(request, response, token)
    return response


def _login_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax",
                        secure=secure(request), max_age=3600)  # fmt: skip


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    account: str = Form(..., max_length=200),
    password: str = Form(..., max_length=200),
    csrf: str = Form("", max_length=200),
) -> Response:
    check_login_csrf(request, csrf)
    ctx = web(request)
    try:
        who = await run_in_threadpool(
            ctx.accounts.authenticate,
            account.strip(),
            password,
            address=address(request),
            channel="web",
        )
    except (LoginRefused, CaseworkError) as exc:
        response = page(request, "login.html", 401, csrf=csrf, error=exc, account=account)
        return response
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        await run_in_threadpool(ctx.sessions.revoke, old)  # a new id at login: no fixation
    token = await run_in_threadpool(ctx.sessions.open, who.account_id)
    target = "/password" if who.must_change else "/"
    redirect = RedirectResponse(target, status_code=303)
    redirect.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax",
                        secure=secure(request))  # fmt: skip
    redirect.delete_cookie(LOGIN_CSRF_COOKIE)
    return redirect


@router.post("/logout")
async def logout(request: Request, csrf: str = Form("", max_length=200)) -> Response:
    v = await run_in_threadpool(visitor, request)
    check_csrf(csrf, v.session)
    await run_in_threadpool(web(request).sessions.revoke, v.token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/password", response_class=HTMLResponse)
def password_form(request: Request, v: Visitor = Depends(visitor)) -> Response:
    return page(request, "password.html", v=v)


@router.post("/password", response_class=HTMLResponse)
async def change_password(
    request: Request,
    old: str = Form(..., max_length=200),
    new: str = Form(..., max_length=200),
    again: str = Form(..., max_length=200),
    csrf: str = Form("", max_length=200),
) -> Response:
    v = await run_in_threadpool(visitor, request)
    check_csrf(csrf, v.session)
    try:
        if new != again:
            raise CaseworkError("两次输入的新密码不一致", "the two new passwords differ")
        await run_in_threadpool(web(request).accounts.change_password, v.principal.account_id,
                                old, new, channel="web")  # fmt: skip
    except CaseworkError as exc:
        return page(request, "password.html", 400, v=v, error=exc)
    # the change ended every session of the account (this one too): open a fresh one here
    ctx = web(request)
    token = await run_in_threadpool(ctx.sessions.open, v.principal.account_id)
    redirect = RedirectResponse("/", status_code=303)
    redirect.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax",
                        secure=secure(request))  # fmt: skip
    return redirect


@router.get("/tokens", response_class=HTMLResponse)
def tokens(request: Request, v: Visitor = Depends(member)) -> Response:
    listing = web(request).tokens.listing(v.principal.account_id)
    return page(request, "tokens.html", v=v, tokens=listing)


@router.post("/tokens", response_class=HTMLResponse)
async def issue_token(
    request: Request,
    name: str = Form(..., max_length=100),
    days: int = Form(30, ge=1, le=366),
    write: bool = Form(False),
    csrf: str = Form("", max_length=200),
) -> Response:
    v = await run_in_threadpool(member, request)
    check_csrf(csrf, v.session)
    ctx = web(request)
    scopes = ["read", "write"] if write else ["read"]
    secret = await run_in_threadpool(ctx.tokens.issue, v.principal.account_id, name, scopes,
                                     days, channel="web")  # fmt: skip
    listing = ctx.tokens.listing(v.principal.account_id)
    return page(request, "tokens.html", v=v, tokens=listing, secret=secret)


@router.post("/tokens/{token_id}/revoke")
async def revoke_token(
    request: Request, token_id: str, csrf: str = Form("", max_length=200)
) -> Response:
    v = await run_in_threadpool(member, request)
    check_csrf(csrf, v.session)
    await run_in_threadpool(
        web(request).tokens.revoke, v.principal.account_id, token_id, channel="web"
    )
    return RedirectResponse("/tokens", status_code=303)

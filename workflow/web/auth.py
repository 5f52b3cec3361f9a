"""Who is asking: the session behind a console request, the token behind an API call.

Console pages use a server-side session (cookie `HttpOnly`, `SameSite=Lax`, `Secure`
over TLS) and check the session's CSRF token on every form post. The login form,
before any session exists, uses a double-submit cookie. API calls send
`Authorization: Bearer cw_…`; a GET may also ride on the console session (the
in-browser chain check does), a write never does.
"""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass

from fastapi import Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from workflow.accounts.service import Principal
from workflow.accounts.sessions import Session
from workflow.errors import NotAuthorised
from workflow.web.context import WebContext
from workflow.web.errors import Forbidden, Unauthenticated

SESSION_COOKIE = "casework_session"
LOGIN_CSRF_COOKIE = "casework_login_csrf"
bearer = HTTPBearer(auto_error=False, description="an API token: cw_<id>_<secret>")


class LoginRequired(Exception):
    """A console page without a live session: redirect to the login page."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Visitor:
    """A logged-in console user: who they are and their session."""

    principal: Principal
    session: Session
    token: str


def web(request: Request) -> WebContext:
    ctx = request.app.state.web
    assert isinstance(ctx, WebContext)
    return ctx


def secure(request: Request) -> bool:
    """A cookie set on this response is `Secure`: the request came over TLS (its scheme, which
    behind the proxy is X-Forwarded-Proto, trusted only from the proxy's address: uvicorn's
    `forwarded_allow_ips`), or the deployment says every cookie is (CASEWORK_SECURE_COOKIES)."""
    return request.url.scheme == "https" or web(request).secure_cookies


def address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def visitor(request: Request) -> Visitor:
    """The session's principal, or LoginRequired (no session, removed, locked)."""
    ctx = web(request)
    token = request.cookies.get(SESSION_COOKIE)
    session = ctx.sessions.get(token)
    if session is None or token is None:
        raise LoginRequired()
    try:
        principal = ctx.accounts.principal(session.account_id)
    except NotAuthorised as exc:
        ctx.sessions.revoke(token)
        raise LoginRequired(exc.zh) from exc
    check_away(principal, request.url.path)
    return Visitor(principal, session, token)


AWAY_PATHS = re.compile(r"/|/password|/logout|/accountability|/accountability/inquiries/[^/]+(?:/statement)?")


def check_away(principal: Principal, path: str) -> None:
    """A person posted away (调离执法岗位) reads their own accountability record and their
    inquiries (and states their case on them: 陈述申辩), changes their password, logs out;
    every other page and API call is refused (the domain's rules refuse their acts anyway)."""
    own = (f"/accountability/record/{principal.account_id}", "/api/accountability")
    if principal.away and path not in own and not AWAY_PATHS.fullmatch(path):
        raise Forbidden("已调离执法岗位：只能查看本人的执法责任档案和责任追究",
                        "posted away from enforcement duty: only one's own record and inquiries")  # fmt: skip


def check_csrf(form_token: object, session: Session) -> None:
    """Refuse a form post whose CSRF token is not the session's."""
    if not isinstance(form_token, str) or not hmac.compare_digest(form_token, session.csrf):
        raise Forbidden("表单已失效（CSRF 校验失败），请刷新页面后重试", "CSRF check failed")


def login_csrf(request: Request) -> str:
    """The login form's double-submit token (the cookie's, or a new one)."""
    return request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)


def check_login_csrf(request: Request, form_token: object) -> None:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    if not cookie or not isinstance(form_token, str) or not hmac.compare_digest(cookie, form_token):
        raise Forbidden("表单已失效（CSRF 校验失败），请刷新页面后重试", "CSRF check failed")


def api_principal(
    request: Request, credentials: HTTPAuthorizationCredentials | None, *, write: bool
) -> Principal:
    """The API caller: a token with the right scope, or (GET only) a console session."""
    ctx = web(request)
    if credentials is not None:
        found = ctx.tokens.check_with_account(credentials.credentials, ctx.directory.rider())
        if found is None:
            raise Unauthenticated()
        grant, row = found
        if ("write" if write else "read") not in grant.scopes:
            raise Forbidden("该令牌没有此权限范围", "this token's scope does not allow it")
        return _present(ctx.accounts.principal(grant.account_id, row), request, write)
    if write:
        raise Unauthenticated()
    session = ctx.sessions.get(request.cookies.get(SESSION_COOKIE))
    if session is None:
        raise Unauthenticated()
    return _present(ctx.accounts.principal(session.account_id), request, write)


def _present(principal: Principal, request: Request, write: bool) -> Principal:
    """The API caller, unless posted away: then only reading their own record."""
    if principal.away and write:
        raise Forbidden("已调离执法岗位，不能操作", "posted away from enforcement duty")
    check_away(principal, request.url.path)
    return principal


class MustChangePassword(Exception):
    """A first or reset password: the only page open is the password change."""


def member(request: Request) -> Visitor:
    """A logged-in visitor whose password is their own (else: change it first)."""
    v = visitor(request)
    if v.principal.must_change:
        raise MustChangePassword()
    return v

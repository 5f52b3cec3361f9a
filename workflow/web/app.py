"""The ASGI app: `create_app(settings)` wires the one composition root into FastAPI.

Nothing is built at import. `casework serve` calls `create_app` through uvicorn's
factory mode, so every worker process opens its own store and engine.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
from argon2 import PasswordHasher
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as SATimeoutError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from events import ConcurrencyError, EventStoreError
from workflow.accounts.service import AccountService
from workflow.accounts.sessions_redis import session_store
from workflow.bootstrap import bootstrap
from workflow.errors import CaseworkError
from workflow.settings import Settings
from workflow.web import (
    api,
    api_accountability,
    api_accounts,
    api_admin,
    api_execution,
    api_intake,
    api_org,
    api_paper,
    api_reads,
    api_spot,
    evidence,
    pages,
    pages_accountability,
    pages_accounts,
    pages_boards,
    pages_case,
    pages_intake,
    pages_notices,
    pages_paper,
    pages_roster,
    pages_supervisor,
)
from workflow.web.api_gate import unauthenticated
from workflow.web.auth import LoginRequired, MustChangePassword
from workflow.web.background import BackgroundProjector
from workflow.web.context import REQUEST_MEMO, DirectoryCache, WebContext
from workflow.web.errors import Unauthenticated, problem
from workflow.web.render import render_error
from workflow.web.upload_cap import UploadCap

HERE = Path(__file__).parent
access_log = logging.getLogger("casework.access")

SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; "
     b"img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
     b"base-uri 'none'; object-src 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]  # fmt: skip


class SecurityHeaders:
    """Adds the security headers to every response and writes one access-log line (no
    query strings, no bodies, no cookies: no personal data)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 0

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message["headers"] = headers
            await send(message)

        memo = REQUEST_MEMO.set({})
        try:
            await self.app(scope, receive, sending)
        finally:
            REQUEST_MEMO.reset(memo)
        if access_log.isEnabledFor(logging.INFO):
            access_log.info(json.dumps({"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                        "method": scope["method"], "path": scope["path"],
                                        "status": status,
                                        "ms": round((time.perf_counter() - started) * 1000, 1)}))  # fmt: skip


def create_app(
    settings: Settings | None = None,
    *,
    hasher: PasswordHasher | None = None,
    evidence_dir: Path | None = None,
) -> FastAPI:
    """The console and the API over the store named by the settings."""
    from workflow.settings import from_env

    settings = settings or from_env()
    casework = bootstrap(settings, project=bool(settings.redis_url), pool_size=POOL_SIZE)
    if not settings.redis_url:
        casework.store.subscribe(BackgroundProjector(casework.projections))
    directory = DirectoryCache(casework)
    revoker = casework.revoker  # bootstrap's: ends an account's sessions and tokens
    assert revoker is not None
    sessions, tokens = revoker.sessions, revoker.tokens
    ctx = WebContext(
        casework=casework,
        accounts=AccountService(casework.store, directory, hasher=hasher),
        sessions=sessions,
        tokens=tokens,
        directory=directory,
        evidence_dir=evidence_dir or Path(settings.evidence_dir),
        secure_cookies=settings.secure_cookies,
    )
    app = FastAPI(
        lifespan=_lifespan,
        title="casework 乡镇综合行政执法办案系统",
        version="0.1.0",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        description="The JSON API of casework. Authenticate with `Authorization: Bearer <token>`.",
    )
    app.state.web = ctx
    app.state.revoker = revoker  # ends an account's sessions and tokens (lock, reset, removal)
    for router in (
        api.router,
        api_reads.router,
        api_org.router,
        api_paper.router,
        api_execution.router,
        api_accounts.router,
        api_intake.router,
        api_accountability.router,
        api_admin.router,
        api_spot.router,
        pages.router,
        pages_accounts.router,
        pages_case.router,
        pages_intake.router,
        pages_boards.router,
        pages_accountability.router,
        pages_paper.router,
        pages_roster.router,
        pages_supervisor.router,
        pages_notices.router,
    ):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _handlers(app)
    app.add_middleware(UploadCap, most=evidence.most(settings))  # 413 while streaming
    app.add_middleware(SecurityHeaders)
    return app


__all__ = ["create_app", "session_store"]  # session_store: workflow.accounts.sessions


WORKER_THREADS = 10
"""Requests doing database work at once (under the engine's pool of POOL_SIZE + 10 overflow,
so a burst waits for a thread instead of timing out waiting for a connection)."""
POOL_SIZE = WORKER_THREADS + 2
"""Connections the engine keeps open: one per request thread, the background read-model
pass's and one spare. With SQLAlchemy's default of 5, ten busy request threads kept
opening and closing overflow connections (on PostgreSQL a new server process each:
~90 connections for 960 requests at 16 clients, 28 Nov 2026)."""


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
    yield
    app.state.web.close()


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _handlers(app: FastAPI) -> None:
    async def domain_error(request: Request, exc: Exception) -> Response:
        status, body = problem(exc)
        if isinstance(exc, ConcurrencyError):
            body["current_version"] = exc.actual
            body["changes"] = getattr(exc, "changes", [])
        if _is_api(request):
            headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
            return JSONResponse(body, status_code=status, headers=headers)
        if status == 401:
            return RedirectResponse("/login", status_code=303)
        return render_error(request, status, body)

    async def bad_request(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        detail = "; ".join(_where(e) for e in exc.errors()[:5])
        body = {
            "error": "invalid",
            "zh": f"请求格式有误：{detail}",
            "en": f"invalid request: {detail}",
        }
        if _is_api(request):
            if await unauthenticated(request):  # who first, then the body (issue 11 §4)
                return await domain_error(request, Unauthenticated())
            return JSONResponse(body, status_code=400)
        return render_error(request, 400, body)

    async def login_required(request: Request, exc: Exception) -> Response:
        return RedirectResponse("/login", status_code=303)

    async def busy(request: Request, exc: Exception) -> Response:
        body = {
            "error": "busy",
            "zh": "数据库繁忙，请稍后重试",
            "en": "the database is busy: retry shortly",
        }
        return JSONResponse(body, status_code=503, headers={"Retry-After": "1"})

    app.add_exception_handler(sqlite3.OperationalError, busy)
    app.add_exception_handler(OperationalError, busy)
    app.add_exception_handler(SATimeoutError, busy)
    for kind in (CaseworkError, ConcurrencyError, EventStoreError, ValueError, Unauthenticated):
        app.add_exception_handler(kind, domain_error)
    app.add_exception_handler(RequestValidationError, bad_request)

    async def must_change(request: Request, exc: Exception) -> Response:
        return RedirectResponse("/password", status_code=303)

    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(MustChangePassword, must_change)


def _where(error: dict[str, Any]) -> str:
    loc = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
    return f"{loc}: {error.get('msg', '')}"

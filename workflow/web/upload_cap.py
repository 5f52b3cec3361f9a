"""Uploads bounded while they stream (issue 11 §3: size limits on evidence).

Starlette parses a multipart body into temporary files before an endpoint sees it, so a
limit checked by the endpoint comes after a multi-gigabyte upload has been written to disk.
`UploadCap` counts the bytes of every multipart request as they arrive: a declared
Content-Length over the cap is refused before anything is read, and a body that passes the
cap while streaming is refused the moment it does. Before any of it, who is asking: a
multipart request without a live token or session is answered 401 (API) or sent to the
login page (console) with nothing of its body read. Either way the answer is 413 with one
line (Chinese / English), the endpoint's own answer is dropped, nothing is kept (Starlette
removes its temporary files) and nothing is appended (no file, no event).

The cap is the evidence limit the CLI's `--file` uses (CASEWORK_EVIDENCE_MAX_MB,
`workflow.limits.evidence_most`) plus FORM_ROOM for the form's other fields; each kept
file is then held to the limit itself (`workflow.web.evidence.keep`,
`workflow.accountability.files.keep`).
"""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from workflow.accountability.files import FileTooLarge

FORM_ROOM = 64 * 1024
"""Bytes of a multipart body beyond its file: the other fields and the part headers."""


class BodyTooLarge(Exception):
    """A multipart body passed the cap while streaming (never caught by an endpoint)."""


class UploadCap:
    def __init__(self, app: ASGIApp, most: int) -> None:
        self.app = app
        self.most = most
        self.cap = most + FORM_ROOM

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _multipart(scope):
            return await self.app(scope, receive, send)
        if await _stranger(scope):  # who first: not one byte of a stranger's body is read
            return await _unauthenticated(scope, send)
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.cap:
            return await self._refuse(scope, send)
        received, over, started = 0, False, False

        async def counting() -> Message:
            nonlocal received, over
            if over:
                raise BodyTooLarge()
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.cap:
                    over = True
                    raise BodyTooLarge()
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            if over:  # the endpoint's answer to a cut-off body: ours replaces it
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting, sending)
        except Exception:
            if not over:
                raise
        if over and not started:
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        refused = FileTooLarge(self.most, "CASEWORK_EVIDENCE_MAX_MB")  # as a kept file's refusal
        zh, en = refused.zh, refused.en
        if str(scope.get("path", "")).startswith("/api/"):
            body = json.dumps({"error": "too_large", "zh": zh, "en": en}, ensure_ascii=False)
            kind = b"application/json"
        else:
            body, kind = f"{zh} / {en}\n", b"text/plain; charset=utf-8"
        data = body.encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", kind), (b"content-length", str(len(data)).encode()),
                                (b"connection", b"close")]})  # fmt: skip
        await send({"type": "http.response.body", "body": data})


async def _stranger(scope: Scope) -> bool:
    """No valid credentials for this request: an API call without a live token (or, for a
    read, a session), a console post without a live session. Checked from the headers
    only, as the endpoint will check them again (the endpoint's checks stay the rule)."""
    from workflow.web.api_gate import unauthenticated
    from workflow.web.auth import SESSION_COOKIE, web

    request = Request(scope)
    if request.url.path.startswith("/api/"):
        return await unauthenticated(request)
    sessions = web(request).sessions
    return await run_in_threadpool(sessions.get, request.cookies.get(SESSION_COOKIE)) is None


async def _unauthenticated(scope: Scope, send: Send) -> None:
    """401 (API, the one JSON line every endpoint gives) or to the login page (console)."""
    from workflow.web.errors import Unauthenticated, problem

    if str(scope.get("path", "")).startswith("/api/"):
        status, body = problem(Unauthenticated())
        data = json.dumps(body, ensure_ascii=False).encode()
        headers = [(b"content-type", b"application/json"), (b"www-authenticate", b"Bearer")]
    else:
        status, data, headers = 303, b"", [(b"location", b"/login")]
    headers += [(b"content-length", str(len(data)).encode()), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def _multipart(scope: Scope) -> bool:
    kind = _header(scope, b"content-type") or ""
    return kind.lower().startswith("multipart/")

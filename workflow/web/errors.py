"""Errors as the API and the pages show them: the CLI's rule code, statute and Chinese /
English message, with the HTTP status matching the CLI's exit code.

CLI exit 2 usage -> 400; 3 rule -> 422; 4 not authorised -> 403; 5 concurrency -> 409;
no such thing -> 404; not logged in -> 401; a file over its size limit -> 413.
"""

from __future__ import annotations

from typing import Any

from events import ConcurrencyError, EventStoreError
from workflow.accountability.files import FileTooLarge
from workflow.errors import CaseworkError, NotAuthorised, NotFound, RuleViolation


class Unauthenticated(Exception):
    """No valid session or token."""


class Forbidden(CaseworkError):
    """A well-formed request this credential may not make (CSRF, token scope)."""

    exit_code = 4


def problem(exc: Exception) -> tuple[int, dict[str, Any]]:
    """The HTTP status and JSON body for an error."""
    if isinstance(exc, Unauthenticated):
        return 401, _body("unauthenticated", "请先登录或提供有效的接口令牌",
                          "log in or send a valid API token")  # fmt: skip
    if isinstance(exc, FileTooLarge):  # a file over its limit, whatever the body's size
        return 413, _body("too_large", exc.zh, exc.en)
    if isinstance(exc, RuleViolation):
        return 422, {**_body("rule", exc.zh, exc.en), "rule": exc.rule, "statute": exc.statute}
    if isinstance(exc, (NotAuthorised, Forbidden)):
        return 403, _body("forbidden", exc.zh, exc.en)
    if isinstance(exc, NotFound):
        return 404, _body("not_found", exc.zh, exc.en)
    if isinstance(exc, ConcurrencyError):
        return 409, _body("conflict", "记录已被他人更新，请刷新后重试",
                          f"it changed meanwhile: {exc}")  # fmt: skip
    if isinstance(exc, CaseworkError):
        return 400, _body("invalid", exc.zh, exc.en)
    if isinstance(exc, (ValueError, EventStoreError)):
        return 400, _body("invalid", f"输入有误：{exc}", f"invalid input: {exc}")
    raise exc


def _body(kind: str, zh: str, en: str) -> dict[str, Any]:
    return {"error": kind, "zh": zh, "en": en}


def one_line(exc: Exception) -> str:
    """The error as the CLI prints it: Chinese / English."""
    status, body = problem(exc)
    return f"{body['zh']} / {body['en']}"

"""Rendering pages: one Jinja2 environment (autoescape on), Chinese labels, the error page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
assert templates.env.autoescape  # Starlette turns autoescape on for .html

ROLE_ZH = {"officer": "执法人员", "leader": "队长", "deputy": "副队长",
           "supervisor": "县级监督", "admin": "系统管理员"}  # fmt: skip
STATE_ZH = {
    "opened": "已立案", "dispatched": "已指派", "penalty_notified": "已告知",
    "hearing": "听证中", "penalty_decided": "已决定", "licence_granted": "准予许可",
    "licence_refused": "不予许可", "closed": "已结案", "reviewed": "已评查",
}  # fmt: skip
VERDICT_ZH = {"qualified": "合格", "defective": "有瑕疵", "erroneous": "错误"}
templates.env.globals.update(ROLE_ZH=ROLE_ZH, STATE_ZH=STATE_ZH, VERDICT_ZH=VERDICT_ZH)


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a template with the visitor (if any) and the CSRF token in the context."""
    return templates.TemplateResponse(request, name, context, status_code=status)


def render_error(request: Request, status: int, body: dict[str, Any]) -> HTMLResponse:
    return page(request, "error.html", status, error=body, status_code=status)

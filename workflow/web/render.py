"""Rendering pages: one Jinja2 environment (autoescape on), Chinese labels, the error page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from workflow.cases.words import ROLE_ZH, STATE_ZH, VERDICT_ZH

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
assert templates.env.autoescape  # Starlette turns autoescape on for .html

# one term per thing: the domain's words (workflow/cases/words.py, GLOSSARY.md)
templates.env.globals.update(ROLE_ZH=ROLE_ZH, STATE_ZH=STATE_ZH, VERDICT_ZH=VERDICT_ZH)


def is_legal_reviewer(request: Request, v: Any) -> bool:
    """The visitor is a designated 法制审核人员 of their township (the nav shows the queue)."""
    from workflow.web.queries import legal_reviewers

    who = v.principal
    return bool(who.township) and who.account_id in legal_reviewers(request.app.state.web, who.township)


templates.env.globals["is_legal_reviewer"] = is_legal_reviewer


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a template with the visitor (if any) and the CSRF token in the context."""
    return templates.TemplateResponse(request, name, context, status_code=status)


def render_error(request: Request, status: int, body: dict[str, Any]) -> HTMLResponse:
    return page(request, "error.html", status, error=body, status_code=status)

"""Rendering pages: one Jinja2 environment (autoescape on), Chinese labels, the error page."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from workflow.cases.words import EVENT_ZH, ROLE_ZH, STATE_ZH, VERDICT_ZH
from workflow.web.data_words import shown_fields

HERE = Path(__file__).parent
CHANNEL_ZH = {"web": "网页", "api": "接口", "cli": "命令行", "system": "系统自动", "demo": "演示模拟"}
GAPS = [  # organisation.rules' gaps ("english (中文)") as one Chinese sentence each
    (re.compile(r"township staff (\d+)/7 \("), "乡镇专职执法人员不足 7 人（现有 {0} 人）"),
    (re.compile(r"no officer seconded from \S+ \((.+)\)$"), "缺少县级派驻的{0}执法人员"),
    (re.compile(r"seconded \S+ uncertified \(派驻(.+): 无有效证件\)$"), "派驻的{0}执法人员均无有效执法证件"),
    (re.compile(r"certified heads (\d+)/2 \("), "持有效执法证件的队长、副队长不足 2 人（现有 {0} 人）"),
    (re.compile(r"no team leader"), "未配备队长"),
    (re.compile(r"deputies (\d+)/2"), "副队长应为 2 人（现有 {0} 人）"),
]


def gap_zh(gap: str) -> str:
    """A 7+9+N gap in Chinese only (the CLI prints both languages)."""
    for pattern, words in GAPS:
        found = pattern.search(gap)
        if found:
            return words.format(*found.groups())
    return gap
templates = Jinja2Templates(directory=HERE / "templates")
assert templates.env.autoescape  # Starlette turns autoescape on for .html

# one term per thing: the domain's words (workflow/cases/words.py, GLOSSARY.md)
templates.env.globals.update(ROLE_ZH=ROLE_ZH, STATE_ZH=STATE_ZH, VERDICT_ZH=VERDICT_ZH,
                             EVENT_ZH=EVENT_ZH, CHANNEL_ZH=CHANNEL_ZH, shown_fields=shown_fields)


def is_legal_reviewer(request: Request, v: Any) -> bool:
    """The visitor is a designated 法制审核人员 of their township (the nav shows the queue)."""
    from workflow.web.queries import legal_reviewers

    who = v.principal
    return bool(who.township) and who.account_id in legal_reviewers(request.app.state.web, who.township)


templates.env.globals["is_legal_reviewer"] = is_legal_reviewer


def notice_count(request: Request, v: Any) -> int:
    """The nav's count beside 提醒: the notices the visitor may read that are new to them
    (recorded since they last opened 提醒's first page; never opened: the last seven days)."""
    from workflow.web.queries import unread_notices

    return unread_notices(request.app.state.web, v.principal)


templates.env.globals["notice_count"] = notice_count


def upload_limit(request: Request) -> str:
    """The largest file an upload may be, as a form shows it (CASEWORK_EVIDENCE_MAX_MB)."""
    return f"{request.app.state.web.casework.settings.evidence_max_mb:g} MB"


templates.env.globals["upload_limit"] = upload_limit
templates.env.filters["gap_zh"] = lambda gap: gap_zh(str(gap))


def shanghai(moment: str) -> str:
    """A stored UTC time (ISO) as people read it: Asia/Shanghai, to the minute."""
    from workflow import clock

    return clock.show(clock.parse_time(moment))


def past(moment: str) -> bool:
    """Whether a stored UTC time (ISO) has passed."""
    from workflow import clock

    return clock.parse_time(moment) <= clock.now()


templates.env.filters["shanghai"] = shanghai
templates.env.globals["past"] = past
SCOPE_ZH = {"read": "只读", "write": "可写（办案操作）"}
templates.env.globals["SCOPE_ZH"] = SCOPE_ZH


DOCUMENT_STYLE = (
    "<style>.console-back{font-family:sans-serif;margin:0 0 1rem}"
    "@media print{.console-back{display:none}}"
    "@media (max-width:40rem){body{margin:1rem auto;overflow-wrap:anywhere}h1{font-size:1.3rem}"
    "table{display:block;overflow-x:auto}th,td{overflow-wrap:anywhere}}</style>"
)


# a printable document's own page: its inline style, no script, never framed
DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


def document_page(document: str, back: str, label: str) -> HTMLResponse:
    """The console's copy of a printable document (`console_copy`) under its own CSP."""
    return HTMLResponse(console_copy(document, back, label), headers={"content-security-policy": DOCUMENT_CSP})


def console_copy(document: str, back: str, label: str) -> str:
    """A printable document (通报, 考核结果) as the console serves it: sized for a phone
    (its wide tables scroll inside themselves) and with the way back to the console, which
    does not print. The file the CLI writes and its recorded SHA-256 are not this copy."""
    document = document.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n'
                                '<meta name="viewport" content="width=device-width, initial-scale=1">', 1)
    document = document.replace("</head>", f"{DOCUMENT_STYLE}\n</head>", 1)
    link = f'<p class="console-back"><a href="{escape(back)}">← {escape(label)}</a></p>'
    return document.replace("<body>", f"<body>\n{link}", 1)


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a template with the visitor (if any) and the CSRF token in the context."""
    return templates.TemplateResponse(request, name, context, status_code=status)


def render_error(request: Request, status: int, body: dict[str, Any]) -> HTMLResponse:
    return page(request, "error.html", status, error=body, status_code=status)

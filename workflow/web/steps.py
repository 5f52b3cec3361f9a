"""下一步 on the console's lists and the JSON API's (我的案件、本队看板、期限看板,
`GET /api/cases`/`deadlines`): the open cases of one page folded and asked what they wait
for (`workflow.cases.next_steps`), officers named as on the case page; and the page of rows
a list shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workflow import clock
from workflow.cases.next_steps import with_next
from workflow.web.context import WebContext

PAGE = 100  # rows a list shows at a time: the cases folded for 下一步 per request


def rows_with_next(ctx: WebContext, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows, each with `next` (None once closed) and, where the read model lags, the
    state of the case's events (`next_steps.with_next`)."""
    today = clock.local_day(clock.now())
    return with_next(ctx.casework.store, rows, today, _names(ctx), ctx.folded)


def _names(ctx: WebContext) -> Callable[[str], str]:
    directory = ctx.directory()

    def name_of(officer_id: str) -> str:
        person = directory.person(officer_id)
        return f"{person.name}（{officer_id}）" if person else officer_id

    return name_of


def page_of(rows: list[dict[str, Any]], at: int) -> tuple[list[dict[str, Any]], int, int]:
    """The rows of page `at` (1-based; past the last page, the last), the page, the pages."""
    pages = max(1, -(-len(rows) // PAGE))
    at = min(max(at, 1), pages)
    return rows[(at - 1) * PAGE : at * PAGE], at, pages

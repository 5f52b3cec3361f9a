"""下一步 on the console's lists (我的案件、期限看板): the open cases of one page folded and
asked what they wait for (`workflow.cases.next_steps`), officers named as on the case page;
and the page of rows a list shows."""

from __future__ import annotations

from typing import Any

from workflow import clock
from workflow.cases.next_steps import next_steps
from workflow.web.context import WebContext

PAGE = 100  # rows a list shows at a time: the cases folded for 下一步 per request


def for_rows(ctx: WebContext, rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """下一步 (act, who, by) by case id for the rows not yet closed."""
    directory = ctx.directory()

    def name_of(officer_id: str) -> str:
        person = directory.person(officer_id)
        return f"{person.name}（{officer_id}）" if person else officer_id

    today = clock.local_day(clock.now())
    return next_steps(ctx.casework.store, rows, today, name_of, ctx.folded)


def page_of(rows: list[dict[str, Any]], at: int) -> tuple[list[dict[str, Any]], int, int]:
    """The rows of page `at` (1-based; past the last page, the last), the page, the pages."""
    pages = max(1, -(-len(rows) // PAGE))
    at = min(max(at, 1), pages)
    return rows[(at - 1) * PAGE : at * PAGE], at, pages

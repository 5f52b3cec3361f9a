"""提醒's count clears once read (已读位置), on SQLite and PostgreSQL (`test_inbox_reads.py`).

The real daily sweep with the clock moved on; people through the console and the API. The
nav counts the notices new to the reader: since they last opened 提醒's first page (never
opened: the last seven days). Opening page one moves their mark, in the account's own
table, not the log; the API, another page, one township's page and another person do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.integration.backends import settle
from tests.web.desk import PEOPLE, WebDesk
from workflow.accounts.tables import inbox_reads
from workflow.reports.notices import sweep_deadlines

OFFICER, OFFICER2, SUPERVISOR = PEOPLE["officer"], PEOPLE["officer2"], PEOPLE["supervisor"]
BADGE = re.compile(r'<a href="/notices">提醒(?:<span class="badge"[^>]*>([^<]+)</span>)?</a>')


class InboxReadsContract:
    url: str
    store: Any

    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
        self.monkeypatch = monkeypatch
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        self.at("2026-06-01")  # 办理期限 of 90 days: 31 August (《行政处罚法》第六十条)
        self.cases = [self.desk.dispatched(party=name) for name in ("王五", "赵六")]
        self.sweep("2026-08-20")  # 11 days left: a 期限预警 for each
        yield
        self.desk.close()

    def at(self, day: str) -> None:
        self.monkeypatch.setenv("CASEWORK_NOW", f"{day}T10:00:00")

    def sweep(self, day: str) -> None:
        self.monkeypatch.setenv("CASEWORK_NOW", f"{day}T09:00:00")
        sweep_deadlines(self.store, self.desk.ctx.casework.projections, date.fromisoformat(day))
        settle(self.store)
        self.at(day)

    def count(self, person: str, path: str = "/my") -> str | None:
        """The count beside 提醒 in the nav of a page (None: no count)."""
        page = self.desk.as_(person).get(path)
        assert page.status_code == 200, page.text
        found = BADGE.search(page.text)
        assert found, "no 提醒 in the nav"
        return found.group(1)

    def new_on_page(self, person: str, path: str = "/notices") -> list[bool]:
        page = self.desk.as_(person).get(path)
        assert page.status_code == 200, page.text
        rows = re.findall(r'<tr class="([^"]*)">', page.text)
        marks = re.findall(r'<tr class="[^"]*">\s*<td data-label="提醒">(<span class="new-mark">新</span>)?', page.text)
        assert len(rows) == len(marks)
        return [("new" in r.split()) and bool(m) for r, m in zip(rows, marks, strict=True)]

    def mark(self, person: str) -> int | None:
        with self.store.engine.connect() as conn:
            query = select(inbox_reads.c.position).where(inbox_reads.c.account_id == person)
            return conn.execute(query).scalar_one_or_none()

    def test_the_count_clears_once_page_one_is_read(self) -> None:
        assert self.count(OFFICER) == "2"  # never opened: the last seven days' two 期限预警
        api = self.desk.api(OFFICER, "GET", "/api/notices").json()
        assert (api["unread"], [n["new"] for n in api["notices"]]) == (2, [True, True])
        assert self.count(OFFICER) == "2" and self.mark(OFFICER) is None  # the API moves nothing
        before = self.store.status().last_position
        assert self.new_on_page(OFFICER) == [True, True]
        assert self.count(OFFICER, "/notices") is None and self.count(OFFICER) is None  # cleared
        assert self.mark(OFFICER) == max(n["position"] for n in api["notices"])
        assert self.store.status().last_position == before  # a look is not an event
        assert self.new_on_page(OFFICER) == [False, False]
        assert self.count(OFFICER2) == "2"  # a colleague on the same cases has not looked

        self.sweep("2026-09-01")  # one day over: a 超期通知 for each
        assert self.count(OFFICER) == "2"  # what came since the look, not the last seven days
        api = self.desk.api(OFFICER, "GET", "/api/notices").json()
        assert [(n["kind"], n["new"]) for n in api["notices"]] == [
            ("overdue", True), ("overdue", True), ("warning", False), ("warning", False)]
        assert (api["unread"], api["recent"]) == (2, 2)
        assert self.new_on_page(OFFICER) == [True, True, False, False]
        assert self.count(OFFICER) is None

    def test_only_page_one_of_all_one_reads_moves_the_mark(self) -> None:
        assert self.count(SUPERVISOR) == "2"
        assert self.new_on_page(SUPERVISOR, "/notices?offset=1") == [True]  # page two: not seen all
        assert self.new_on_page(SUPERVISOR, "/notices?township=taicheng") == [True, True]  # one township's
        assert self.count(SUPERVISOR) == "2" and self.mark(SUPERVISOR) is None
        assert self.new_on_page(SUPERVISOR) == [True, True]
        assert self.count(SUPERVISOR) is None
        seen = self.mark(SUPERVISOR)
        assert seen is not None
        self.desk.ctx.marks.advance(SUPERVISOR, seen - 1)  # never backwards
        assert self.mark(SUPERVISOR) == seen == self.desk.ctx.marks.seen(SUPERVISOR)

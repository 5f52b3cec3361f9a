"""The officer's own page, /my (issue 11 §3: "my cases and deadlines, overdue first,
working days left"): the overdue case heads 我的期限 even when it was entered after the
others, and every row shows the working days left that the deadline board computes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PEOPLE, WebDesk

OFFICER = PEOPLE["officer"]


class TestMyPage(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def test_overdue_first_with_the_working_days_left(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("CASEWORK_NOW", "2026-11-20T02:00:00")
        recent = self.desk.dispatched(party="王五")  # entered first, due later
        monkeypatch.setenv("CASEWORK_NOW", "2026-06-01T02:00:00")
        late = self.desk.dispatched(party="李四")  # entered second, due long ago
        monkeypatch.setenv("CASEWORK_NOW", "2026-11-27T02:00:00")
        listed = {r["case_id"]: r for r in self.desk.api(OFFICER, "GET", "/api/cases").json()}
        assert listed[late]["overdue"] and not listed[recent]["overdue"]
        page = self.desk.login(OFFICER).get("/my")
        assert page.status_code == 200
        deadlines = page.text.split("我的期限（超期在前）")[1].split("我的案件")[0]
        rows = re.findall(r'<tr class="(overdue)?">(.*?)</tr>', deadlines, re.S)
        shown = [re.search(r'href="/cases/([^"]+)"', row).group(1) for _, row in rows]  # type: ignore[union-attr]
        assert shown.index(late) < shown.index(recent)
        for case in (late, recent):
            cls, row = rows[shown.index(case)]
            due = listed[case]["next_deadline"]
            if case == late:  # as `case show`: 已超期 N 天, not a negative count
                assert f"已超期 {-due['days_left']} 天" in row
            else:
                assert f">{due['days_left']} 天（{due['working_days_left']} 个工作日）" in row
            assert ("已超期" in row) == (case == late) == (cls == "overdue")

"""The supervisor's audit view (issue 11 §3): a case's history with both times, actor,
channel and hash; `as_of` time travel; a backdated (补录) event flagged."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PEOPLE, WebDesk
from workflow.clock import local

COUNT = re.compile(r"共 (\d+) 个事件，其中补录 (\d+) 个")


class TestAuditPage(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def counts(self, **params: str) -> tuple[int, int, str]:
        page = self.desk.login(PEOPLE["supervisor"]).get("/audit", params=params)
        assert page.status_code == 200
        found = COUNT.search(page.text)
        assert found, page.text[-2000:]
        return int(found.group(1)), int(found.group(2)), page.text

    def test_a_backdated_opening_is_flagged_with_both_times(self) -> None:
        at = datetime.now(UTC) - timedelta(hours=5)
        body = {"township": "taicheng", "matter": "SC-CF-001", "party": "张三",
                "summary": "占道经营", "at": at.isoformat(), "late_reason": "现场无网络，回队补录"}  # fmt: skip
        opened = self.desk.api(PEOPLE["officer"], "POST", "/api/cases", json=body)
        assert opened.status_code == 201, opened.text
        case = opened.json()["case_id"]
        events, backdated, page = self.counts(case=case)
        assert (events, backdated) == (1, 1)
        assert page.count('class="backdated"') == 1 and "补录 " in page
        recorded = self.store.read_stream(f"case-{case}")[0]
        assert recorded.hash[:16] in page  # the hash, and the account behind the API call
        assert "接口 / tc-004" in page
        shown = f'data-label="业务时间">{local(at).strftime("%Y-%m-%d %H:%M")}<'
        assert shown in page and "补录 5h 0m" in page  # business time (Beijing) and the delay

    def test_as_of_shows_the_history_as_it_stood(self) -> None:
        case = self.desk.dispatched()
        first, second = self.store.read_stream(f"case-{case}")
        assert self.counts(case=case)[:2] == (2, 0)
        assert self.counts(case=case, as_of=first.recorded_at.isoformat())[:2] == (1, 0)
        _, _, page = self.counts(case=case, as_of=first.recorded_at.isoformat())
        assert second.hash[:16] not in page and first.hash[:16] in page

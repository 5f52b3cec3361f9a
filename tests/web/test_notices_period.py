"""A warning of the party's 陈述申辩/听证 period (《行政处罚法》第四十五条、第六十四条) reads
已处理 once the period has run out: it binds nobody then (the case waits for the decision),
and the inbox said 待处理 for months beside a 剩 1 天 long gone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import BASIS, FINE, PEOPLE, WebDesk
from workflow.reports.notices import sweep_deadlines

OFFICER = PEOPLE["officer"]


class TestPartyPeriodNotice(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def period_notices(self) -> list[dict[str, Any]]:
        found = self.desk.api(OFFICER, "GET", "/api/notices").json()["notices"]
        return [n for n in found if n["deadline"] == "hearing_request"]

    def test_the_warning_is_handled_once_the_period_ran_out(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("CASEWORK_NOW", "2026-06-01T10:00:00+08:00")  # a Monday
        case = self.desk.dispatched()
        for act, data in (("record-evidence", {"kind": "书证", "text": "照片"}),
                          ("notify-penalty", {"basis": BASIS, "circumstance": "一般", "sanctions": FINE})):  # fmt: skip
            assert self.desk.api(OFFICER, "POST", f"/api/cases/{case}/{act}", json=data).status_code == 200
        monkeypatch.setenv("CASEWORK_NOW", "2026-06-05T10:00:00+08:00")  # one working day left
        sweep_deadlines(self.store, self.desk.ctx.casework.projections, date(2026, 6, 5))
        [warned] = self.period_notices()
        assert (warned["kind"], warned["status"]) == ("warning", "open")
        due = date.fromisoformat(warned["due"])
        monkeypatch.setenv("CASEWORK_NOW", f"{due.isoformat()}T10:00:00+08:00")  # its last day
        assert self.period_notices()[0]["status"] == "open"
        monkeypatch.setenv("CASEWORK_NOW", "2026-06-20T10:00:00+08:00")  # run out, no request
        [lapsed] = self.period_notices()
        assert (lapsed["status"], lapsed["status_zh"]) == ("handled", "已处理")
        assert "已处理" in self.desk.as_(OFFICER).get("/notices").text

"""提醒 and a party's personal data: a 时效未核对预警 repeats the officer's free text on why
the violation's date is unknown (the case list's 时效 warning). Where it names a mobile or
an ID number, a county supervisor reads it masked on 提醒 (page and API) as on the case
list; the case's own township team reads it in the clear, as on the case page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PEOPLE, WebDesk
from workflow.reports.notices import sweep_deadlines

MOBILE, ID_NUMBER = "13812345678", "11010519491231002X"
WHY = f"举报人（电话 {MOBILE}，身份证 {ID_NUMBER}）记不清日期"


class TestNoticeNoteMasking(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        monkeypatch.setenv("CASEWORK_NOW", "2026-06-01T02:00:00")
        body = {"township": "taicheng", "matter": "SC-CF-001", "party": "王五", "summary": "占道经营",
                "violation_unknown": WHY}  # fmt: skip
        response = self.desk.api(PEOPLE["officer"], "POST", "/api/cases", json=body)
        assert response.status_code == 201, response.text
        self.case = str(response.json()["case_id"])
        dispatch = {"officers": [PEOPLE["officer"], PEOPLE["officer2"]]}
        response = self.desk.api(PEOPLE["leader"], "POST", f"/api/cases/{self.case}/dispatch", json=dispatch)
        assert response.status_code == 200, response.text
        monkeypatch.setenv("CASEWORK_NOW", "2026-08-15T02:00:00")
        sweep_deadlines(self.store, self.desk.ctx.casework.projections, date(2026, 8, 15))
        yield
        self.desk.close()

    def note(self, person: str) -> str:
        response = self.desk.api(person, "GET", "/api/notices")
        assert response.status_code == 200, response.text
        [note] = [n["note"] for n in response.json()["notices"] if n["kind"] == "limitation"]
        return str(note)

    def test_the_supervisor_reads_the_note_masked(self) -> None:
        listed = self.desk.api(PEOPLE["supervisor"], "GET", "/api/cases").text
        assert MOBILE not in listed and ID_NUMBER not in listed  # the case list, as it was
        note = self.note(PEOPLE["supervisor"])
        assert MOBILE not in note and ID_NUMBER not in note
        assert "138****5678" in note and "110105********002X" in note  # masked, not dropped
        page = self.desk.as_(PEOPLE["supervisor"]).get("/notices")
        assert page.status_code == 200 and "时效未核对预警" in page.text
        assert MOBILE not in page.text and ID_NUMBER not in page.text and "138****5678" in page.text

    def test_the_township_team_reads_it_in_the_clear(self) -> None:
        for person in (PEOPLE["officer"], PEOPLE["leader"]):
            note = self.note(person)
            assert MOBILE in note and ID_NUMBER in note
        assert MOBILE in self.desk.as_(PEOPLE["officer"]).get("/notices").text

"""Defects found walking the console as its users do (QA): each test fails on the page as it
was and passes on the fix."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PEOPLE, WebDesk, csrf_of

OFFICER = PEOPLE["officer"]


class TestWalk(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def test_opening_a_case_in_the_console_does_not_mark_it_grave_harm(self) -> None:
        """立案 form: 涉及公民生命健康安全… is a checkbox, 当事人类型 a choice; a case opened
        with the box unticked is not recorded as grave harm (art. 36's five years)."""
        client = self.desk.login(OFFICER)
        page = client.get("/cases/new").text
        assert '<input type="checkbox" name="grave_harm" value="true">' in page
        kinds = page.split('name="party_kind"')[1].split("</select>")[0]
        assert '<option value="个人">' in kinds and '<option value="单位">' in kinds
        data = {"csrf": csrf_of(page), "form_id": "qa-open", "matter": "SC-CF-003", "party": "王五",
                "summary": "未明码标价", "violation_date": "2026-05-20", "party_kind": "个人",
                "party_id_number": "", "party_address": "", "party_contact": "", "violation_end": "",
                "violation_unknown": "", "late_reason": ""}  # fmt: skip
        response = client.post("/cases/new", data=data)
        assert response.status_code == 303, response.text
        case = response.headers["location"].split("/cases/")[1].split("?")[0]
        opened = self.store.read_stream(f"case-{case}")[0]
        assert opened.data["grave_harm"] is False

"""Markup typed into free-text fields other than the party and summary (test_security)
is shown as text (issue 11 §2: "no party name can inject markup", output escaping
everywhere): evidence text, a lead's summary, the notice's basis — on the case page, the
leads page, the lead page and the supervisor's audit page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import FINE, PEOPLE, WebDesk

EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'>'
RAW = ("<script>alert(1)", "<img src=x")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


class TestMarkupInert(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def inert(self, person: str, path: str) -> str:
        page = self.desk.login(PEOPLE[person]).get(path)
        assert page.status_code == 200, (path, page.status_code)
        assert not any(raw in page.text for raw in RAW), path
        return page.text

    def test_evidence_text_and_the_notice_basis_are_inert(self) -> None:
        case = self.desk.dispatched()
        officer = PEOPLE["officer"]
        for act, body in (("record-evidence", {"kind": "书证", "text": EVIL}),
                          ("notify-penalty", {"basis": EVIL, "circumstance": "一般", "sanctions": FINE})):  # fmt: skip
            response = self.desk.api(officer, "POST", f"/api/cases/{case}/{act}", json=body)
            assert response.status_code == 200, (act, response.text)
        assert ESCAPED in self.inert("officer", f"/cases/{case}")
        self.inert("supervisor", f"/audit?case={case}")
        self.inert("supervisor", f"/cases/{case}")

    def test_a_leads_summary_is_inert(self) -> None:
        body = {"township": "taicheng", "channel": "群众举报", "summary": EVIL, "reporter": EVIL}
        lead = self.desk.api(PEOPLE["officer"], "POST", "/api/leads", json=body)
        assert lead.status_code == 201, lead.text
        ref = lead.json()["source_id"]
        assert ESCAPED in self.inert("leader", "/leads")
        self.inert("leader", f"/leads/{ref}")

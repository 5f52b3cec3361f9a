"""A party's ID number and address (issue 11 §2: personal data only for roles that need
it): in the clear for the case's own team, masked for a county supervisor, on the case
page and in the API's case read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PEOPLE, WebDesk

ID_NUMBER, ADDRESS = "11010519491231002X", "台城镇东街 1 号"  # as WebDesk.decided records them


class TestPartyMasking(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def test_id_number_and_address_are_masked_for_the_supervisor_only(self) -> None:
        case = self.desk.decided()
        own = self.desk.login(PEOPLE["officer"]).get(f"/cases/{case}").text
        assert ID_NUMBER in own and ADDRESS in own
        page = self.desk.login(PEOPLE["supervisor"]).get(f"/cases/{case}")
        api = self.desk.api(PEOPLE["supervisor"], "GET", f"/api/cases/{case}")
        assert page.status_code == 200 and api.status_code == 200
        for text in (page.text, api.text):
            assert ID_NUMBER not in text and ADDRESS not in text
            assert "1002X" in text or "002X" in text  # masked, not dropped: the tail stays

"""Evidence upload in the console (issue 11 §3): a file over the size limit is refused
(400) and appends nothing; nothing of it is kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PEOPLE, WebDesk, csrf_of
from workflow.web import evidence


class TestEvidenceLimits(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.evidence = tmp_path / "evidence"
        self.desk = WebDesk(self.store, self.url, self.evidence)
        yield
        self.desk.close()

    def test_a_file_over_the_limit_is_refused_and_nothing_is_kept(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(evidence, "MAX_BYTES", 1000)
        case = self.desk.dispatched()
        client = self.desk.login(PEOPLE["officer"])
        data = {"csrf": csrf_of(client.get(f"/cases/{case}").text), "kind": "现场照片",
                "text": "见附件", "expected_version": "2"}  # fmt: skip
        big = {"upload": ("现场.jpg", b"x" * 1001, "image/jpeg")}
        refused = client.post(f"/cases/{case}/acts/record-evidence", data=data, files=big)
        assert refused.status_code == 400 and "20 MB" in refused.text
        assert self.store.stream_version(f"case-{case}") == 2
        assert not self.evidence.exists() or not any(p.is_file() for p in self.evidence.rglob("*"))
        small = {"upload": ("现场.jpg", b"x" * 1000, "image/jpeg")}
        kept = client.post(f"/cases/{case}/acts/record-evidence", data=data, files=small)
        assert kept.status_code == 303 and self.store.stream_version(f"case-{case}") == 3

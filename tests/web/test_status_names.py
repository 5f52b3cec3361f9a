"""运行状态 names every read model in Chinese, the notices model (提醒) too: a model added to
the registry without a word in the page's map showed only its English name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from projections.registry import all_projections
from tests.integration.backends import SQLiteBackend
from tests.web.desk import PEOPLE, WebDesk

ROW = re.compile(r'<td data-label="读模型">([^<]*)<small>([^<]+)</small>')


class TestStatusNames(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def test_every_registered_model_has_a_chinese_name(self) -> None:
        page = self.desk.as_(PEOPLE["supervisor"]).get("/status").text
        named = {name: words.strip() for words, name in ROW.findall(page)}
        assert set(named) == {p.name for p in all_projections()}
        for name, words in named.items():
            assert words and words != name and not words.isascii(), (name, words)
        assert named["notices"] == "提醒"

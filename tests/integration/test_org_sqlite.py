"""The org contract on SQLite (a file in tmp_path)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from events import open_store
from tests.integration.org_contract import OrgContract


class TestOrgSQLite(OrgContract):
    @pytest.fixture(autouse=True)
    def _store(self, tmp_path: Path) -> Iterator[None]:
        self.store = open_store(f"sqlite:///{tmp_path}/t.db")
        yield
        self.store.close()

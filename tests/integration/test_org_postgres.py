"""The org contract on PostgreSQL: the run's database (tests/pg.py), a fresh schema per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from events import open_store
from tests import pg
from tests.integration.org_contract import OrgContract

pytestmark = pytest.mark.postgres


class TestOrgPostgres(OrgContract):
    @pytest.fixture(autouse=True)
    def _store(self) -> Iterator[None]:
        with pg.fresh_schema() as (url, _schema):
            self.store = open_store(url)
            yield
            self.store.close()

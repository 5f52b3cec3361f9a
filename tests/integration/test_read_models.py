"""The read-model contract (roster, accountability, cases) on a SQLite file and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.integration.read_model_contract import ReadModelContract


class TestSQLiteReadModels(SQLiteBackend, ReadModelContract):
    pass


@pytest.mark.postgres
class TestPostgresReadModels(PostgresBackend, ReadModelContract):
    pass

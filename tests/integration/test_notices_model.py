"""The notices read model's contract on a SQLite file and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.integration.notices_model_contract import NoticesModelContract


class TestSQLiteNoticesModel(SQLiteBackend, NoticesModelContract):
    pass


@pytest.mark.postgres
class TestPostgresNoticesModel(PostgresBackend, NoticesModelContract):
    pass

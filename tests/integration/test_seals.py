"""The seal contract on both backends."""

from __future__ import annotations

import pytest

from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.integration.seal_contract import SealContract


class TestSQLiteSeals(SQLiteBackend, SealContract):
    pass


@pytest.mark.postgres
class TestPostgresSeals(PostgresBackend, SealContract):
    pass

"""The circular contract on both backends."""

from __future__ import annotations

import pytest

from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.integration.circular_contract import CircularContract


class TestSQLiteCircular(SQLiteBackend, CircularContract):
    pass


@pytest.mark.postgres
class TestPostgresCircular(PostgresBackend, CircularContract):
    pass

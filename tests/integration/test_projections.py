"""The projection contract on both backends."""

from __future__ import annotations

import pytest

from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.integration.projection_contract import ProjectionContract


class TestSQLiteProjections(SQLiteBackend, ProjectionContract):
    pass


@pytest.mark.postgres
class TestPostgresProjections(PostgresBackend, ProjectionContract):
    pass

"""The projection contract on both backends."""

from __future__ import annotations

import pytest

from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.integration.catchup_contract import CatchUpContract
from tests.integration.projection_contract import ProjectionContract


class TestSQLiteProjections(SQLiteBackend, ProjectionContract, CatchUpContract):
    pass


@pytest.mark.postgres
class TestPostgresProjections(PostgresBackend, ProjectionContract, CatchUpContract):
    pass

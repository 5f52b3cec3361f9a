"""The leads-and-applications read model's contract on a SQLite file and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.integration.fronts_contract import FrontsContract


class TestSQLiteFronts(SQLiteBackend, FrontsContract):
    pass


@pytest.mark.postgres
class TestPostgresFronts(PostgresBackend, FrontsContract):
    pass

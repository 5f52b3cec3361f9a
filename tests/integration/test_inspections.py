"""The inspection contract on both backends."""

from __future__ import annotations

import pytest

from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.integration.inspection_contract import InspectionContract


class TestSQLiteInspections(SQLiteBackend, InspectionContract):
    pass


@pytest.mark.postgres
class TestPostgresInspections(PostgresBackend, InspectionContract):
    pass

"""The duty-report contract on both backends."""

from __future__ import annotations

import pytest

from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.integration.duty_contract import DutyContract


class TestSQLiteDuty(SQLiteBackend, DutyContract):
    pass


@pytest.mark.postgres
class TestPostgresDuty(PostgresBackend, DutyContract):
    pass

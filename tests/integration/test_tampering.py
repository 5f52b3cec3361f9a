"""The tampering matrix on both backends."""

from __future__ import annotations

import pytest

from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.integration.tamper_contract import TamperContract


class TestSQLiteTampering(SQLiteBackend, TamperContract):
    pass


@pytest.mark.postgres
class TestPostgresTampering(PostgresBackend, TamperContract):
    pass

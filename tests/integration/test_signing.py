"""The signing contract on both backends."""

from __future__ import annotations

import pytest

from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.integration.signing_contract import SigningContract


class TestSQLiteSigning(SQLiteBackend, SigningContract):
    pass


@pytest.mark.postgres
class TestPostgresSigning(PostgresBackend, SigningContract):
    pass

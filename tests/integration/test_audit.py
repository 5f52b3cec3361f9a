"""The audit contract on both backends."""

from __future__ import annotations

import pytest

from tests.integration.audit_contract import AuditContract
from tests.integration.backends import PostgresBackend, SQLiteBackend


class TestSQLiteAudit(SQLiteBackend, AuditContract):
    pass


@pytest.mark.postgres
class TestPostgresAudit(PostgresBackend, AuditContract):
    pass

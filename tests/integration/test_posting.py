"""The 调离执法岗位 / 恢复执法岗位 contract on both backends."""

from __future__ import annotations

import pytest

from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.integration.posting_contract import PostingContract


class TestSQLitePosting(SQLiteBackend, PostingContract):
    pass


@pytest.mark.postgres
class TestPostgresPosting(PostgresBackend, PostingContract):
    pass

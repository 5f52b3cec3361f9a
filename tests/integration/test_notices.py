"""The notice contract on both backends."""

from __future__ import annotations

import pytest

from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.integration.notice_contract import NoticeContract


class TestSQLiteNotices(SQLiteBackend, NoticeContract):
    pass


@pytest.mark.postgres
class TestPostgresNotices(PostgresBackend, NoticeContract):
    pass

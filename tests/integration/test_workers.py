"""The worker contract on both backends, with real Redis and real rq worker processes."""

from __future__ import annotations

import pytest

from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.integration.worker_contract import WorkerContract


class TestSQLiteWorkers(SQLiteBackend, WorkerContract):
    pass


@pytest.mark.postgres
class TestPostgresWorkers(PostgresBackend, WorkerContract):
    pass

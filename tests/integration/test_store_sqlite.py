"""The store contract on SQLite: a file in a temporary directory, WAL."""

from __future__ import annotations

import pytest

from events import open_store
from tests.integration.backends import SQLiteBackend
from tests.integration.store_contract import PropertyContract, StoreContract


class TestSQLiteStore(SQLiteBackend, StoreContract):
    def test_journal_is_wal_and_durable(self) -> None:
        with self.store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL

    def test_memory_database_is_refused(self) -> None:
        with pytest.raises(ValueError, match="needs a file"):
            open_store("sqlite://")


class TestSQLiteProperty(SQLiteBackend, PropertyContract):
    pass

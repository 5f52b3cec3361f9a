"""The store contract on SQLite: a file in a temporary directory, WAL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from events import EventStore, Upcasters, open_store
from tests.integration.store_contract import PropertyContract, StoreContract


class SQLiteBackend:
    path: Path

    @pytest.fixture(autouse=True)
    def _store(self, tmp_path: Path) -> Iterator[None]:
        self.path = tmp_path / "casework.db"
        self.store = open_store(f"sqlite:///{self.path}")
        yield
        self.store.close()

    def raw_execute(self, sql: str) -> None:
        with sqlite3.connect(self.path) as conn:
            conn.execute(sql)

    def raw_query(self, sql: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.path) as conn:
            return conn.execute(sql).fetchall()

    def drop_triggers(self) -> None:
        for (name,) in self.raw_query("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            self.raw_execute(f"DROP TRIGGER {name}")

    def reopen(self, upcasters: Upcasters | None = None) -> EventStore:
        return open_store(f"sqlite:///{self.path}", upcasters=upcasters)


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

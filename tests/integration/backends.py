"""The two real backends every contract suite runs on: a SQLite file and PostgreSQL."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from events import EventStore, Upcasters, open_store
from tests import pg


def settle(store: EventStore, timeout: float = 30.0) -> None:
    """Wait until every committed event is readable (a PostgreSQL write transaction
    elsewhere on the server holds readers back, by design)."""
    deadline = time.monotonic() + timeout
    while store.head() < store.status().last_position:
        assert time.monotonic() < deadline, "readers held back for too long"
        time.sleep(0.05)


class SQLiteBackend:
    path: Path
    url: str

    @pytest.fixture(autouse=True)
    def _store(self, tmp_path: Path) -> Iterator[None]:
        self.path = tmp_path / "casework.db"
        self.url = f"sqlite:///{self.path}"
        self.store = open_store(self.url)
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


class PostgresBackend:
    schema: str
    url: str

    @pytest.fixture(autouse=True)
    def _store(self) -> Iterator[None]:
        with pg.fresh_schema() as (url, schema):
            self.url, self.schema = url, schema
            self.store = open_store(url)
            yield
            self.store.close()

    def raw_execute(self, sql: str) -> None:
        with pg.raw_connect(self.schema) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def raw_query(self, sql: str) -> list[tuple[Any, ...]]:
        with pg.raw_connect(self.schema) as conn:
            return conn.execute(sql).fetchall()  # type: ignore[arg-type]

    def drop_triggers(self) -> None:
        for table in ("events", "event_commands"):
            self.raw_execute(f"DROP TRIGGER {table}_append_only ON {table}")
            self.raw_execute(f"DROP TRIGGER {table}_no_truncate ON {table}")

    def reopen(self, upcasters: Upcasters | None = None) -> EventStore:
        return open_store(self.url, upcasters=upcasters)


@contextmanager
def bare_engine(backend: str, folder: Path) -> Iterator[Any]:
    """A SQLAlchemy engine on an empty SQLite file in `folder` or a fresh PostgreSQL
    schema, no store: for tests of a model's tables alone."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    if backend == "sqlite":
        engine = create_engine(f"sqlite:///{folder / 'models.db'}", poolclass=NullPool)
        yield engine
        engine.dispose()
        return
    with pg.fresh_schema() as (url, _schema):
        engine = create_engine(url, poolclass=NullPool)
        yield engine
        engine.dispose()

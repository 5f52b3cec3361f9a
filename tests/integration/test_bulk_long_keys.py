"""`select_keys` / `delete_keys` with a key longer than its column: PostgreSQL typed the
keys' array as the column (VARCHAR(n)[]), and a cast to VARCHAR(n) cuts a longer text to n
characters without a word, so the key matched, read and deleted another row (the one named
by its first n characters); SQLite matched nothing. Now neither does."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, select

from events import EventStore
from projections.bulk import delete_keys, insert_rows, select_keys
from tests.integration.backends import PostgresBackend, SQLiteBackend


class LongKeysContract:
    store: EventStore

    def test_a_longer_key_matches_no_row(self) -> None:
        table = Table("zz_long_keys", MetaData(), Column("k", String(5), primary_key=True),
                      Column("n", Integer, nullable=False))  # fmt: skip
        with self.store.engine.begin() as conn:
            table.drop(conn, checkfirst=True)
            table.create(conn)
            insert_rows(conn, table, [{"k": "abcde", "n": 1}, {"k": "xy", "n": 2}])
            assert select_keys(conn, table, "k", ["abcdeXYZ", "xy"]) == [{"k": "xy", "n": 2}]
            delete_keys(conn, table, "k", ["abcdeXYZ"])
            assert [tuple(r) for r in conn.execute(select(table).order_by(table.c.k))] == [
                ("abcde", 1), ("xy", 2),
            ]  # fmt: skip
            delete_keys(conn, table, "k", ["abcde"])
            assert [tuple(r) for r in conn.execute(select(table))] == [("xy", 2)]
            table.drop(conn)


class TestSQLiteLongKeys(SQLiteBackend, LongKeysContract):
    pass


@pytest.mark.postgres
class TestPostgresLongKeys(PostgresBackend, LongKeysContract):
    pass

"""projections.bulk on both backends: rows written in bulk read back as SQLAlchemy wrote
them, a row the table refuses is a data error (quarantined, not a crash), and a rebuild
(shadow tables, indexes after the load) equals the incremental catch-up."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import ExitStack
from datetime import UTC, date, datetime
from typing import Any, ClassVar

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    exc,
    inspect,
)

from events import EventStore, NewEvent, RecordedEvent
from projections.bulk import delete_keys, insert_rows, insert_values, select_keys, upsert_rows
from projections.engine import Projection, ProjectionEngine, Tables
from projections.rows import load_rows
from tests.integration.backends import PostgresBackend, SQLiteBackend, settle

ROWS: list[dict[str, Any]] = [
    {"k": "a", "n": 1, "day": date(2026, 3, 1), "doc": ["赵六", {"x": 1}], "ok": True, "f": 1.5,
     "note": "现场照片", "at": datetime(2026, 3, 1, 8, 30, 5, 120)},
    {"k": "b", "n": 2, "day": None, "doc": None, "ok": False, "f": None, "note": None,
     "at": None},
    {"k": "c", "n": 3, "day": date(1999, 12, 31), "doc": [], "ok": True, "f": 0.0,
     "at": datetime(1999, 12, 31, 23, 59)},  # no note; a time without microseconds
]  # fmt: skip
AWARE = {
    "k": "d",
    "n": 4,
    "day": None,
    "doc": None,
    "ok": None,
    "f": None,
    "at": datetime(2026, 3, 1, 0, 0, tzinfo=UTC),
}  # SQLite drops the zone, as SQLAlchemy does


def _table(metadata: MetaData, prefix: str) -> Table:
    return Table(
        f"{prefix}things", metadata,
        Column("k", String(20), primary_key=True), Column("n", Integer, nullable=False),
        Column("day", Date, index=True), Column("doc", JSON), Column("ok", Boolean),
        Column("f", Float), Column("note", Text), Column("at", DateTime),
    )  # fmt: skip


class Things(Projection):
    """One row per stream: how many events, the last day; rows written through bulk."""

    name: ClassVar[str] = "things"
    version: ClassVar[int] = 1
    event_types: ClassVar[frozenset[str] | None] = frozenset({"Thing"})

    def define(self, metadata: MetaData, prefix: str) -> Tables:
        return {"things": _table(metadata, prefix)}

    def apply(self, conn: Connection, tables: Tables, event: RecordedEvent) -> None:
        self.apply_batch(conn, tables, [event])

    def apply_batch(self, conn: Connection, tables: Tables, events: list[RecordedEvent]) -> None:
        t = tables["things"]
        keys = {e.stream_id for e in events}
        rows = {r["k"]: r for r in select_keys(conn, t, "k", keys)}
        for e in events:
            row = rows.setdefault(e.stream_id, {"k": e.stream_id, "n": 0, "doc": [], "ok": True})
            row.update(
                n=row["n"] + 1, day=date.fromisoformat(e.data["day"]) if e.data["day"] else None
            )
            row["doc"] = [*row["doc"], e.data["who"]]
        delete_keys(conn, t, "k", keys)
        insert_rows(conn, t, list(rows.values()))


class BulkContract:
    store: EventStore

    def table(self) -> Table:
        table = _table(MetaData(), "zz_bulk_")
        with self.store.engine.begin() as conn:
            table.drop(conn, checkfirst=True)
            table.create(conn)
        return table

    def test_rows_read_back_as_sqlalchemy_writes_them(self) -> None:
        bulk, core = self.table(), _table(MetaData(), "zz_core_")
        with self.store.engine.begin() as conn:
            core.drop(conn, checkfirst=True)
            core.create(conn)
            rows = ROWS if conn.dialect.name == "postgresql" else [*ROWS, AWARE]
            insert_rows(conn, bulk, rows)
            conn.execute(core.insert(), [{**r, "note": r.get("note")} for r in rows])
        with self.store.engine.connect() as conn:
            mine = conn.execute(bulk.select().order_by(bulk.c.k)).all()
            theirs = conn.execute(core.select().order_by(core.c.k)).all()
            raw = [f"SELECT doc, day, at FROM {t.name} ORDER BY k" for t in (bulk, core)]
            stored = [conn.exec_driver_sql(sql).all() for sql in raw]
        assert mine == theirs and stored[0] == stored[1]  # the same values, the same text
        assert mine[0].doc == ["赵六", {"x": 1}] and mine[0].day == date(2026, 3, 1)
        assert mine[0].at == datetime(2026, 3, 1, 8, 30, 5, 120) and mine[1].at is None

    def test_select_delete_upsert(self) -> None:
        t = self.table()
        with self.store.engine.begin() as conn:
            insert_rows(conn, t, ROWS)
            assert {r["k"] for r in select_keys(conn, t, "k", ["a", "c", "zz"])} == {"a", "c"}
            delete_keys(conn, t, "k", ["a", "zz"])
            upsert_rows(conn, t, [{"k": "b", "n": 5, "note": "新"}, {"k": "d", "n": 1}], ["k"],
                        add=["n"], replace=["note"])  # fmt: skip
            found = {r["k"]: (r["n"], r["note"]) for r in select_keys(conn, t, "k", "abcd")}
        assert found == {"b": (7, "新"), "c": (3, None), "d": (1, None)}

    def test_select_keys_reads_what_a_select_reads(self) -> None:
        """select_keys (plain SQL and the result processors on SQLite) gives the dicts a
        SQLAlchemy select gives: dates, JSON, booleans, floats, times, NULLs; more keys
        than one statement holds."""
        t = self.table()
        many = [{**ROWS[i % 3], "k": f"r{i:04d}", "n": i} for i in range(1203)]
        keys = [f"r{i:04d}" for i in range(0, 1203, 2)] + ["none"]
        with self.store.engine.begin() as conn:
            insert_rows(conn, t, many)
            mine = sorted(select_keys(conn, t, "k", keys), key=lambda r: r["k"])
            query = t.select().where(t.c.k.in_(keys)).order_by(t.c.k)
            assert mine == [dict(r._mapping) for r in conn.execute(query)]
            assert len(mine) == 602 and select_keys(conn, t, "k", []) == []
            assert mine[0]["doc"] == ["赵六", {"x": 1}] and mine[0]["ok"] is True
            assert mine[1]["day"] == date(1999, 12, 31) and mine[2]["day"] is None

    def test_delete_keys_deletes_exactly_those_rows_by_text_number_or_date(self) -> None:
        """delete_keys (PostgreSQL: the keys as one array typed as the column) deletes the
        rows whose column is one of the keys and no other, by a text, an integer or a date
        column; more keys than one statement holds; keys with no row are no error."""
        t = self.table()
        many = [{**ROWS[i % 3], "k": f"r{i:04d}", "n": i} for i in range(1203)]
        with self.store.engine.begin() as conn:
            insert_rows(conn, t, many)
            delete_keys(conn, t, "k", [f"r{i:04d}" for i in range(0, 1203, 2)] + ["none"])
            delete_keys(conn, t, "n", [1, 3, 5, 99_999])
            delete_keys(conn, t, "day", [date(1999, 12, 31)])
            delete_keys(conn, t, "k", [])
            left = {r.k: (r.n, r.day) for r in conn.execute(t.select())}
        expected = {
            r["k"]: (r["n"], r["day"])
            for r in many
            if r["n"] % 2 and r["n"] not in (1, 3, 5) and r["day"] != date(1999, 12, 31)
        }
        assert left == expected and len(left) == 399

    def test_load_rows_with_a_condition_reads_what_a_select_reads(self) -> None:
        """load_rows with `where` (SQLite: the condition compiled once, its values bound
        as SQLAlchemy binds them) gives what a select with both conditions gives; an
        expanding condition (IN) too."""
        t = self.table()
        many = [{**ROWS[i % 3], "k": f"r{i:04d}", "n": i} for i in range(1203)]
        keys = [f"r{i:04d}" for i in range(0, 1203, 2)]
        conditions = [
            t.c.day >= date(2000, 1, 1), t.c.note.is_(None), t.c.doc.is_not(None) & (t.c.n < 700),
            t.c.n.in_([4, 6, 8, 9]), t.c.at < datetime(2026, 3, 1, 8, 30, 5, 121),
        ]  # fmt: skip
        with self.store.engine.begin() as conn:
            insert_rows(conn, t, many)
            for where in conditions:
                mine = sorted(load_rows(conn, t, "k", keys, where), key=lambda r: r["k"])
                query = t.select().where(t.c.k.in_(keys), where).order_by(t.c.k)
                theirs = [dict(r._mapping) for r in conn.execute(query)]
                assert mine == theirs and 0 < len(mine) < len(keys), where

    def test_an_upsert_of_many_rows_applies_them_in_order(self) -> None:
        """SQLite writes an upsert's rows many a statement: a key repeated within one
        statement and across statements adds up and keeps the last value, as one-row
        statements do (and PostgreSQL's executemany)."""
        t = self.table()
        rows = [{"k": f"u{i % 150:03d}", "n": 1 + i // 150, "note": f"第{i}"} for i in range(451)]
        with self.store.engine.begin() as conn:
            insert_rows(conn, t, [{"k": "u000", "n": 100, "note": "旧"}])
            upsert_rows(conn, t, rows, ["k"], add=["n"], replace=["note"])
            found = {
                r["k"]: (r["n"], r["note"]) for r in select_keys(conn, t, "k", ["u000", "u001"])
            }
        assert found == {"u000": (100 + 1 + 2 + 3 + 4, "第450"), "u001": (1 + 2 + 3, "第301")}

    def test_a_row_the_table_refuses_is_a_data_error(self) -> None:
        t = self.table()
        with pytest.raises(exc.IntegrityError), self.store.engine.begin() as conn:
            insert_rows(conn, t, [{"k": "x", "n": None}])  # n is NOT NULL

    def test_many_rows_span_statements_and_a_refused_one_writes_none(self) -> None:
        t = self.table()
        many = [
            {**ROWS[i % 3], "k": f"r{i:04d}", "n": i} for i in range(451)
        ]  # SQLite: 3 statements
        with self.store.engine.begin() as conn:
            insert_rows(conn, t, many)
        with self.store.engine.connect() as conn:
            got = [(r.k, r.n, r.doc, r.day) for r in conn.execute(t.select().order_by(t.c.k))]
        assert got == [(r["k"], r["n"], r["doc"], r["day"]) for r in many]
        bad = [{"k": f"s{i:04d}", "n": None if i == 300 else i} for i in range(451)]
        with pytest.raises(exc.IntegrityError), self.store.engine.begin() as conn:
            insert_rows(conn, t, bad)  # n is NOT NULL in the second statement's rows
        with self.store.engine.connect() as conn:
            assert conn.execute(t.select().where(t.c.k.like("s%"))).all() == []

    def test_tuples_write_what_dicts_write(self) -> None:
        """insert_values (rows as tuples in column order) binds each column as insert_rows
        does (dates, JSON, times): the same stored text, across several statements."""
        by_dict, by_tuple = self.table(), _table(MetaData(), "zz_tuple_")
        names = [c.name for c in by_tuple.columns]
        many = [{**ROWS[i % 3], "note": None, "k": f"r{i:04d}", "n": i} for i in range(451)]
        with self.store.engine.begin() as conn:
            by_tuple.drop(conn, checkfirst=True)
            by_tuple.create(conn)
            insert_rows(conn, by_dict, many)
            insert_values(conn, by_tuple, [tuple(r[n] for n in names) for r in many])
            insert_values(conn, by_tuple, [])
        with self.store.engine.connect() as conn:
            stored = [conn.exec_driver_sql(f"SELECT * FROM {t.name} ORDER BY k").all()
                      for t in (by_dict, by_tuple)]  # fmt: skip
        assert len(stored[1]) == 451 and stored[0] == stored[1]
        with pytest.raises(exc.IntegrityError), self.store.engine.begin() as conn:
            insert_values(conn, by_tuple, [("x", None, None, None, None, None, None, None)])

    def test_poison_is_quarantined_and_rebuild_equals_catch_up(self) -> None:
        for i in range(40):
            day = None if i == 17 else f"2026-03-{1 + i % 28:02d}"
            self.store.append(f"thing-{i % 6}", [NewEvent("Thing", {"day": day, "who": i})])
        self.store.append("thing-9", [NewEvent("Thing", {"day": "not a day", "who": 99})])
        settle(self.store)
        engine = ProjectionEngine(self.store, [Things()], batch=7, max_batch=15)
        engine.catch_up("things")
        incremental = self.things(engine)
        [poison] = engine.quarantined("things")
        assert poison.stream_id == "thing-9" and poison.error.startswith("ValueError")
        state = engine.rebuild("things")
        assert state.generation == 2 and self.things(engine) == incremental
        assert [q.stream_id for q in engine.quarantined("things")] == ["thing-9"]
        with self.store.engine.connect() as conn:  # the index was built after the load
            indexes = inspect(conn).get_indexes(engine.tables("things")["things"].name)
        assert [i["column_names"] for i in indexes] == [["day"]]
        assert sum(r[1] for r in incremental) == 40

    def things(self, engine: ProjectionEngine) -> list[Any]:
        t = engine.tables("things")["things"]
        with self.store.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(t.select().order_by(t.c.k))]


class TestSQLiteBulk(SQLiteBackend, BulkContract):
    def test_appends_keep_a_full_sync_after_an_unsynced_catch_up(self) -> None:
        """Catch-up batches commit with synchronous=NORMAL (shadow.unsynced); the pooled
        connections appends use afterwards are back at FULL (2)."""
        for i in range(30):
            self.store.append(f"thing-{i % 4}", [NewEvent("Thing", {"day": None, "who": i})])
        engine = ProjectionEngine(self.store, [Things()], batch=7, max_batch=7)
        engine.bulk_fresh = False  # batch by batch, not bulk-loaded like a rebuild
        assert engine.catch_up_all() == {"things": 30}
        with ExitStack() as stack:  # every pooled connection, the catch-up's among them
            conns = [stack.enter_context(self.store.engine.connect()) for _ in range(5)]
            levels = {c.exec_driver_sql("PRAGMA synchronous").scalar() for c in conns}
        assert levels == {2}
        assert sum(r[1] for r in self.things(engine)) == 30

    def test_a_catch_up_batch_waits_for_a_held_write_lock_then_applies(self) -> None:
        """The batch polls for the write lock (busy_timeout 0, retried): it waits while
        another connection holds it, then applies; pooled connections keep the store's
        60 s busy timeout afterwards."""
        for i in range(10):
            self.store.append(f"thing-{i % 4}", [NewEvent("Thing", {"day": None, "who": i})])
        engine = ProjectionEngine(self.store, [Things()], batch=100)
        engine.bulk_fresh = False
        engine.initialise("things")
        path = self.store.engine.url.database
        assert path is not None
        holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
        release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
        release.start()
        began = time.perf_counter()
        assert engine.catch_up_all() == {"things": 10}
        waited = time.perf_counter() - began
        release.join()
        holder.close()
        assert waited >= 0.25, f"applied after {waited:.2f} s, with the lock held 0.3 s"
        with ExitStack() as stack:
            conns = [stack.enter_context(self.store.engine.connect()) for _ in range(5)]
            timeouts = {c.exec_driver_sql("PRAGMA busy_timeout").scalar() for c in conns}
        assert timeouts == {60000}
        assert sum(r[1] for r in self.things(engine)) == 10


@pytest.mark.postgres
class TestPostgresBulk(PostgresBackend, BulkContract):
    pass

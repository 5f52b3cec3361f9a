"""The store contract on PostgreSQL (a fresh schema per test), plus gap-safety proofs."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from sqlalchemy import event, text

from events import AppendResult, ConcurrencyError, NewEvent, open_store
from events.postgres import APPEND_LOCK, GapRisk, PostgresEventStore
from events.prepare import Row
from tests import pg
from tests.integration.backends import PostgresBackend, settle
from tests.integration.store_contract import PropertyContract, StoreContract

pytestmark = pytest.mark.postgres


class HeldStore(PostgresEventStore):
    """A real store whose next append waits, after its INSERT, before it commits."""

    hold = False
    inserted = threading.Event()
    release = threading.Event()

    @contextmanager
    def _writing(self) -> Iterator[Any]:
        with super()._writing() as cur:
            yield cur
            if self.hold:
                self.inserted.set()
                self.release.wait(30)


class TestPostgresStore(PostgresBackend, StoreContract):
    def test_truncate_is_refused(self) -> None:
        self.store.append("s", [NewEvent("T", {})])
        with pytest.raises(psycopg.Error, match="append-only"):
            self.raw_execute("TRUNCATE events")
        assert self.raw_query("SELECT count(*) FROM events")[0][0] == 1

    def _held(self) -> HeldStore:
        held = HeldStore(self.store.engine)
        held.hold, held.inserted, held.release = True, threading.Event(), threading.Event()
        return held

    def test_open_writer_holds_readers_back(self) -> None:
        self.store.append("before", [NewEvent("T", {})])
        settle(self.store)  # older transactions elsewhere on the server are done
        before = self.store.head()
        held = self._held()
        a = threading.Thread(target=held.append, args=("writer-a", [NewEvent("A", {})]))
        a.start()
        assert held.inserted.wait(10)
        b = self.store.append("writer-b", [NewEvent("B", {})])
        assert self.store.read_all(after=before) == []
        assert self.store.head() == before
        status = self.store.status()
        assert status.last_position == b.last_position and status.held_back == 1
        assert any(x.state == "idle in transaction" and x.seconds > 0 for x in status.blockers)
        held.release.set()
        a.join()
        settle(self.store)  # a transaction elsewhere on the server may hold readers a while
        after = self.store.read_all(after=before)
        assert [e.stream_id for e in after] == ["writer-a", "writer-b"]
        assert [e.position for e in after] == sorted(e.position for e in after)
        assert self.store.head() == b.last_position

    def test_early_transaction_id_is_the_trap_and_the_store_refuses_it(self) -> None:
        # The trap, shown with raw SQL: A takes its transaction id first, B takes id and
        # position and stays open, A takes a later position and commits first: B is lost.
        self.store.append("seed", [NewEvent("T", {})])
        settle(self.store)
        start = self.store.head()
        a, b = pg.raw_connect(self.schema), pg.raw_connect(self.schema)
        a.execute("SELECT pg_current_xact_id()")
        b.execute(_RAW_INSERT, ("b", "B"))
        a.execute(_RAW_INSERT, ("a", "A"))
        a.commit()
        deadline = time.monotonic() + 30  # other transactions on the server may hold A back too
        while not (seen := self.store.read_all(after=start)) and time.monotonic() < deadline:
            time.sleep(0.05)
        b.commit()
        skipped = self.store.read_all(after=seen[-1].position)
        a.close(), b.close()
        assert [e.stream_id for e in seen] == ["a"], "A is visible, B's lower position is not"
        assert skipped == [], "a reader that checkpointed at A has skipped B for good"
        # The store never lets an append take positions in a transaction that already
        # has an id (ids and positions are taken together, under the append lock):
        row = Row("x", 1, "T", 1, "{}", "{}", "2026-01-01T00:00:00.000000Z", "0" * 64, "0" * 64)
        with pytest.raises(GapRisk), self.store._writing() as cur:  # noqa: SLF001 - the guard under test
            cur.execute("SELECT pg_current_xact_id()")
            self.store._insert(cur, [row])  # noqa: SLF001
        assert self.store.stream_version("x") == 0
        self.store.append("y", [NewEvent("T", {})])  # the lock was released

    def test_failed_insert_releases_the_append_lock(self) -> None:
        self.store.append("s", [NewEvent("T", {})], expected_version=0)
        self.raw_execute("CREATE UNIQUE INDEX one_type ON events (event_type)")
        with pytest.raises(Exception):  # noqa: B017 - the unique index makes the insert fail
            self.store.append("s2", [NewEvent("T", {})])
        self.raw_execute("DROP INDEX one_type")
        done = threading.Event()
        threading.Thread(
            target=lambda: (self.store.append("s3", [NewEvent("U", {})]), done.set())
        ).start()
        assert done.wait(10), "the advisory lock was left held"


    # --- the append in one statement (`_append_at_once`) --------------------------------

    def test_append_is_all_or_nothing(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The contract's test, on the full path (BEGIN, read, insert, COMMIT)."""
        monkeypatch.setattr(self.store, "_append_at_once", lambda *args: None)
        super().test_append_is_all_or_nothing(monkeypatch)

    def at_once(self, monkeypatch: pytest.MonkeyPatch) -> list[AppendResult | None]:
        """Every one-statement append's outcome (None: it fell back to the full path)."""
        outcomes: list[AppendResult | None] = []
        real = self.store._append_at_once  # type: ignore[attr-defined]

        def spy(*args: Any) -> AppendResult | None:
            outcomes.append(real(*args))
            return outcomes[-1]

        monkeypatch.setattr(self.store, "_append_at_once", spy)
        return outcomes

    def test_a_known_tail_appends_in_one_statement_all_or_nothing(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        outcomes = self.at_once(monkeypatch)
        self.store.append("s", [NewEvent("T", {"n": 1})], expected_version=0, command_id="c-1")
        self.store.append("s", [NewEvent("T", {"n": 2})], command_id="c-2")  # the tail it wrote
        assert [o is not None for o in outcomes] == [True, True]
        # a failure after the events went in (the command id's insert) leaves nothing
        self.raw_execute(
            "CREATE FUNCTION no_command() RETURNS trigger LANGUAGE plpgsql AS"
            " $$ BEGIN RAISE EXCEPTION 'refused'; END $$"
        )
        self.raw_execute("CREATE TRIGGER no_command BEFORE INSERT ON event_commands"
                         " FOR EACH ROW EXECUTE FUNCTION no_command()")  # fmt: skip
        with pytest.raises(psycopg.Error, match="refused"):
            self.store.append("s", [NewEvent("T", {})] * 3, expected_version=2, command_id="c-3")
        assert len(outcomes) == 2, "raised inside the one statement, no second try"
        assert self.raw_query("SELECT count(*) FROM events")[0][0] == 2
        self.raw_execute("DROP TRIGGER no_command ON event_commands")
        done = threading.Event()  # the session-level append lock was released
        threading.Thread(target=lambda: (self.store.append("t", [NewEvent("U", {})]), done.set())).start()
        assert done.wait(10), "the advisory lock was left held"
        assert self.store.append("s", [NewEvent("T", {})], expected_version=2, command_id="c-3").version == 3
        assert self.store.verify().ok

    def test_a_retried_command_id_releases_the_lock_without_a_server_warning(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A duplicate command id fails the statement after its own unlock: the cleanup
        unlocked again and the server logged (and sent) "WARNING: you don't own a lock of
        type ExclusiveLock" for every retried command. Now nothing is said, on the
        one-statement path and the full one, and the lock is free afterwards."""
        notices: list[str] = []
        pids: list[int] = []

        @event.listens_for(self.store.engine, "connect")
        def listen(dbapi: Any, _: Any) -> None:
            dbapi.add_notice_handler(lambda d: notices.append(f"{d.severity}: {d.message_primary}"))
            pids.append(dbapi.info.backend_pid)

        self.store.engine.dispose()  # every connection from here on has the handler
        outcomes = self.at_once(monkeypatch)
        first = self.store.append("s", [NewEvent("T", {})], expected_version=0, command_id="c-1")
        again = self.store.append("s", [NewEvent("T", {})], expected_version=1, command_id="c-1")
        assert again.duplicate and again.positions == first.positions and len(outcomes) == 2
        monkeypatch.setattr(self.store, "_append_at_once", lambda *args: None)  # the full path
        assert self.store.append("s", [NewEvent("T", {})], command_id="c-1").duplicate
        assert notices == [] and pids
        held = self.raw_query(  # by this store's sessions (other tests may append meanwhile)
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1"
            f" AND objid = {APPEND_LOCK} AND pid IN ({', '.join(map(str, pids))})"
        )
        assert held == [], "the append lock was left held"
        assert self.store.append("s", [NewEvent("T", {})]).version == 2

    def test_a_stale_or_foreign_tail_falls_back_to_the_full_append(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        outcomes = self.at_once(monkeypatch)
        self.store.append("s", [NewEvent("T", {"n": 1})], expected_version=0)
        other = self.reopen()  # another process: this store's tail (version 1) goes stale
        other.append("s", [NewEvent("T", {"n": 2})], expected_version=1)
        result = self.store.append("s", [NewEvent("T", {"n": 3})])  # tail 1: version 2 is taken
        assert result.version == 3 and outcomes[-1] is None
        with pytest.raises(ConcurrencyError):  # an expected version still decides
            self.store.append("s", [NewEvent("T", {})], expected_version=2)
        other.append("s", [NewEvent("T", {"n": 4})], expected_version=3, command_id="c-4")
        again = self.store.append("s", [NewEvent("T", {"n": 4})], command_id="c-4")
        assert again.duplicate and again.version == 4  # the retry answers as the first time
        # a tail that is not this log's (a version whose hash differs): nothing inserted
        self.store._tails.seen("s", 9, "f" * 64)  # type: ignore[attr-defined]  # noqa: SLF001
        before = len(outcomes)
        assert self.store.append("s", [NewEvent("T", {"n": 5})]).version == 5
        assert outcomes[before:] == [None]
        assert self.store.append("s", [NewEvent("T", {"n": 6})]).version == 6  # tail known again
        assert outcomes[-1] is not None
        other.close()
        assert [e.data["n"] for e in self.store.read_stream("s")] == [1, 2, 3, 4, 5, 6]
        assert self.store.verify().ok

    def test_a_one_statement_append_held_open_holds_readers_back(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """As `test_open_writer_holds_readers_back`, for the one-statement append: held
        after its events took their positions (its command id waits on another session's
        uncommitted row of the same id), a later append commits and readers do not pass the
        held one's position until it has committed."""
        outcomes = self.at_once(monkeypatch)
        self.store.append("before", [NewEvent("T", {})])
        settle(self.store)
        before = self.store.head()
        blocker = pg.raw_connect(self.schema)
        try:
            blocker.execute("INSERT INTO event_commands VALUES ('c-held', 'x', 1, '0', 'now')")
            a = threading.Thread(target=self.store.append, args=("writer-a", [NewEvent("A", {})]),
                                 kwargs={"expected_version": 0, "command_id": "c-held"})  # fmt: skip
            a.start()
            waiting = "SELECT count(*) FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))"
            deadline = time.monotonic() + 10
            while blocker.execute(waiting, (blocker.info.backend_pid,)).fetchone() != (1,):
                assert time.monotonic() < deadline, "writer-a's statement is not waiting"
                time.sleep(0.02)
            b = self.store.append("writer-b", [NewEvent("B", {})], expected_version=0)
            assert self.store.read_all(after=before) == [] and self.store.head() == before
            status = self.store.status()
            assert status.last_position == b.last_position and status.held_back == 1
        finally:
            blocker.rollback(), blocker.close()
        a.join(10)
        settle(self.store)
        after = self.store.read_all(after=before)
        assert [e.stream_id for e in after] == ["writer-a", "writer-b"]
        assert [e.position for e in after] == sorted(e.position for e in after)
        assert self.store.head() == b.last_position
        assert [o.stream_id for o in outcomes if o] == ["writer-b", "writer-a"]  # both at once


_RAW_INSERT = (
    "INSERT INTO events (stream_id, version, event_type, schema_version, data, metadata,"
    " recorded_at, prev_hash, hash) VALUES (%s, 1, %s, 1, '{}', '{}',"
    " '2026-01-01T00:00:00.000000Z', repeat('0', 64), repeat('0', 64))"
)


class TestPostgresProperty(PostgresBackend, PropertyContract):
    pass


def test_a_transaction_of_another_application_does_not_hold_readers_back() -> None:
    """A write transaction of another application, in another database of the server or in
    this one, runs while casework appends: casework's readers see the append at once, and
    `status` does not name it (only appends to this log hold its readers back)."""
    base = pg.make_url(pg.base_url())
    with pg.fresh_schema() as (url, schema):
        store = open_store(url)
        elsewhere = psycopg.connect(pg.conninfo(str(base.set(database="postgres"))))
        here = pg.raw_connect(schema)
        try:
            elsewhere.execute("SELECT pg_current_xact_id()")  # takes an id, stays open
            here.execute("SELECT pg_current_xact_id()")
            time.sleep(0.2)
            written = store.append("mine", [NewEvent("T", {})])
            # A transaction that ends during a read counts for that read (it may have been
            # an append), so one read can be held back for an instant; the two open ones
            # above would hold every read back for as long as they stay open.
            deadline = time.monotonic() + 5
            while (store.head() != written.last_position or store.status().held_back
                   or [e.stream_id for e in store.read_all(after=written.last_position - 1)] != ["mine"]):  # fmt: skip
                assert time.monotonic() < deadline, "held back by transactions still open"
                time.sleep(0.05)
            status = store.status()
            pids = {b.pid for b in status.blockers}
            assert elsewhere.info.backend_pid not in pids and here.info.backend_pid not in pids
        finally:
            elsewhere.rollback(), here.rollback()
            elsewhere.close(), here.close()
            store.close()


class TestPostgresReconnect(PostgresBackend):
    """A pooled connection whose backend is gone (server restart, pg_terminate_backend).
    Seen at checkout (its socket has the server's goodbye to read): replaced before any
    statement, for every user of the engine. Lost where no checkout can see it (between
    checkout and statement, as when the server goes down mid-command): reads and appends
    with a command id reconnect once; a plain append is not retried."""

    def backend_pid(self) -> int:
        with self.store._reading() as cur:  # the connection the pool will hand out next
            cur.execute("SELECT pg_backend_pid()")
            (pid,) = cur.fetchone() or (0,)
        return int(pid)

    def terminate(self, pid: int) -> None:
        with pg.raw_connect(self.schema) as admin:  # waits (up to 5 s) until it has exited
            assert admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,)).fetchone() == (True,)

    def kill_pooled_backend(self) -> int:
        pid = self.backend_pid()
        self.terminate(pid)
        time.sleep(0.2)  # the server's goodbye reaches the idle pooled socket
        return pid

    @contextmanager
    def lost_after_checkout(self, times: int = 1) -> Iterator[list[int]]:
        """The next `times` checkouts hand out a live connection whose backend is then
        terminated: the statement that follows is the first to find it gone (the store's
        own checkout listener, registered first, saw it alive)."""
        killed: list[int] = []

        def kill(dbapi_connection: Any, record: Any, proxy: Any) -> None:
            if len(killed) < times:
                killed.append(dbapi_connection.info.backend_pid)
                self.terminate(killed[-1])

        event.listen(self.store.engine, "checkout", kill)
        try:
            yield killed
        finally:
            event.remove(self.store.engine, "checkout", kill)

    def test_a_gone_connection_is_replaced_at_checkout(self) -> None:
        self.store.append("s", [NewEvent("T", {"n": 1})], expected_version=0)
        dead = self.kill_pooled_backend()
        with self.store.engine.connect() as conn:  # how read models and the web read
            assert conn.execute(text("SELECT count(*) FROM events")).scalar_one() == 1
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() != dead
        self.kill_pooled_backend()
        result = self.store.append("s", [NewEvent("T", {"n": 2})], expected_version=1)
        assert result.version == 2  # a plain append: nothing had been sent on the dead one
        self.kill_pooled_backend()
        assert [e.data for e in self.store.read_stream("s")] == [{"n": 1}, {"n": 2}]

    def test_a_healthy_connection_is_kept(self) -> None:
        first = self.backend_pid()
        assert self.backend_pid() == first  # no replacement without a reason

    def test_reads_reconnect_once(self) -> None:
        self.store.append("s", [NewEvent("T", {"n": 1})], expected_version=0)
        with self.lost_after_checkout() as killed:
            assert [e.data for e in self.store.read_stream("s")] == [{"n": 1}]
        assert len(killed) == 1
        with self.lost_after_checkout() as killed:
            assert self.store.stream_version("s") == 1
        assert len(killed) == 1
        settle(self.store)
        with self.lost_after_checkout() as killed:
            assert [e.stream_id for e in self.store.read_all(after=0)] == ["s"]
        assert len(killed) == 1

    def test_an_append_with_a_command_id_reconnects_once(self) -> None:
        self.store.append("s", [NewEvent("T", {})], expected_version=0)
        with self.lost_after_checkout() as killed:
            result = self.store.append("s", [NewEvent("T", {})], expected_version=1, command_id="c-2")
        assert killed and result.version == 2 and not result.duplicate
        assert self.store.stream_version("s") == 2

    def test_a_plain_append_is_not_retried(self) -> None:
        self.store.append("s", [NewEvent("T", {})], expected_version=0)
        with self.lost_after_checkout() as killed, pytest.raises(psycopg.OperationalError):
            self.store.append("s", [NewEvent("T", {})], expected_version=1)
        assert len(killed) == 1  # a retry would have had a live connection, and succeeded
        assert self.store.stream_version("s") == 1  # and the next call works again

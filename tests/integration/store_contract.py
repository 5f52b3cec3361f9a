"""The event store's contract, run against every backend (SQLite file, PostgreSQL server).

`StoreContract` is not collected by pytest (no `Test` prefix); each backend module
subclasses it and supplies `store` (a fresh, empty store) and `raw` (a plain driver
connection to the same database, bypassing the store).
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from events import (
    AppendResult,
    ConcurrencyError,
    EventStore,
    InvalidAppend,
    NewEvent,
    Upcasters,
    open_store,
)
from tests.integration.backends import settle


def ev(kind: str = "CaseOpened", **data: Any) -> NewEvent:
    return NewEvent(kind, data or {"当事人": "张三", "金额": 500})


class StoreContract:
    store: EventStore

    # -- backend hooks --------------------------------------------------------------
    def raw_execute(self, sql: str) -> None:
        """Execute SQL through a plain driver connection and commit (may raise)."""
        raise NotImplementedError

    def raw_query(self, sql: str) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def drop_triggers(self) -> None:
        raise NotImplementedError

    def reopen(self, upcasters: Upcasters | None = None) -> EventStore:
        raise NotImplementedError

    # -- section 2: the API -----------------------------------------------------------
    def test_append_and_read_back(self) -> None:
        result = self.store.append(
            "case-1", [ev(), ev("CaseDispatched", 执法人员=["a", "b"])], expected_version=0,
            metadata={"actor": "tc-001", "role": "officer"},
        )  # fmt: skip
        assert result.version == 2 and len(result.positions) == 2
        assert result.positions[0] < result.positions[1]
        events = self.store.read_stream("case-1")
        assert [e.version for e in events] == [1, 2]
        assert [e.position for e in events] == list(result.positions)
        assert events[0].data == {"当事人": "张三", "金额": 500}
        assert events[1].type == "CaseDispatched" and events[1].schema_version == 1
        assert events[0].metadata == {"actor": "tc-001", "role": "officer"}
        assert events[0].recorded_at.tzinfo is not None
        assert events[0].recorded_at.utcoffset() == timedelta(0)
        assert events[1].prev_hash == events[0].hash != events[1].hash
        assert self.store.stream_version("case-1") == 2
        assert self.store.stream_version("case-none") == 0

    def test_chinese_is_stored_readable(self) -> None:
        self.store.append("case-zh", [ev()], expected_version=0)
        (data,) = self.raw_query("SELECT data FROM events")[0]
        assert "张三" in data and "\\u" not in data

    def test_expected_zero_refuses_existing_stream(self) -> None:
        self.store.append("case-1", [ev()], expected_version=0)
        with pytest.raises(ConcurrencyError) as caught:
            self.store.append("case-1", [ev()], expected_version=0)
        assert (caught.value.stream_id, caught.value.expected, caught.value.actual) == (
            "case-1",
            0,
            1,
        )
        assert "case-1" in str(caught.value)
        assert len(self.store.read_stream("case-1")) == 1

    def test_stale_version_writes_nothing(self) -> None:
        self.store.append("s", [ev(), ev()], expected_version=0)
        head = self.store.head()
        with pytest.raises(ConcurrencyError) as caught:
            self.store.append("s", [ev()], expected_version=1)
        assert caught.value.actual == 2
        assert self.store.head() == head and self.store.stream_version("s") == 2

    def test_repeated_command_id_returns_first_result(self) -> None:
        first = self.store.append("s", [ev()], expected_version=0, command_id="cmd-1")
        again = self.store.append("s", [ev(), ev()], expected_version=5, command_id="cmd-1")
        assert again.duplicate and not first.duplicate
        assert (again.version, again.positions) == (first.version, first.positions)
        settle(self.store)
        assert len(self.store.read_all(after=0)) == 1
        assert self.store.read_stream("s")[0].metadata["command_id"] == "cmd-1"

    def test_any_version_when_not_expected(self) -> None:
        self.store.append("s", [ev()])
        assert self.store.append("s", [ev()]).version == 2

    def test_append_is_all_or_nothing(self, monkeypatch: pytest.MonkeyPatch) -> None:
        insert = self.store._insert_command  # type: ignore[attr-defined]

        def crash(*args: Any) -> None:  # the events and the command id are in, uncommitted
            insert(*args)
            raise RuntimeError("crash after the events were inserted")

        monkeypatch.setattr(self.store, "_insert_command", crash)
        with pytest.raises(RuntimeError):
            self.store.append("s", [ev(), ev(), ev()], expected_version=0, command_id="c")
        monkeypatch.undo()
        assert self.store.read_all(after=0) == [] and self.store.stream_version("s") == 0
        assert self.store.append("s", [ev()], expected_version=0, command_id="c").version == 1

    @pytest.mark.parametrize(
        ("stream", "events", "expected", "message"),
        [
            ("s", [], 0, "empty"),
            ("", [ev()], 0, "stream id"),
            ("   ", [ev()], 0, "stream id"),
            ("x" * 201, [ev()], 0, "longer"),
            ("s", [NewEvent("T", {"x": {1, 2}})], 0, "JSON"),
            ("s", [NewEvent("T", {"x": object()})], 0, "JSON"),
            ("s", [NewEvent("T", {"x": float("nan")})], 0, "JSON"),
            ("s", [ev()], -1, "expected version"),
            ("s", [NewEvent("", {})], 0, "type"),
        ],
    )
    def test_bad_input_is_refused_before_writing(
        self, stream: str, events: list[NewEvent], expected: int, message: str
    ) -> None:
        with pytest.raises(InvalidAppend, match=message) as caught:
            self.store.append(stream, events, expected_version=expected)
        assert isinstance(caught.value, ValueError)
        assert self.store.head() == 0 and self.raw_query("SELECT count(*) FROM events")[0][0] == 0

    def test_unknown_url_scheme(self) -> None:
        with pytest.raises(ValueError, match="unknown database backend"):
            open_store("mysql://root@127.0.0.1/x")
        with pytest.raises(ValueError):
            open_store("not a url")

    def test_upcasters_apply_on_read_and_never_rewrite(self) -> None:
        self.store.append("s", [NewEvent("CaseOpened", {"party": "李四"}, schema_version=1)])
        upcasters = Upcasters()
        upcasters.register("CaseOpened", 1, lambda d: {"当事人": d["party"]})
        upcasters.register("CaseOpened", 2, lambda d: {**d, "kind": "penalty"})
        store = self.reopen(upcasters)
        (event,) = store.read_stream("s")
        assert event.schema_version == 3
        assert event.data == {"当事人": "李四", "kind": "penalty"}
        settle(store)  # a transaction elsewhere on the server may hold readers a moment
        assert store.read_all(after=0)[0].data == event.data
        assert self.raw_query("SELECT data, schema_version FROM events")[0] == (
            '{"party":"李四"}',
            1,
        )
        assert store.verify().ok
        store.close()

    def test_read_stream_up_to_version_and_as_of(self) -> None:
        self.store.append("s", [ev(), ev()], expected_version=0)
        cut = datetime.now(UTC)
        time.sleep(0.01)
        self.store.append("s", [ev()], expected_version=2)
        assert [e.version for e in self.store.read_stream("s", up_to_version=1)] == [1]
        assert [e.version for e in self.store.read_stream("s", as_of=cut)] == [1, 2]

    def test_read_all_pages_in_position_order(self) -> None:
        for i in range(7):
            self.store.append(f"s{i % 3}", [ev()])
        settle(self.store)
        first = self.store.read_all(after=0, limit=4)
        rest = self.store.read_all(after=first[-1].position, limit=100)
        positions = [e.position for e in first + rest]
        assert len(positions) == 7 and positions == sorted(set(positions))
        assert self.store.head() == positions[-1]
        assert [e.position for e in self.store.iter_all(batch=2)] == positions

    def test_read_all_of_some_types_pages_them_in_position_order(self) -> None:
        kinds = ["CaseOpened", "EvidenceRecorded", "CaseClosed", "文书送达"]
        for i in range(12):
            self.store.append(f"s{i % 3}", [NewEvent(kinds[i % 4], {"i": i})])
        settle(self.store)
        every = self.store.read_all(after=0, limit=100)
        wanted = {"EvidenceRecorded", "文书送达", "NoSuchType"}
        expected = [e.position for e in every if e.type in wanted]
        first = self.store.read_all(after=0, limit=4, types=wanted)
        rest = self.store.read_all(after=first[-1].position, limit=100, types=wanted)
        assert [e.position for e in first + rest] == expected and len(expected) == 6
        assert {e.type for e in first + rest} == {"EvidenceRecorded", "文书送达"}
        assert (first + rest)[0].data == {"i": 1}  # decoded like any read
        assert self.store.read_all(after=0, types=set()) == []
        assert self.store.read_all(after=0, types={"x' OR '1'='1"}) == []  # a value, not SQL

    def test_head_and_positions_of_matching_events_in_one_read(self) -> None:
        first = self.store.append("org-a", [ev()]).positions[0]
        self.store.append("case-b", [ev(), ev()])
        later = self.store.append("org-a", [ev(), ev()]).positions
        settle(self.store)
        head, found = self.store.head_and_positions(first, "stream_id = 'org-a'")
        assert head == self.store.head() and head >= later[-1]
        assert found == list(later)  # after `first`, only the matching stream's events
        assert self.store.head_and_positions(later[-1], "stream_id = 'org-a'")[1] == []

    def test_open_store_is_idempotent_from_many_threads(self) -> None:
        errors: list[BaseException] = []

        def opener() -> None:
            try:
                self.reopen().close()
            except BaseException as err:  # noqa: BLE001 - collected for the assertion
                errors.append(err)

        threads = [threading.Thread(target=opener) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []

    # -- section 3: immutable for real -------------------------------------------------
    @pytest.mark.parametrize(
        "sql",
        [
            "UPDATE events SET data = '{}'",
            "UPDATE events SET hash = prev_hash WHERE version = 1",
            "DELETE FROM events WHERE version = 2",
            "DELETE FROM events",
            "UPDATE event_commands SET version = 9",
            "DELETE FROM event_commands",
        ],
    )
    def test_database_refuses_changes(self, sql: str) -> None:
        self.store.append("s", [ev(), ev()], expected_version=0, command_id="c")
        before = self.raw_query("SELECT position, data, hash FROM events ORDER BY position")
        with pytest.raises(Exception, match="append-only"):
            self.raw_execute(sql)
        assert self.raw_query("SELECT position, data, hash FROM events ORDER BY position") == before
        assert self.raw_query("SELECT count(*) FROM event_commands")[0][0] == 1

    # -- section 4: tamper evidence -----------------------------------------------------
    def _three_streams(self) -> None:
        for name in ("a", "b", "c"):
            self.store.append(f"case-{name}", [ev(n=1), ev(n=2), ev(n=3)], expected_version=0)

    def test_verify_ok_on_untouched_log(self) -> None:
        self._three_streams()
        report = self.store.verify()
        assert report.ok and report.checked == 9 and report.streams == 3
        assert report.first_broken is None

    def test_verify_finds_one_changed_byte(self) -> None:
        self._three_streams()
        self.drop_triggers()
        target = self.store.read_stream("case-b")[1]
        self.raw_execute(
            f"UPDATE events SET data = replace(data, '\"n\":2', '\"n\":3') WHERE position = {target.position}"
        )
        report = self.store.verify()
        assert not report.ok
        broken = report.first_broken
        assert broken is not None and broken.kind == "hash-mismatch"
        assert (broken.stream_id, broken.version, broken.position) == ("case-b", 2, target.position)
        assert "case-b" in broken.describe()

    def test_verify_finds_a_deleted_event(self) -> None:
        self._three_streams()
        self.drop_triggers()
        target = self.store.read_stream("case-c")[1]
        self.raw_execute(f"DELETE FROM events WHERE position = {target.position}")
        report = self.store.verify()
        kinds = {(b.kind, b.stream_id, b.version) for b in report.problems}
        assert ("missing-version", "case-c", 2) in kinds
        assert all(b.stream_id == "case-c" for b in report.problems)

    def test_verify_finds_swapped_data(self) -> None:
        self._three_streams()
        self.drop_triggers()
        a, b = self.store.read_stream("case-a")[0], self.store.read_stream("case-b")[2]
        rows = dict(self.raw_query("SELECT position, data FROM events"))
        for pos, other in ((a.position, b.position), (b.position, a.position)):
            self.raw_execute(f"UPDATE events SET data = '{rows[other]}' WHERE position = {pos}")
        report = self.store.verify()
        found = {
            (p.stream_id, p.version, p.position)
            for p in report.problems
            if p.kind == "hash-mismatch"
        }
        assert found == {("case-a", 1, a.position), ("case-b", 3, b.position)}
        assert report.first_broken is not None and report.first_broken.position == a.position

    # -- section 5 and 6: concurrency ---------------------------------------------------
    def test_same_stream_racers_one_winner_per_version(self) -> None:
        versions = 6
        for version in range(versions):
            outcomes = self._race(version, racers=8)
            assert outcomes.count("ok") == 1, outcomes
            assert outcomes.count("conflict") == 7, outcomes
        stored = self.store.read_stream("race")
        assert [e.version for e in stored] == list(range(1, versions + 1))
        assert self.store.verify().ok

    def test_racers_with_one_command_id_record_it_once(self) -> None:
        def racer(command: str, barrier: threading.Barrier, results: list[AppendResult]) -> None:
            barrier.wait()
            results.append(self.store.append("once", [ev()], command_id=command))

        for n in range(5):
            barrier, results = threading.Barrier(4), []
            args = (f"cmd-{n}", barrier, results)
            threads = [threading.Thread(target=racer, args=args) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert len(results) == 4 and sum(not r.duplicate for r in results) == 1
            assert len({(r.version, r.positions) for r in results}) == 1
        assert [e.version for e in self.store.read_stream("once")] == [1, 2, 3, 4, 5]
        assert self.store.append("after", [ev()]).version == 1  # no lock left behind

    def _race(self, version: int, racers: int) -> list[str]:
        barrier = threading.Barrier(racers)
        outcomes: list[str] = []

        def racer(i: int) -> None:
            barrier.wait()
            try:
                self.store.append("race", [ev(racer=i)], expected_version=version)
                outcomes.append("ok")
            except ConcurrencyError:
                outcomes.append("conflict")

        threads = [threading.Thread(target=racer, args=(i,)) for i in range(racers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return outcomes

    def test_tailing_reader_sees_every_event_once(self) -> None:
        stop = threading.Event()
        written: list[int] = []
        lock = threading.Lock()

        def writer(w: int) -> None:
            version = 0
            while not stop.is_set():
                result = self.store.append(f"w{w}", [ev(w=w, v=version)], expected_version=version)
                version = result.version
                with lock:
                    written.extend(result.positions)

        seen: list[int] = []
        threads = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            seen.extend(
                e.position for e in self.store.read_all(after=seen[-1] if seen else 0, limit=50)
            )
        stop.set()
        for t in threads:
            t.join()
        settle(self.store)
        while page := self.store.read_all(after=seen[-1] if seen else 0, limit=500):
            seen.extend(e.position for e in page)
        assert len(written) > 50
        assert seen == sorted(set(seen)), "positions must strictly increase, none twice"
        assert sorted(written) == seen


# -- section 6: the property -----------------------------------------------------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(-(2**53), 2**53), st.text(max_size=8))
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
APPENDS = st.lists(
    st.tuples(
        st.sampled_from(["甲", "乙", "丙", "ding"]),
        st.lists(
            st.dictionaries(st.text(max_size=6), JSON_VALUE, max_size=3), min_size=1, max_size=3
        ),
    ),
    min_size=1,
    max_size=12,
)


class PropertyContract:
    store: EventStore

    def test_random_appends_read_back_exactly(self) -> None:
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        @given(appends=APPENDS)
        def check(appends: list[tuple[str, list[dict[str, Any]]]]) -> None:
            self._check_appends(appends)

        check()

    def _check_appends(self, appends: list[tuple[str, list[dict[str, Any]]]]) -> None:
        run = f"{time.monotonic_ns()}-"
        expected: dict[str, list[dict[str, Any]]] = {}
        positions: list[int] = []
        for stream, datas in appends:
            sid = run + stream
            version = len(expected.get(sid, []))
            result = self.store.append(
                sid, [NewEvent("T", d) for d in datas], expected_version=version
            )
            positions.extend(result.positions)
            expected.setdefault(sid, []).extend(datas)
        for sid, datas in expected.items():
            assert [e.data for e in self.store.read_stream(sid)] == datas
        settle(self.store)
        mine = [e for e in self.store.read_all(after=min(positions) - 1, limit=10_000)]
        assert [e.position for e in mine] == sorted(positions)
        assert [e.data for e in mine if e.stream_id.startswith(run)] == [
            e.data
            for e in sorted(
                (x for sid in expected for x in self.store.read_stream(sid)),
                key=lambda x: x.position,
            )
        ]
        assert self.store.verify().ok

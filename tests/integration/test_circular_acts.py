"""The circular's acts rows store what SQLAlchemy's own insert of `_act`'s rows stores,
byte for byte, on SQLite (where they are built as the driver takes them, `_act_text`:
DATE text, Boolean ints, Float floats, 240 rows across two multi-row INSERTs) and on
PostgreSQL (`_act` through projections.bulk)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import MetaData, Table

from events import EventStore, RecordedEvent
from projections.circular import CircularProjection, _act, _act_text
from tests.integration.backends import PostgresBackend, SQLiteBackend

RECORDED = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
KINDS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("CaseOpened", {"at": "2026-03-01T23:30:00+08:00", "due": "2026-03-31", "number": "n",
     "township": "t", "township_name": "台城镇", "kind": "penalty", "matter_code": "m"}, {}),
    ("DeadlineExtended", {"at": "2026-03-01T16:30:00Z", "due": ""}, {}),  # 00:30 the 2nd there
    ("PenaltyDecided", {"at": "2026-03-01T09:00:00", "amount": 500}, {}),  # naive: Shanghai
    ("PenaltyDecided", {"at": "2026-03-02T09:00:00+08:00", "amount": 12.5,
     "outcome": "ignored"}, {}),
    ("CaseClosed", {"at": "2026-02-20T09:00:00+08:00", "outcome": "executed"},
     {"late_reason": "系统故障补录"}),  # recorded ten days later: 补录
    ("CaseReviewed", {"at": "2026-03-02T08:30:00+08:00", "verdict": "qualified",
     "findings": "程序合法，文书规范"}, {}),
    ("ClockResumed", {"at": "2026-03-02T08:30:00+08:00", "due": "2026-04-30"}, {}),
    ("EvidenceRecorded", {"at": "2026-03-02T08:30:00+08:00", "due": "2026-05-01",
     "amount": 3}, {}),  # a due day or an amount on another act is not the act's
]  # fmt: skip


def events(count: int) -> list[RecordedEvent]:
    found = []
    for i in range(count):
        kind, data, meta = KINDS[i % len(KINDS)]
        found.append(RecordedEvent(i + 1, f"case-c{i % 5}", i + 1, kind, 1, data, meta,
                                   RECORDED, "", ""))  # fmt: skip
    return found


class CircularActsContract:
    store: EventStore

    def tables(self) -> tuple[dict[str, Table], Table]:
        tables = CircularProjection().define(MetaData(), "zz_circ_")
        twin = CircularProjection().define(MetaData(), "zz_twin_")["acts"]
        with self.store.engine.begin() as conn:
            for t in [*tables.values(), twin]:
                t.drop(conn, checkfirst=True)
                t.create(conn)
        return tables, twin

    def test_acts_store_what_sqlalchemy_stores(self) -> None:
        tables, twin = self.tables()
        log = events(len(KINDS) * 30)  # 240 acts: two INSERT statements on SQLite
        with self.store.engine.begin() as conn:
            CircularProjection().apply_batch(conn, tables, log)
            conn.execute(twin.insert(), [_act(e) for e in log])  # SQLAlchemy's processors
        with self.store.engine.connect() as conn:
            raw = [
                conn.exec_driver_sql(f"SELECT * FROM {t.name} ORDER BY position").all()
                for t in (tables["acts"], twin)
            ]
            acts = {r.position: r for r in conn.execute(tables["acts"].select())}
        assert len(raw[0]) == 240 and raw[0] == raw[1]
        first = [acts[i + 1] for i in range(len(KINDS))]
        assert [r.day for r in first] == [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 1)] + [
            date(2026, 3, 2),
            date(2026, 2, 20),
        ] + [date(2026, 3, 2)] * 3
        assert [r.due for r in first] == [date(2026, 3, 31), None, None, None, None, None] + [
            date(2026, 4, 30),
            None,
        ]
        assert [r.amount for r in first] == [None, None, 500.0, 12.5, None, None, None, None]
        assert [r.backdated for r in first] == [True, True, True, False, True, False, False, False]
        assert first[4].late_reason == "系统故障补录" and first[4].outcome == "executed"
        assert (first[5].verdict, first[5].findings) == ("qualified", "程序合法，文书规范")

    def test_a_time_that_is_not_one_is_a_data_error(self) -> None:
        [e] = events(1)
        bad = e._replace(data={**e.data, "at": "not a time"})
        with pytest.raises(ValueError):
            _act_text(bad)
        with pytest.raises(ValueError):
            _act_text(e._replace(data={**e.data, "due": "31/03/2026"}))
        at = datetime(2026, 3, 1, 15, 30, tzinfo=UTC)  # the first act's business time
        late = [_act_text(e._replace(recorded_at=at + timedelta(minutes=m)))[4] for m in (59, 61)]
        assert late == [0, 1]  # 补录: recorded more than an hour after


class TestSQLiteCircularActs(SQLiteBackend, CircularActsContract):
    pass


@pytest.mark.postgres
class TestPostgresCircularActs(PostgresBackend, CircularActsContract):
    pass

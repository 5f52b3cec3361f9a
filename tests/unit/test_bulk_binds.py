"""The bulk writer's own bind processors write what SQLAlchemy's would (projections.bulk)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import JSON, Column, Date, DateTime, Integer, MetaData, Table

from events import open_store
from projections import bulk


@pytest.fixture()
def table_and_conn(tmp_path: Any) -> Any:
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    table = Table(
        "t", MetaData(), Column("id", Integer, primary_key=True), Column("data", JSON),
        Column("day", Date), Column("at", DateTime),
    )  # fmt: skip
    with store.engine.connect() as conn:
        yield table, conn
    store.close()


VALUES: list[Any] = [
    {"事由": "未按规定设置垃圾收集容器", "罚款": 500, "比例": 0.5, "人": [None, True, False]},
    {"nested": {"list": [[], {}, [1, [2, [3]]]], "quote": 'a"b\\c\n'}},
    [], {}, [1, 2.25, "三"], {"big": 1e300, "nan": float("nan")}, None, "plain", 7, 1.5, True,
]


def test_json_dates_and_times_are_bound_as_sqlalchemy_binds_them(table_and_conn: Any) -> None:
    table, conn = table_and_conn
    plan = bulk.plan(conn, table)
    ours = {plan.names[i]: process for i, process, _ in plan.bind}
    assert set(ours) == {"data", "day", "at"}  # our fast processors are the ones in use
    for name, values in (
        ("data", VALUES),
        ("day", [date(2026, 3, 1), None]),
        ("at", [datetime(2026, 3, 1, 8, 0), datetime(2026, 3, 1, 8, 0, 0, 7), None,
                datetime(2026, 3, 1, 8, 0, tzinfo=UTC)]),
    ):  # fmt: skip
        theirs = table.c[name].type._cached_bind_processor(conn.dialect)  # noqa: SLF001
        for value in values:
            if value is None and name != "data":
                continue  # ours are not called on None for these (None stays NULL)
            assert ours[name](value) == theirs(value), (name, value)
    rows = [{"id": i, "data": v, "day": None, "at": None} for i, v in enumerate(VALUES)]
    assert [r[1] for r in plan.params(rows)] == [
        table.c.data.type._cached_bind_processor(conn.dialect)(v)  # noqa: SLF001
        for v in VALUES
    ]


def test_a_value_json_cannot_hold_fails_as_it_would_in_sqlalchemy(table_and_conn: Any) -> None:
    table, conn = table_and_conn
    plan = bulk.plan(conn, table)
    with pytest.raises(TypeError, match="not JSON serializable"):
        plan.params([{"id": 1, "data": {"when": datetime(2026, 3, 1)}, "day": None, "at": None}])

"""The notices model (提醒) folded in batches of every size writes what one batch writes, on
both backends, for every kind of notice (the limitation warning and the 年度考核 notice
too, which the model contract's sweeps do not issue), interleaved with events it ignores."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, select

from events import RecordedEvent
from projections import quarantine
from projections.notices import NoticesProjection
from tests.integration.backends import bare_engine

CASE = {"case_id": "a", "number": "台城镇〔2026〕a号", "township": "taicheng",
        "statute": "《行政处罚法》第六十条", "officers": ["tc-1", "tc-2"]}  # fmt: skip
LOG: list[tuple[str, dict[str, Any]]] = [
    ("CaseOpened", {"case_id": "a"}),
    ("DeadlineWarningIssued", {**CASE, "deadline": "decision", "due": "2026-06-01",
                               "days_left": 5, "working_days_left": 3, "issued_on": "2026-05-27"}),
    ("LimitationWarningIssued", {**CASE, "statute": "《行政处罚法》第三十六条", "note": "日期不详",
                                 "opened_on": "2026-05-01", "issued_on": "2026-05-02"}),
    ("EvidenceRecorded", {"kind": "现场笔录"}),
    ("OverdueNoticeIssued", {**CASE, "deadline": "decision", "due": "2026-06-01",
                             "days_over": 2, "issued_on": "2026-06-03"}),
    ("RectificationOverdueNoticeIssued", {"inspection_id": "insp-1", "township": "taicheng",
                                          "due": "2026-05-20", "days_over": 4,
                                          "issued_on": "2026-05-24"}),
    ("FailedAssessmentNoticeIssued", {"year": 2025, "officer_id": "tc-2", "township": "taicheng",
                                      "score": 58.5, "reasons": ["超期", "投诉"],
                                      "issued_on": "2026-01-02"}),
    ("CaseClosed", {"outcome": "executed"}),
    ("DeadlineWarningIssued", {**CASE, "case_id": "b", "deadline": "service", "due": "2026-06-09",
                               "days_left": 1, "working_days_left": 1, "issued_on": "2026-06-08"}),
]  # fmt: skip


def recorded() -> list[RecordedEvent]:
    return [RecordedEvent(i, f"s-{i}", 1, kind, 1, data, {}, datetime(2026, 6, 1, tzinfo=UTC), "", "")
            for i, (kind, data) in enumerate(LOG, start=1)]  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    with bare_engine(request.param, tmp_path) as found:
        yield found


def fold(engine: Engine, size: int) -> list[dict[str, Any]]:
    projection = NoticesProjection()
    metadata = MetaData()
    table = projection.define(metadata, f"notices_b{size}_")["notices"]
    events = recorded()
    with engine.begin() as conn:
        metadata.create_all(conn)
        conn.exec_driver_sql(quarantine.QUARANTINE_DDL)
    with engine.connect() as conn:
        for start in range(0, len(events), size):
            with conn.begin():
                chunk = events[start : start + size]
                assert quarantine.apply(conn, projection, {"notices": table}, chunk, 1) == 0
        return [dict(r._mapping) for r in conn.execute(select(table).order_by(table.c.position))]


def test_batches_of_every_size_write_what_one_batch_writes(engine: Engine) -> None:
    whole = fold(engine, len(LOG))
    assert [(r["position"], r["kind"]) for r in whole] == [
        (2, "warning"), (3, "limitation"), (5, "overdue"), (6, "rectification"),
        (7, "failed_assessment"), (9, "warning"),
    ]  # fmt: skip
    failed = whole[4]
    assert (failed["subject"], failed["year"], failed["score"], failed["note"]) == (
        "tc-2", 2025, 58.5, "超期；投诉")  # fmt: skip
    assert whole[1]["officers"] == ["tc-1", "tc-2"] and whole[1]["issued_on"] == date(2026, 5, 2)
    for size in range(1, len(LOG)):
        assert fold(engine, size) == whole, f"batches of {size}"

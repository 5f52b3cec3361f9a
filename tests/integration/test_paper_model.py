"""The paper read model (projections.paper) on SQLite and PostgreSQL: it keeps exactly the
paper events, as the store gives them; "recorded before T" reads what the log held then;
a rebuild writes the same rows; and the board's readers get their events from it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from events import NewEvent, open_store
from projections.engine import ProjectionEngine
from projections.paper import PAPER_EVENTS, PaperProjection, paper_events
from tests.integration.backends import settle
from tests.integration.case_db import BACKENDS, database_url
from workflow.execution.board import of_types

START = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_paper_model_holds_the_paper_events(backend: str, tmp_path: Path) -> None:
    store = open_store(database_url(backend, tmp_path))
    moments = iter(START + timedelta(hours=h) for h in range(100))
    store.clock = lambda: next(moments)
    store.append("execution-a-1", [NewEvent("DocumentServed", {"document": "X1", "n": 1})])
    store.append("case-a-1", [NewEvent("EvidenceRecorded", {"kind": "照片"})])  # not paper
    store.append("execution-a-1", [NewEvent("PaymentRecorded", {"receipt": "R-1", "n": 2})],
                 expected_version=1)  # fmt: skip
    store.append("case-a-1", [NewEvent("CaseClosed", {"outcome": "executed"})], expected_version=1)
    settle(store)
    engine = ProjectionEngine(store, [PaperProjection()])
    got = of_types(engine, ("DocumentServed", "PaymentRecorded", "CaseClosed"))
    logged = [e for e in store.iter_all() if e.type in PAPER_EVENTS]
    assert [(e.position, e.stream_id, e.type, e.data) for e in got] == [
        (e.position, e.stream_id, e.type, e.data) for e in logged
    ]
    assert [e.type for e in got] == ["DocumentServed", "PaymentRecorded", "CaseClosed"]
    before = of_types(engine, ("DocumentServed", "PaymentRecorded"), START + timedelta(hours=2))
    assert [e.data["n"] for e in before] == [1]  # the payment was recorded at 03:00 UTC
    with store.engine.connect() as conn:
        rows = conn.execute(select(engine.tables("paper")["events"])).all()
    engine.rebuild("paper")
    with store.engine.connect() as conn:
        tables = engine.tables("paper")
        assert conn.execute(select(tables["events"])).all() == rows
        assert len(paper_events(conn, tables, ("PaymentRecorded",))) == 1
    store.close()

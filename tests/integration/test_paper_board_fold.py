"""The paper deadline board keeps its fold of the paper side between calls and advances it
by the events recorded since (workflow.execution.board.current): day after day, as events
are added and after a rebuild of the read model, it gives exactly what folding every
event afresh gives, and so does folding one case's own paper events (SQLite and
PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from events import open_store
from projections.engine import ProjectionEngine
from projections.paper import PaperProjection
from tests.integration.case_db import BACKENDS, database_url
from tests.integration.documents_desk import Desk
from workflow.documents.kinds import DocumentKind
from workflow.execution.board import case_paper_deadlines, current, paper_deadlines
from workflow.execution.events import Method
from workflow.organisation.service import init_county

AFRESH = datetime(2100, 1, 1, tzinfo=UTC)  # `before` far ahead: every event, folded anew


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_kept_fold_gives_what_a_fresh_fold_gives(backend: str, tmp_path: Path) -> None:
    store = open_store(database_url(backend, tmp_path))
    init_county(store)
    d = Desk(store)
    engine = ProjectionEngine(store, [PaperProjection()])
    day = date(2026, 6, 2)
    seen: list[list[str]] = []

    def same(today: date) -> None:
        kept = paper_deadlines(engine, today)
        assert kept == paper_deadlines(engine, today, AFRESH)
        for case in (first, second):  # one case's own paper events only (提醒's page)
            assert case_paper_deadlines(engine, today, {case}) == [i for i in kept if i["case_id"] == case]
        seen.append(sorted(f"{i['case_id']} {i['deadline']} {i['overdue']}" for i in kept))

    first, second = d.decided(party="王五"), d.decided(party="赵六", amount=800)
    issued, _ = d.documents.issue(first, DocumentKind.DECISION, "tc-004")
    same(day)
    fold = current(engine)
    d.execution.serve(first, issued.event.number, Method.PERSONAL, None, "tc-004")
    other, _ = d.documents.issue(second, DocumentKind.DECISION, "tc-004")
    same(day + timedelta(days=1))
    assert current(engine) is fold  # advanced, not folded anew
    d.execution.pay(first, 200, "BK-1", None, "tc-004")  # part of the fine
    for n in (5, 20, 40):  # the fine due, then overdue with its late fee growing
        same(day + timedelta(days=n))
    engine.rebuild("paper")
    same(day + timedelta(days=41))
    assert current(engine) is not fold  # a new generation of the read model: folded anew
    assert seen[0] != seen[1] and seen[2] != seen[3]  # served, then the fine overdue
    assert f"{first} fine_payment True" in seen[-1]
    store.close()

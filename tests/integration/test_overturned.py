"""A decision overturned on 复议 or in court (撤销/变更/确认违法) counts against the case's
officers: in their 执法责任档案 (the oversight read model acct keeps) and in the year's
assessment inputs; one upheld (维持) does not. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from events import open_store
from projections.engine import ProjectionEngine
from projections.queries_oversight import officer_records
from projections.registry import all_projections
from tests import pg
from tests.integration.backends import settle
from tests.integration.documents_desk import Desk
from workflow.accountability.grading import officer_counts
from workflow.accountability.yearfacts import gather
from workflow.documents.kinds import DocumentKind
from workflow.execution.events import Method
from workflow.organisation.service import init_county


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        path = tmp_path / "casework.db"
        store = open_store(f"sqlite:///{path}")
        init_county(store)
        store.close()
        yield f"sqlite:///{path}"
        return
    with pg.fresh_schema() as (found, _schema):
        store = open_store(found)
        init_county(store)
        store.close()
        yield found


def challenged(d: Desk, party: str, outcome: str) -> str:
    case = d.decided(party=party)
    issued, _ = d.documents.issue(case, DocumentKind.DECISION, "tc-004")
    d.execution.serve(case, issued.event.number, Method.PERSONAL, None, "tc-004")
    d.jump(20)
    d.execution.seek_remedy(case, "review", "五台县人民政府", None, "tc-001")
    d.jump(30)
    d.execution.decide_remedy(case, "review", outcome, None, "tc-001")
    return case


def test_overturned_counts_in_the_read_model_and_the_assessment(url: str) -> None:
    store = open_store(url)
    try:
        d = Desk(store)  # both cases dispatched to tc-004 and tc-005
        case = challenged(d, "张三", "撤销")
        challenged(d, "李四", "维持")
        settle(store)  # a transaction elsewhere on a PostgreSQL server holds readers back
        engine = ProjectionEngine(store, all_projections())
        engine.catch_up("oversight")
        with store.engine.connect() as conn:
            records = officer_records(conn, engine.tables("oversight"), ["tc-004", "tc-006"])
        assert [x["case_id"] for x in records["tc-004"]["overturned"]] == [case]
        assert records["tc-006"]["overturned"] == []
        facts = gather(store.iter_all(), 2026)
        assert officer_counts(facts, "tc-004")["overturned"] == 1
        assert officer_counts(facts, "tc-006")["overturned"] == 0  # not on the case
    finally:
        store.close()

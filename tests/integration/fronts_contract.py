"""The leads-and-applications read model (projections/fronts.py), on every backend.

Leads and licence applications of 台城镇, registered, answered and opened through the real
services; the read model is caught up in small batches as they go, then compared with a
rebuild and with the streams themselves (the services' own scan of them).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from events import EventStore
from projections.engine import ProjectionEngine
from projections.fronts import FrontsProjection, pending
from tests.integration.backends import settle
from workflow.cases import commands as c
from workflow.cases.application_service import (
    AnswerApplication,
    ApplicationService,
    ReceiveApplication,
)
from workflow.cases.service import CaseService
from workflow.cases.source_service import AcceptSource, RegisterSource, RejectSource, SourceService
from workflow.organisation.service import init_county
from workflow.organisation.snapshot import load_directory

START = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)  # Monday 1 June 2026, 10:00 in Shanghai
TODAY = date(2026, 6, 30)


class FrontsContract:
    store: EventStore

    @pytest.fixture(autouse=True)
    def _clock(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("CASEWORK_NOW", f"{TODAY}T10:00")

    def engine(self, batch: int) -> ProjectionEngine:
        return ProjectionEngine(self.store, [FrontsProjection()], batch=batch)

    def scenario(self, engine: ProjectionEngine) -> dict[str, Any]:
        init_county(self.store)
        directory = load_directory(self.store)
        self.now = START
        cases = CaseService(self.store, lambda: directory, clock=lambda: self.now)
        leads, apps = SourceService(cases), ApplicationService(cases)
        lead = [leads.register(RegisterSource(actor="tc-004", township="taicheng",
                                              channel=channel, summary=text, reporter="赵某"))
                for channel, text in (("群众举报", "无照经营"), ("巡查发现", "占道堆放"),
                                      ("部门移送", "价格标示不清"))]  # fmt: skip
        asked = [apps.receive(ReceiveApplication(actor="tc-004", township="taicheng",
                                                 matter="CG-XK-001", applicant=who, summary="占道"))
                 for who in ("王某", "李某", "某公司")]  # fmt: skip
        self.catch_up(engine)
        self.now += timedelta(hours=2)
        opening = c.OpenCase(actor="", township="", matter="SC-CF-001", party="某商户", summary="s",
                             violation_date=date(2026, 5, 30))  # fmt: skip
        opened = leads.accept(AcceptSource(actor="tc-001", source=str(lead[0]["source_id"]),
                                           opinion="同意立案", opening=opening))  # fmt: skip
        leads.reject(RejectSource(actor="tc-001", source=str(lead[1]["source_id"]), reason="已清理"))
        ids = [str(a["application_id"]) for a in asked]
        apps.answer(AnswerApplication(actor="tc-004", application=ids[0], answer="correct",
                                      materials=("平面图",)))  # fmt: skip
        self.catch_up(engine)
        self.now += timedelta(days=1)
        apps.answer(AnswerApplication(actor="tc-004", application=ids[0], answer="resubmitted"))
        licence = apps.answer(AnswerApplication(actor="tc-004", application=ids[1], answer="accept"))
        self.catch_up(engine)
        return {"leads": [str(v["source_id"]) for v in lead], "apps": ids,
                "case": opened.case_id, "licence": licence.case_id, "cases": cases}  # fmt: skip

    def catch_up(self, engine: ProjectionEngine) -> None:
        settle(self.store)
        engine.catch_up("fronts")

    def rows(self, engine: ProjectionEngine) -> list[tuple[Any, ...]]:
        with engine.engine.connect() as conn:
            table = engine.tables("fronts")["fronts"]
            return sorted((tuple(r) for r in conn.execute(select(table)).all()), key=repr)

    def read(self, engine: ProjectionEngine, kind: str, **kw: Any) -> list[Any]:
        with engine.engine.connect() as conn:
            return pending(conn, engine.tables("fronts"), kind, **kw)

    def test_waiting_fronts_and_their_cases(self) -> None:
        engine = self.engine(batch=7)
        made = self.scenario(engine)
        leads = self.read(engine, "lead", township="taicheng")
        assert [f.ref for f in leads] == [made["leads"][2]]  # 1 opened, 2 not (不予立案)
        assert leads[0].due == date(2026, 6, 16) and leads[0].overdue(TODAY)  # 15 days
        waiting = self.read(engine, "application")
        assert [f.ref for f in waiting] == [made["apps"][2], made["apps"][0]]  # by due day
        assert waiting[0].overdue(TODAY) and not waiting[0].overdue(date(2026, 6, 8))
        assert waiting[1].due == date(2026, 6, 9)  # 5 working days from the resubmission
        assert self.read(engine, "lead", township="gengzhen") == []
        with engine.engine.connect() as conn:
            table = engine.tables("fronts")["fronts"]
            linked = dict(conn.execute(select(table.c.ref, table.c.case_id)).all())
            texts = " ".join(str(v) for row in conn.execute(select(table)).all() for v in row)
        assert linked[made["leads"][0]] == made["case"]
        assert linked[made["apps"][1]] == made["licence"]
        assert "赵某" not in texts  # 举报人保密: the reporter is never in the read model

    def test_agrees_with_the_streams(self) -> None:
        """The services' own scan of the streams finds the same waiting fronts."""
        engine = self.engine(batch=5)
        made = self.scenario(engine)
        cases = made["cases"]
        scanned_leads = [s.source_id for s in SourceService(cases).pending("taicheng", TODAY)]
        scanned_apps = [a["application_id"] for a in ApplicationService(cases).pending("taicheng", TODAY)]
        assert sorted(f.ref for f in self.read(engine, "lead")) == sorted(scanned_leads)
        assert sorted(f.ref for f in self.read(engine, "application")) == sorted(scanned_apps)

    def test_incremental_equals_rebuild(self) -> None:
        engine = self.engine(batch=3)
        self.scenario(engine)
        incremental = self.rows(engine)
        assert len(incremental) == 6
        rebuilt = self.engine(batch=1000)
        assert rebuilt.rebuild("fronts").generation == 2
        assert self.rows(rebuilt) == incremental

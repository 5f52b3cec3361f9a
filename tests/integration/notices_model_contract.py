"""The notices read model (projections/notices.py, 提醒), on every backend.

The demo county (without its own daily sweeps), then the real sweeps of three days with
the clock at the last: deadline warnings, overdue notices, and the overdue rectifications
(整改超期通知). The model is caught up in small batches between the sweeps, then
compared with a rebuild and with the notice events themselves.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from events import EventStore, NewEvent
from projections.engine import ProjectionEngine
from projections.notices import KINDS, NoticesProjection
from projections.registry import all_projections
from tests.demo_cache import demo
from tests.integration.backends import settle
from workers.oversight import sweep_rectifications
from workflow.reports.notices import sweep_deadlines

DAYS = (date(2026, 11, 20), date(2026, 11, 23), date(2026, 11, 26))


class NoticesModelContract:
    store: EventStore
    url: str

    @pytest.fixture(autouse=True)
    def _demo(self, _store: None, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("CASEWORK_NOW", "2026-11-26T10:00:00")
        self.store.close()
        demo(self.url, seed=7, cases=120, sweeps=False)  # the notice contract's demo
        settle(self.store)

    def swept(self) -> ProjectionEngine:
        """The model caught up 7 events a batch before, between and after the sweeps."""
        sweeper = ProjectionEngine(self.store, all_projections())
        model = ProjectionEngine(self.store, [NoticesProjection()], batch=7)
        model.catch_up("notices")
        for day in DAYS:
            sweep_deadlines(self.store, sweeper, day)
            sweep_rectifications(self.store, sweeper, day)
            settle(self.store)
            model.catch_up("notices")
        return model

    def rows(self, engine: ProjectionEngine) -> list[dict[str, Any]]:
        table = engine.tables("notices")["notices"]
        with engine.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(table).order_by(table.c.position))]

    def test_one_row_per_notice_as_issued(self) -> None:
        rows = self.rows(self.swept())
        issued = [e for e in self.store.iter_all() if e.type in KINDS]
        assert [r["position"] for r in rows] == [e.position for e in issued]
        kinds = {r["kind"] for r in rows}
        assert {"warning", "overdue", "rectification"} <= kinds, kinds  # (limitation: tests/web)
        for row, event in zip(rows, issued, strict=True):
            d = event.data
            assert row["kind"] == KINDS[event.type] and row["township"] == d["township"]
            assert row["issued_on"].isoformat() == d["issued_on"]
            if "case_id" in d:
                assert (row["case_id"], row["number"], row["statute"]) == (d["case_id"], d["number"], d["statute"])
                assert row["officers"] == d["officers"]  # (none yet: a case not dispatched)
            if "due" in d:
                assert row["due"].isoformat() == d["due"]
            if event.type == "OverdueNoticeIssued":
                assert row["days_over"] == d["days_over"] > 0 and row["days_left"] is None
            if event.type == "DeadlineWarningIssued":
                assert (row["days_left"], row["working_days_left"]) == (d["days_left"], d["working_days_left"])
        assert {r["issued_on"] for r in rows} <= set(DAYS)

    def test_incremental_equals_rebuild(self) -> None:
        model = self.swept()
        incremental = self.rows(model)
        assert len(incremental) > 10
        rebuilt = ProjectionEngine(self.store, [NoticesProjection()], batch=1000)
        before = rebuilt.state("notices")
        assert before is not None
        assert rebuilt.rebuild("notices").generation == before.generation + 1
        assert self.rows(rebuilt) == incremental

    def test_a_poisoned_notice_is_quarantined_and_the_rest_kept(self) -> None:
        """A notice the model cannot write (no statute; an unreadable due day) is set aside
        in its batch, as for every model; the others of the batch are written, and a
        rebuild sets aside the same events."""
        model = ProjectionEngine(self.store, [NoticesProjection()], batch=3)
        model.catch_up("notices")
        good = {"case_id": "c-x", "number": "台城镇〔2026〕x号", "township": "taicheng",
                "deadline": "decision", "due": "2026-12-01", "statute": "处罚法 60",
                "days_left": 3, "working_days_left": 2, "officers": ["tc-004"],
                "issued_on": "2026-11-26"}  # fmt: skip
        bad = [{k: v for k, v in good.items() if k != "statute"}, {**good, "due": "12/01"}]
        for i, data in enumerate([good, bad[0], good, bad[1], good]):
            self.store.append(f"notice-poison-{i}", [NewEvent("DeadlineWarningIssued", data)])
        settle(self.store)
        poisoned = [e.position for e in self.store.iter_all() if e.stream_id in
                    ("notice-poison-1", "notice-poison-3")]  # fmt: skip
        kept = [e.position for e in self.store.iter_all()
                if e.stream_id in ("notice-poison-0", "notice-poison-2", "notice-poison-4")]
        model.catch_up("notices")
        assert sorted(q.position for q in model.quarantined("notices")) == poisoned
        rows = {r["position"] for r in self.rows(model)}
        assert set(kept) <= rows and not set(poisoned) & rows
        before = self.rows(model)
        model.rebuild("notices")
        assert sorted(q.position for q in model.quarantined("notices")) == poisoned
        assert self.rows(model) == before

    @pytest.mark.parametrize("processes", [2, 3])
    def test_a_parallel_rebuild_writes_what_one_pass_writes(self, processes: int) -> None:
        """Every model rebuilt in groups (forked processes; SQLite: scratch files copied
        in) writes the notices, and every other model's rows, as one pass in place."""
        self.swept()

        def contents(engine: ProjectionEngine) -> dict[str, Any]:
            with self.store.engine.connect() as conn:
                return {
                    p.name: sorted(repr(tuple(r)) for t in engine.tables(p.name).values()
                                    for r in conn.execute(select(t)))
                    for p in all_projections()
                }  # fmt: skip

        one = ProjectionEngine(self.store, all_projections())
        one.parallel_from = 10**9
        one.rebuild_many([p.name for p in all_projections()])
        expected = contents(one)
        assert len(expected["notices"]) > 10
        many = ProjectionEngine(self.store, all_projections())
        many.parallel_from, many.processes = 0, processes
        assert threading.active_count() == 1  # else nothing is forked
        many.rebuild_many([p.name for p in all_projections()])
        assert contents(many) == expected
        assert many.quarantines == 0

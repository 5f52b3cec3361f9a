"""Folding the cases of a list page (workflow.cases.next_steps) on SQLite and PostgreSQL:
the fold equals the case loaded alone; with the process's folded cases only what was
recorded since is read and folded (also what another writer appended); streams are read
a chunk at a time; a closed case and a stream that does not exist get no next step. Rows
the read model has not caught up with (an event recorded after they were read) take the
folded state, so 状态 and 下一步 agree."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from events import EventStore
from projections.cases import CasesProjection
from projections.engine import ProjectionEngine
from projections.queries_cases import case_list
from tests.integration.backends import PostgresBackend, SQLiteBackend, settle
from tests.unit.case_fakes import PARTY
from workflow.cases import commands as c
from workflow.cases import next_steps as ns
from workflow.cases.folded import FoldedCases
from workflow.cases.numbering import parse_case_ref
from workflow.cases.service import CaseService
from workflow.cases.waiting import waiting_for
from workflow.organisation.service import init_county
from workflow.organisation.snapshot import load_directory

TODAY = date(2026, 6, 2)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def stream(case: str) -> str:
    return parse_case_ref(case).stream_id


def row(case: str, state: str = "dispatched") -> dict[str, Any]:
    return {"case_id": case, "state": state}


class NextStepsContract:
    store: EventStore
    clock: Clock

    def service(self) -> CaseService:
        init_county(self.store)
        directory = load_directory(self.store)
        self.clock = Clock()
        return CaseService(self.store, lambda: directory, clock=self.clock)

    def opened(self, service: CaseService) -> str:
        case = service.execute(c.OpenCase(actor="tc-006", township="taicheng",
                                          matter="SC-CF-001", party="王小明", summary="s", **PARTY))  # fmt: skip
        service.execute(c.DispatchCase(actor="tc-001", case=case.case_id,
                                       officers=("tc-004", "tc-005")))  # fmt: skip
        return case.case_id

    def test_the_fold_is_the_case_and_reads_in_chunks(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        service = self.service()
        cases = [self.opened(service) for _ in range(5)]
        service.execute(c.RecordEvidence(actor="tc-004", case=cases[0], kind="书证", text="照片"))
        reads: list[int] = []
        read_streams = self.store.read_streams

        def counted(after: dict[str, int]) -> Any:
            reads.append(len(after))
            return read_streams(after)

        monkeypatch.setattr(self.store, "read_streams", counted)  # a spy: the real store reads
        monkeypatch.setattr(ns, "CHUNK", 2)
        folded = ns.fold_cases(self.store, [stream(x) for x in cases] + ["case-taicheng-P-2026-99"])
        assert reads == [2, 2, 2]
        assert set(folded) == {stream(x) for x in cases}
        for case in cases:
            alone = service.load(case)
            assert folded[stream(case)] == alone
        assert folded[stream(cases[0])].evidence == 1

    def test_kept_folds_read_only_what_is_new(self) -> None:
        service = self.service()
        first, second = self.opened(service), self.opened(service)
        kept = FoldedCases()
        names = {"tc-004": "甲", "tc-005": "乙"}.get
        rows = [row(first), row(second), row("taicheng-P-2026-77", "closed")]
        steps = ns.next_steps(self.store, rows, TODAY, lambda o: names(o) or o, kept)
        assert set(steps) == {first, second}  # the closed row is not folded (nor asked)
        assert steps[first] == {**waiting_for(service.load(first), TODAY), "who": "甲、乙"}
        assert kept.get(stream(first)).case.version == 2  # type: ignore[union-attr]
        other = CaseService(self.store, lambda: load_directory(self.store), clock=self.clock)
        other.execute(c.RecordEvidence(actor="tc-004", case=first, kind="书证", text="照片"))
        other.execute(c.NotifyPenalty(actor="tc-004", case=first, amount=500, basis="第十三条",
                                      circumstance="一般"))  # fmt: skip
        again = ns.next_steps(self.store, rows, TODAY, lambda o: names(o) or o, kept)
        assert (
            again[first]["act"] == "当事人陈述、申辩或申请听证" and again[first]["who"] == "当事人"
        )
        assert kept.get(stream(first)).case.version == 4  # type: ignore[union-attr]
        assert again[second] == steps[second]
        for step in again.values():
            assert "王小明" not in str(step) and PARTY["party_id_number"] not in str(step)

    def test_a_row_behind_the_events_shows_the_folded_state(self) -> None:
        """The read model read, then a dispatch, a notice and a close recorded (no read model
        runs on this store), then the fold: each row says what the events say, and its
        下一步 with it (none once closed); the rest of the row is the read model's."""
        service = self.service()

        def opened_only() -> str:
            return service.execute(c.OpenCase(actor="tc-006", township="taicheng",
                                              matter="SC-CF-001", party="王小明",
                                              summary="s")).case_id  # fmt: skip

        waiting, notified, dropped = opened_only(), self.opened(service), opened_only()
        engine = ProjectionEngine(self.store, [CasesProjection()])
        rows = self.read_rows(engine)
        before = {r["case_id"]: r["state"] for r in rows}
        assert before == {waiting: "opened", notified: "dispatched", dropped: "opened"}
        service.execute(c.DispatchCase(actor="tc-001", case=waiting,
                                       officers=("tc-004", "tc-005")))  # fmt: skip
        service.execute(c.RecordEvidence(actor="tc-004", case=notified, kind="书证", text="照片"))
        service.execute(c.NotifyPenalty(actor="tc-004", case=notified, amount=500,
                                        basis="第十三条", circumstance="一般"))  # fmt: skip
        service.execute(c.CloseCase(actor="tc-001", case=dropped, outcome="dropped",
                                    reason="违法事实不能成立"))  # fmt: skip
        settle(self.store)
        names = {"tc-004": "甲", "tc-005": "乙"}.get
        listed = ns.with_next(self.store, rows, TODAY, lambda o: names(o) or o)
        assert [r["case_id"] for r in listed] == [r["case_id"] for r in rows]  # in their order
        shown = {r["case_id"]: r for r in listed}
        assert (shown[waiting]["state"], shown[waiting]["state_zh"]) == ("dispatched", "调查中")
        assert shown[waiting]["next"]["who"] == "甲、乙"
        assert shown[notified]["state"] == "penalty_notified"
        assert shown[notified]["next"]["act"] == "当事人陈述、申辩或申请听证"
        assert shown[dropped]["state"] == "closed" and shown[dropped]["next"] is None
        for row in rows:
            rest = {k: v for k, v in shown[row["case_id"]].items() if k != "next"}
            assert rest == {**row, "state": rest["state"], "state_zh": rest["state_zh"]}
        caught = {r["case_id"]: r["state"] for r in self.read_rows(engine)}
        assert caught == {k: r["state"] for k, r in shown.items()}  # what the model then says

    def read_rows(self, engine: ProjectionEngine) -> list[dict[str, Any]]:
        """The case list as the read model has it, caught up now."""
        engine.catch_up("cases")
        with engine.engine.connect() as conn:
            return case_list(conn, engine.tables("cases"), TODAY)


class TestNextStepsSQLite(SQLiteBackend, NextStepsContract):
    pass


@pytest.mark.postgres
class TestNextStepsPostgres(PostgresBackend, NextStepsContract):
    pass

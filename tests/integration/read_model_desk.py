"""A case desk for the read-model scenario: real case commands at chosen local days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from events import EventStore
from workflow.cases import commands as c
from workflow.cases.service import CaseService
from workflow.organisation.snapshot import load_directory

OFFICERS = ("tc-004", "tc-006")


class Desk:
    """Case commands at a chosen local day and hour (the service's clock)."""

    def __init__(self, store: EventStore) -> None:
        self.now = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)
        self.service = CaseService(store, lambda: load_directory(store), clock=lambda: self.now)

    def on(self, day: date, hour: int = 9) -> Desk:
        self.now = datetime(day.year, day.month, day.day, hour - 8, 0, tzinfo=UTC)
        return self

    def do(self, command: Any) -> str:
        self.now += timedelta(minutes=1)
        return str(self.service.execute(command).case_id)

    def open(self) -> str:
        case = self.do(c.OpenCase(actor="tc-006", township="taicheng", matter="SC-CF-001",
                                  party="张三", summary="无照经营",
                                  party_id_number="140922198503120018", party_address="台城镇"))  # fmt: skip
        self.do(c.DispatchCase(actor="tc-001", case=case, officers=OFFICERS))
        return case

    def decide(self, case: str, verdict: str) -> None:
        self.do(c.RecordEvidence(actor="tc-004", case=case, kind="照片", text="现场"))
        self.do(c.NotifyPenalty(actor="tc-004", case=case, amount=500, basis="第X条",
                                circumstance="一般"))  # fmt: skip
        self.do(c.WaiveDefence(actor="tc-004", case=case))
        self.do(c.DecidePenalty(actor="tc-001", case=case, amount=500, basis="第X条"))
        self.do(c.CloseCase(actor="tc-004", case=case, outcome="executed"))
        self.do(c.ReviewCase(actor="sv-001", case=case, verdict=verdict, findings="评查意见"))

"""A case desk for the document, service and execution tests: real commands, a moving clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from events import EventStore
from workflow.cases import commands as c
from workflow.cases.service import CaseService
from workflow.documents.kinds import DocumentKind
from workflow.documents.numbering import DocumentSequence
from workflow.documents.service import DocumentService
from workflow.execution.closing import guard
from workflow.execution.service import ExecutionService
from workflow.organisation.snapshot import load_directory

OFFICERS = ("tc-004", "tc-005")
BASIS = "《无证无照经营查处办法》第十三条"
ID_NUMBER = "140922198503120018"  # fictional; passes the GB 11643 checksum
USCC = "91140922MA0K123454"  # fictional 统一社会信用代码 (GB 32100 checksum)


class Desk:
    """Case and document services sharing one clock that moves a minute per command."""

    def __init__(self, store: EventStore, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 6, 1, 1, 0, tzinfo=UTC)
        self.store = store
        directory = load_directory(store)
        self.documents = DocumentService(store, lambda: directory, clock=self.tick)
        self.execution = ExecutionService(store, lambda: directory, clock=self.tick)
        self.cases = CaseService(
            store, lambda: directory, clock=self.tick, close_guard=guard(self.execution)
        )

    def written(self, case: str) -> tuple[int, ...]:
        """The versions of every stream a case command may write: case, execution, documents."""
        streams = [f"case-{case}", f"execution-{case}"]
        streams += [DocumentSequence("taicheng", k, y).stream_id for k in DocumentKind
                    for y in (2026, 2027)]  # fmt: skip
        return tuple(self.store.stream_version(s) for s in streams)

    def jump(self, days: int) -> None:
        """Move the clock on by whole days."""
        self.now += timedelta(days=days)

    def tick(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now

    def do(self, command: Any) -> str:
        return str(self.cases.execute(command).case_id)

    def opened(self, party: str = "张三", organisation: bool = False) -> str:
        return self.do(
            c.OpenCase(actor="tc-006", township="taicheng", matter="SC-CF-001", party=party,
                       summary="无照经营", party_id_number=USCC if organisation else ID_NUMBER,
                       party_kind="organisation" if organisation else None,
                       party_address="五台县台城镇大街8号")
        )  # fmt: skip

    def notified(self, party: str = "张三", amount: float = 500, organisation: bool = False) -> str:
        case = self.opened(party, organisation)
        self.do(c.DispatchCase(actor="tc-001", case=case, officers=OFFICERS))
        self.do(c.RecordEvidence(actor="tc-004", case=case, kind="照片", text="现场照片3张"))
        self.do(c.NotifyPenalty(actor="tc-004", case=case, amount=amount, basis=BASIS, circumstance="一般",
                                facts=f"{party}在台城镇大街开设商店，未取得营业执照从事经营活动"))  # fmt: skip
        return case

    def decided(self, party: str = "张三", amount: float = 500, organisation: bool = False) -> str:
        case = self.notified(party, amount, organisation)
        self.do(c.WaiveDefence(actor="tc-004", case=case))
        self.do(c.DecidePenalty(actor="tc-001", case=case, amount=amount, basis=BASIS))
        return case

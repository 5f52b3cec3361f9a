"""What every execution command shares (执行命令的共同部分): load the case, its documents
and its execution stream; append to `execution-<case id>` at the version it read.

A refused command raises and appends nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from events import EventStore, RecordedEvent
from workflow.cases.numbering import needs_directory
from workflow.clock import local_day
from workflow.clock import now as clock_now
from workflow.documents.content import fold
from workflow.documents.rules import authorise
from workflow.documents.service import DocumentService, Issued
from workflow.errors import NotFound
from workflow.execution.state import Execution, replay
from workflow.messages import from_recorded, to_new_event

MANAGING = {"leader", "deputy"}


@dataclass
class Loaded:
    """A case as execution needs it: its records, facts, documents and execution state."""

    case_id: str
    records: list[RecordedEvent]
    facts: dict[str, Any]
    documents: list[Issued]
    execution: Execution
    person: Any

    @property
    def stream_id(self) -> str:
        return f"execution-{self.case_id}"

    @property
    def fine(self) -> float:
        decision = self.facts.get("decision")
        return float(decision["fine"]) if decision else 0.0

    def document(self, number: str) -> Issued:
        found = next((d for d in self.documents if d.event.number == number), None)
        if found is None:
            raise NotFound(f"本案没有文书 {number}", f"no document {number} in this case")
        return found


class ExecutionBase:
    """The store, the directory and the clock; loading a case and appending to its stream."""

    def __init__(
        self,
        store: EventStore,
        directory: Callable[[], Any],
        *,
        clock: Callable[[], datetime] = clock_now,
    ) -> None:
        self.store = store
        self.directory = directory
        self.clock = clock
        self.documents = DocumentService(store, directory, clock=clock)

    def load(self, case_ref: str, actor: str | None = None) -> Loaded:
        """The case's records, facts, documents and execution state (authorised if `actor`)."""
        lookup = actor is not None or needs_directory(case_ref)  # a case id to show: not loaded
        directory = self.directory() if lookup else None
        stream_id, records = self.documents._case(case_ref, directory)
        opened = records[0].data
        person = None
        if actor is not None and directory is not None:
            person = authorise(directory.person(actor), actor, opened["township"], records)
        facts = fold([(r.type, r.data) for r in records])
        execution = replay([from_recorded(r) for r in self.store.read_stream(
            f"execution-{opened['case_id']}")])  # fmt: skip
        return Loaded(opened["case_id"], records, facts, self.documents.of_case(case_ref),
                      execution, person)  # fmt: skip

    def today(self) -> date:
        return local_day(self.clock())

    def _append(self, loaded: Loaded, event: Any, command_id: str | None = None) -> Any:
        self.store.append(loaded.stream_id, [to_new_event(event)],
                          expected_version=loaded.execution.version, command_id=command_id,
                          metadata=self.meta(loaded))  # fmt: skip
        loaded.execution.apply(event)
        return event

    def _at(self) -> str:
        return self.clock().isoformat()

    def role(self, x: Loaded) -> str:
        """The acting officer's role, as its string value."""
        return str(getattr(x.person.role, "value", x.person.role))

    def meta(self, x: Loaded) -> dict[str, str]:
        """The append's metadata: who acted, in which role."""
        return {"actor": x.person.id, "role": self.role(x)}

"""Publishing and withdrawing decisions (执法公示服务), in the stream `publicity-<township>`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from events import ConcurrencyError, EventStore
from workflow import calendar
from workflow.cases.rules import violation
from workflow.clock import local_day, parse_time
from workflow.clock import now as clock_now
from workflow.execution.service import ExecutionService, Loaded
from workflow.messages import from_recorded, to_new_event
from workflow.procedure import procedure
from workflow.publicity.events import DecisionPublished, PublicationWithdrawn
from workflow.publicity.masking import public_name, scrub

STATUTE = "《行政处罚法》第四十八条"


@dataclass(frozen=True)
class Publication:
    """A published decision and, if withdrawn, its withdrawal."""

    published: DecisionPublished
    withdrawn: PublicationWithdrawn | None = None


class PublicityService:
    """Records publications and withdrawals; lists them for the public site."""

    def __init__(
        self, store: EventStore, directory: Callable[[], Any], *,
        clock: Callable[[], datetime] = clock_now,
    ) -> None:  # fmt: skip
        self.store = store
        self.directory = directory
        self.clock = clock
        self.execution = ExecutionService(store, directory, clock=clock)

    def publish(self, case: str, actor: str) -> DecisionPublished:
        """公示 a decision of the case (the kinds the county file names), once."""
        x = self.execution.load(case, actor)
        kinds = procedure().publish_kinds
        doc = next((d for d in x.documents if d.event.kind in kinds), None)
        if doc is None or x.facts.get("decision") is None:
            raise violation("publish-no-decision", STATUTE, "本案没有需公示的处罚决定书",
                            f"the case has no decision document of a published kind {kinds}")  # fmt: skip
        township = x.records[0].data["township"]
        if self._find(township, x.case_id) is not None:
            raise violation("published-twice", STATUTE, f"{doc.event.number} 已公示",
                            f"{doc.event.number} is already published")  # fmt: skip
        today = local_day(self.clock())
        decided = local_day(parse_time(doc.event.at))
        due = calendar.add_working_days(decided, procedure().publish_working_days)
        event = DecisionPublished(
            **public_facts(x), document=doc.event.number, organ=doc.event.organ,
            decided_on=decided.isoformat(), published_on=today.isoformat(),
            at=self.clock().isoformat(), late=today > due,
        )  # fmt: skip
        self._append(township, event, actor)
        return event

    def withdraw(self, case: str, reason: str, actor: str) -> PublicationWithdrawn:
        """撤回公示 within 3 days of the decision being revoked or changed (art 48)."""
        x = self.execution.load(case, actor)
        township = x.records[0].data["township"]
        found = self._find(township, x.case_id)
        if found is None or found.withdrawn is not None:
            raise violation("withdraw-unpublished", STATUTE, "本案决定未公示或已撤回",
                            "the decision is not published, or already withdrawn")  # fmt: skip
        decided = [
            r for r in x.execution.remedies if r.get("outcome") in ("撤销", "变更", "确认违法")
        ]
        if not decided or not reason.strip():
            raise violation("withdraw-needs-outcome", STATUTE,
                            "只有决定被变更、撤销或确认违法后才撤回公示，并须说明理由",
                            "withdraw only after the decision was revoked or changed, with the reason")  # fmt: skip
        today = local_day(self.clock())
        ruled = date.fromisoformat(decided[-1]["decided_on"])
        late = today > ruled + timedelta(days=procedure().withdraw_days)
        event = PublicationWithdrawn(x.case_id, found.published.document, reason.strip(),
                                     today.isoformat(), self.clock().isoformat(), late)  # fmt: skip
        self._append(township, event, actor)
        return event

    def publications(self, township: str) -> list[Publication]:
        """The township's publications in the order published, each with its withdrawal."""
        found: dict[str, Publication] = {}
        for record in self.store.read_stream(f"publicity-{township}"):
            event = from_recorded(record)
            if isinstance(event, DecisionPublished):
                found[event.case_id] = Publication(event)
            elif event.case_id in found:
                found[event.case_id] = Publication(found[event.case_id].published, event)
        return list(found.values())

    def _find(self, township: str, case_id: str) -> Publication | None:
        return next(
            (p for p in self.publications(township) if p.published.case_id == case_id), None
        )

    def _append(self, township: str, event: Any, actor: str) -> None:
        stream = f"publicity-{township}"
        for _ in range(100):
            try:
                self.store.append(stream, [to_new_event(event)],
                                  expected_version=self.store.stream_version(stream),
                                  metadata={"actor": actor})  # fmt: skip
                return
            except ConcurrencyError:
                continue
        raise ConcurrencyError(stream, 0, -1)


def public_facts(x: Loaded) -> dict[str, Any]:
    """The case's facts as the public may read them (masked, numbers scrubbed)."""
    case = x.facts["case"]
    decision = x.facts["decision"]
    kind = case["party_type"]
    name = public_name(case["party"], kind)
    facts = (x.facts.get("notice") or {}).get("facts") or case["summary"]
    if kind != "organisation":
        facts = facts.replace(case["party"], name)
    return {
        "case_id": x.case_id,
        "township": case["township"],
        "township_name": case["township_name"],
        "party": name,
        "matter": case["matter"],
        "facts": scrub(facts, case["party_address"], case["party_id"]),
        "basis": decision["basis"],
        "sanctions": decision["sanctions"],
    }

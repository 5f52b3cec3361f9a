"""Supervisors are told when a read model quarantines an event (隔离通知, issue 13 §1).

The projection engine sets aside an event it cannot project (`projections.quarantine`)
and goes on; `casework status` lists it. This module raises the notice: one
`QuarantineNoticeIssued` per quarantined event, addressed to the county's supervisors,
each in a stream of its own so it is issued exactly once however often the sweep runs
(the periodic catch-up sweep and the daily sweep both call `notify_quarantined`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from events import ConcurrencyError, EventStore
from workflow.limits import DEFAULT
from workflow.messages import domain_event, to_new_event

if TYPE_CHECKING:
    from projections.engine import ProjectionEngine

SYSTEM = {"actor": "scheduler", "role": "system", "channel": "system"}  # channel: workflow/origin.py
SUPERVISORS = "supervisor"


@domain_event
@dataclass(frozen=True)
class QuarantineNoticeIssued:
    """读模型隔离通知: a read model set an event aside; supervisors are told, once."""

    projection: str
    generation: int
    position: int
    stream_id: str
    event_type: str
    error: str
    addressed_to: str
    issued_on: str


def notice_stream(projection: str, generation: int, position: int) -> str:
    return f"notice-quarantine-{projection}-{generation}-{position}"


def _plain(text: str) -> str:
    """One line within the default text limit: the error and ids come from data."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]", " ", text)[:DEFAULT]


def notify_quarantined(store: EventStore, engine: ProjectionEngine, today: date) -> int:
    """Issue the notice of every quarantined event not noticed yet; returns how many now."""
    issued = 0
    for name in engine.projections:
        for q in engine.quarantined(name):
            event = QuarantineNoticeIssued(
                q.name, q.generation, q.position, _plain(q.stream_id), _plain(q.event_type),
                _plain(q.error), SUPERVISORS, today.isoformat(),
            )  # fmt: skip
            stream = notice_stream(q.name, q.generation, q.position)
            try:
                store.append(stream, [to_new_event(event)], expected_version=0, metadata=SYSTEM)
            except ConcurrencyError:
                continue  # already out
            issued += 1
    return issued

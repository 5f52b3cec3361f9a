"""Who holds a case (办案人员) as its events say: a dispatch or a reassignment names the
officers (处罚法 art. 42), a granted 回避 takes one out (art. 43). Read models, documents
and reports fold the same three events the case aggregate does (cases/case.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

OFFICER_EVENTS = frozenset({"CaseDispatched", "CaseReassigned", "RecusalDecided"})


def officers_after(officers: list[str], event_type: str, data: Mapping[str, Any]) -> list[str]:
    """The case's officers after one event (unchanged by any other event)."""
    if event_type in ("CaseDispatched", "CaseReassigned"):
        return list(dict.fromkeys(data["officers"]))
    if event_type == "RecusalDecided" and data.get("granted", True):
        return [o for o in officers if o != data["officer"]]
    return officers


def current_officers(events: Iterable[tuple[str, Mapping[str, Any]]]) -> list[str]:
    """The officers holding the case after its events (type, data), in order."""
    officers: list[str] = []
    for event_type, data in events:
        officers = officers_after(officers, event_type, data)
    return officers

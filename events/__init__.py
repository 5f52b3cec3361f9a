"""The event store (事件库): append-only, hash-chained, gap-safe, on SQLite and PostgreSQL.

Public API (the rest of casework uses only this):

    from events import open_store, NewEvent, ConcurrencyError
    store = open_store("sqlite:///casework.db")
    store.append("case-1", [NewEvent("CaseOpened", {...})], expected_version=0)
    store.read_stream("case-1")            # -> list[RecordedEvent]
    store.read_all(after=0, limit=1000)    # -> list[RecordedEvent] in position order
    store.head()                           # highest position safe to read
    store.verify()                         # -> VerifyReport
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# Names are imported on first use (PEP 562), so importing `events.errors` or
# `events.model` does not load SQLAlchemy: `casework --help` starts without it.
_WHERE = {
    "open_store": "events.connect",
    "ConcurrencyError": "events.errors",
    "EventStoreError": "events.errors",
    "InvalidAppend": "events.errors",
    "StoreUnavailable": "events.errors",
    "UnknownBackend": "events.errors",
    "AppendResult": "events.model",
    "Blocker": "events.model",
    "Breakage": "events.model",
    "NewEvent": "events.model",
    "RecordedEvent": "events.model",
    "StoreStatus": "events.model",
    "VerifyReport": "events.model",
    "EventStore": "events.store",
    "Upcasters": "events.upcasting",
}

if TYPE_CHECKING:
    from events.connect import open_store
    from events.errors import (
        ConcurrencyError,
        EventStoreError,
        InvalidAppend,
        StoreUnavailable,
        UnknownBackend,
    )
    from events.model import (
        AppendResult,
        Blocker,
        Breakage,
        NewEvent,
        RecordedEvent,
        StoreStatus,
        VerifyReport,
    )
    from events.store import EventStore
    from events.upcasting import Upcasters


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'events' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "AppendResult",
    "Blocker",
    "Breakage",
    "ConcurrencyError",
    "EventStore",
    "EventStoreError",
    "InvalidAppend",
    "NewEvent",
    "RecordedEvent",
    "StoreStatus",
    "StoreUnavailable",
    "UnknownBackend",
    "Upcasters",
    "VerifyReport",
    "open_store",
]

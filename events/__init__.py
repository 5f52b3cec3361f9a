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

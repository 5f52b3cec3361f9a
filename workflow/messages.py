"""Domain events as registered frozen dataclasses, and their conversion to store records.

Every domain event class is decorated with `@domain_event`; its class name (past tense,
e.g. `CaseDispatched`) is its stored `event_type`. Fields must be JSON-friendly
(str, int, float, bool, None, lists, dicts); dates and times are ISO strings.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from events import NewEvent, RecordedEvent

T = TypeVar("T")

REGISTRY: dict[str, type[Any]] = {}


def domain_event(cls: type[T]) -> type[T]:
    """Register a frozen dataclass as a domain event type under its class name."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls.__name__} must be a dataclass")
    name = cls.__name__
    if name in REGISTRY and REGISTRY[name] is not cls:
        raise TypeError(f"event type {name} registered twice")
    REGISTRY[name] = cls
    return cls


def to_new_event(event: Any, metadata: dict[str, Any] | None = None) -> NewEvent:
    """The store record for a domain event."""
    return NewEvent(type(event).__name__, dataclasses.asdict(event), metadata=metadata or {})


def from_recorded(record: RecordedEvent) -> Any:
    """The domain event for a stored record (already upcast by the store)."""
    cls = REGISTRY.get(record.type)
    if cls is None:
        raise KeyError(f"unknown event type {record.type!r}")
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in record.data.items() if k in names})

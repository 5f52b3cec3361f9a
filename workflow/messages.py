"""Domain events as registered frozen dataclasses, and their conversion to store records.

Every domain event class is decorated with `@domain_event`; its class name (past tense,
e.g. `CaseDispatched`) is its stored `event_type`. Fields must be JSON-friendly
(str, int, float, bool, None, lists, dicts); dates and times are ISO strings.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from events import NewEvent, RecordedEvent, Upcasters

T = TypeVar("T")

REGISTRY: dict[str, type[Any]] = {}
UPCASTERS = Upcasters()
"""Schema steps of domain events (registered by each context's `upcasters` module)."""


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
    version = getattr(type(event), "SCHEMA_VERSION", 1)
    return NewEvent(
        type(event).__name__, dataclasses.asdict(event), version, metadata=metadata or {}
    )


def from_recorded(record: RecordedEvent) -> Any:
    """The domain event for a stored record (already upcast by the store)."""
    cls = REGISTRY.get(record.type)
    if cls is None:
        raise KeyError(f"unknown event type {record.type!r}")
    data = record.data
    if record.schema_version < getattr(cls, "SCHEMA_VERSION", 1):  # a store opened bare
        data = UPCASTERS.upcast(record.type, record.schema_version, dict(data))[1]
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})

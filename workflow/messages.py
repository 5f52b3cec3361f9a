"""Domain events as registered frozen dataclasses, and their conversion to store records.

Every domain event class is decorated with `@domain_event`; its class name (past tense,
e.g. `CaseDispatched`) is its stored `event_type`. Fields must be JSON-friendly
(str, int, float, bool, None, lists, dicts); dates and times are ISO strings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from events import NewEvent, RecordedEvent, Upcasters
from workflow.errors import CaseworkError
from workflow.limits import check_event

T = TypeVar("T")

REGISTRY: dict[str, type[Any]] = {}
load_event_types: Callable[[], None] | None = None
"""Set by the composition root: imports every module declaring domain events; called
once, when `from_recorded` meets a type no imported module has registered yet."""
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
    """The store record for a domain event; refuses text over its limit (workflow.limits)."""
    check_event(event)
    version = getattr(type(event), "SCHEMA_VERSION", 1)
    return NewEvent(
        type(event).__name__, dataclasses.asdict(event), version, metadata=metadata or {}
    )


def from_recorded(record: RecordedEvent) -> Any:
    """The domain event for a stored record (already upcast by the store)."""
    cls = REGISTRY.get(record.type)
    if cls is None and load_event_types is not None:
        load_event_types()
        cls = REGISTRY.get(record.type)
    if cls is None:
        raise KeyError(f"unknown event type {record.type!r}")
    data = record.data
    if record.schema_version < getattr(cls, "SCHEMA_VERSION", 1):  # a store opened bare
        data = UPCASTERS.upcast(record.type, record.schema_version, dict(data))[1]
    names = {f.name for f in dataclasses.fields(cls)}
    try:
        return cls(**{k: v for k, v in data.items() if k in names})
    except TypeError as err:  # a field missing: written by hand or by an old bug
        raise MalformedEvent(record, err) from err


class MalformedEvent(CaseworkError):
    """A stored event that does not match its type's fields (事件格式不符): the store, not
    the input, is wrong (exit 1)."""

    exit_code = 1

    def __init__(self, record: RecordedEvent, err: BaseException) -> None:
        self.position = record.position
        where = f"{record.type} (stream {record.stream_id}, position {record.position})"
        super().__init__(f"事件 {where} 格式不符：{err}", f"event {where} is malformed: {err}")


def fold_readable(apply: Callable[[Any], None], records: Iterable[RecordedEvent]) -> list[str]:
    """Apply every event that can be read; skip (and describe) those that cannot, so a view
    of a stream survives one malformed event. Commands use the strict `from_recorded`."""
    skipped: list[str] = []
    for record in records:
        try:
            apply(from_recorded(record))
        except (LookupError, TypeError, ValueError, AttributeError, MalformedEvent) as err:
            skipped.append(f"position {record.position} {record.type}: {err}")
    return skipped

"""Errors of the event store. Every one is a type the caller can act on."""

from __future__ import annotations


class EventStoreError(Exception):
    """Base of the store's errors."""


class ConcurrencyError(EventStoreError):
    """The stream moved on since it was read (乐观并发冲突): reload and retry."""

    def __init__(self, stream_id: str, expected: int | None, actual: int) -> None:
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"stream {stream_id!r} is at version {actual}, expected {expected}; reload and retry"
        )


class InvalidAppend(EventStoreError, ValueError):
    """The append was refused before anything was written (bad input)."""


class UnknownBackend(EventStoreError, ValueError):
    """The database URL names a backend the store does not support."""


class StoreUnavailable(EventStoreError):
    """The database cannot be opened: no such file or directory, no server, no database."""

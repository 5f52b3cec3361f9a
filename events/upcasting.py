"""Upcasters: old schema versions are brought up to date on read; rows are never rewritten."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


class Upcasters:
    """A registry of `(event type, from schema version) -> function` applied in a chain."""

    def __init__(self) -> None:
        self._steps: dict[tuple[str, int], Upcaster] = {}

    def register(self, event_type: str, from_version: int, fn: Upcaster) -> None:
        """Register fn, which turns data of `from_version` into data of `from_version + 1`."""
        key = (event_type, from_version)
        if key in self._steps:
            raise ValueError(f"upcaster for {event_type} v{from_version} already registered")
        self._steps[key] = fn

    def upcaster(self, event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
        """Decorator form of `register`."""

        def decorate(fn: Upcaster) -> Upcaster:
            self.register(event_type, from_version, fn)
            return fn

        return decorate

    def __bool__(self) -> bool:
        return bool(self._steps)

    def upcast(
        self, event_type: str, version: int, data: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        """Apply every registered step from `version` on; return the final version and data."""
        step = self._steps.get((event_type, version))
        while step is not None:
            data = step(data)
            version += 1
            step = self._steps.get((event_type, version))
        return version, data

"""Appending accountability events: actor metadata, expected versions, numbered streams."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from events import AppendResult, ConcurrencyError, EventStore
from workflow import clock
from workflow.organisation.directory import Person
from workflow.organisation.service import append_at

MAX_PER_YEAR = 100_000


def today(on: date | None) -> date:
    """The business day: `on`, else today in Asia/Shanghai."""
    return on if on is not None else clock.local_day(clock.now())


append = append_at  # at the version the state was read at, saying who acted in which role


def append_numbered(
    store: EventStore,
    stream_for: Callable[[int], str],
    build: Callable[[str], list[Any]],
    actor: Person,
    command_id: str | None,
) -> AppendResult:
    """Create the first free stream n = 1, 2, ... (taken by `expected_version=0`, so two
    racing creators get different numbers and none is skipped)."""
    n = 1
    while n <= MAX_PER_YEAR:
        stream = stream_for(n)
        if store.stream_version(stream) == 0:
            try:
                return append(store, stream, build(stream), 0, actor, command_id)
            except ConcurrencyError:
                pass
        n += 1
    raise ValueError(f"no free number under {stream_for(0)}")


def short_id(stream: str, prefix: str) -> str:
    """`inspection-taicheng-2026-3` -> `taicheng-2026-3`."""
    return stream.removeprefix(prefix)


def stream_of(ref: str, prefix: str) -> str:
    """A stream id from a short id or the stream id itself."""
    text = ref.strip()
    return text if text.startswith(prefix) else prefix + text

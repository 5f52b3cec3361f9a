"""Validating and serialising an append before anything touches the database."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from events.errors import InvalidAppend
from events.hashing import canonical_json, canonical_record, chain_hash, format_time
from events.model import NewEvent
from events.signing import Signer

MAX_STREAM_ID = 200
MAX_TYPE = 200
_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
Prepared = tuple[str, int, str, str]  # event type, schema version, data text, metadata text


@dataclass(frozen=True, slots=True)
class Row:
    """One event prepared for insert: every column but the position."""

    stream_id: str
    version: int
    event_type: str
    schema_version: int
    data: str
    metadata: str
    recorded_at: str
    prev_hash: str
    hash: str
    signature: str = ""

    def values(self) -> tuple[Any, ...]:
        return (self.stream_id, self.version, self.event_type, self.schema_version, self.data,
                self.metadata, self.recorded_at, self.prev_hash, self.hash,
                self.signature)  # fmt: skip


def prepare(
    stream_id: str,
    events: Sequence[NewEvent],
    expected: int | None,
    command_id: str | None,
    metadata: dict[str, Any] | None,
) -> list[Prepared]:
    """Validate an append and serialise its events; raises InvalidAppend (a ValueError)."""
    if not isinstance(stream_id, str) or not stream_id.strip():
        raise InvalidAppend("stream id must be a non-empty string")
    if len(stream_id) > MAX_STREAM_ID:
        raise InvalidAppend(f"stream id longer than {MAX_STREAM_ID} characters")
    if not events:
        raise InvalidAppend("nothing to append: the event list is empty")
    if expected is not None and (not isinstance(expected, int) or expected < 0):
        raise InvalidAppend(f"expected version must be >= 0, got {expected!r}")
    if command_id is not None and not (0 < len(command_id) <= MAX_STREAM_ID):
        raise InvalidAppend("command id must be 1 to 200 characters")
    for what, value in (("stream id", stream_id), ("command id", command_id or "")):
        if _CONTROL.search(value):
            raise InvalidAppend(f"{what} holds a control character (NUL, newline, ...)")
    base = dict(metadata or {})
    if command_id is not None:
        base.setdefault("command_id", command_id)
    return [_serialise(event, base) for event in events]


def _serialise(event: NewEvent, base: dict[str, Any]) -> Prepared:
    if not isinstance(event, NewEvent):
        raise InvalidAppend(f"not a NewEvent: {event!r}")
    if not event.type or len(event.type) > MAX_TYPE:
        raise InvalidAppend("event type must be 1 to 200 characters")
    if not isinstance(event.data, dict):
        raise InvalidAppend(f"{event.type}: data must be a JSON object")
    if event.schema_version < 1:
        raise InvalidAppend(f"{event.type}: schema version must be >= 1")
    try:
        data = canonical_json(event.data)
        meta = (
            canonical_json({**base, **event.metadata}) if event.metadata else canonical_json(base)
        )
    except (TypeError, ValueError) as err:
        raise InvalidAppend(f"{event.type}: data is not JSON-serialisable: {err}") from err
    return event.type, event.schema_version, data, meta


def chain(
    stream_id: str,
    version: int,
    prev: str,
    prepared: list[Prepared],
    moment: datetime,
    signer: Signer | None = None,
) -> list[Row]:
    """The rows of an append, each linked to the one before by its hash and signed."""
    recorded_at = format_time(moment)
    rows = []
    for offset, (event_type, schema_version, data, meta) in enumerate(prepared, start=1):
        v = version + offset
        record = canonical_record(stream_id, v, event_type, schema_version, data, meta, recorded_at)
        digest = chain_hash(prev, record)
        signature = signer.sign(digest) if signer is not None else ""
        rows.append(Row(stream_id, v, event_type, schema_version, data, meta, recorded_at, prev,
                        digest, signature))  # fmt: skip
        prev = digest
    return rows

"""Canonical JSON and the per-stream hash chain (哈希链).

The canonical record is JSON with sorted keys, no whitespace, UTF-8 with Chinese kept
as is, over stream id, version, type, schema version, data, metadata and recorded_at.
`data` and `metadata` are stored as their canonical JSON text, and the record is
assembled from that stored text, so the hash covers exactly the bytes in the table.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def canonical_json(value: Any) -> str:
    """JSON text with sorted keys and no whitespace; raises ValueError/TypeError if impossible."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def format_time(moment: datetime) -> str:
    """A UTC moment as fixed-width text (sorts as it compares)."""
    if moment.tzinfo is None:
        raise ValueError("recorded_at must be timezone-aware")
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


def parse_time(text: str) -> datetime:
    """The UTC moment of a stored time text."""
    return datetime.fromisoformat(text)  # the fixed format ends in "Z": UTC


def canonical_record(
    stream_id: str,
    version: int,
    event_type: str,
    schema_version: int,
    data_text: str,
    metadata_text: str,
    recorded_at: str,
) -> str:
    """The canonical record text, built around the stored JSON texts (keys in sorted order)."""
    return (
        f'{{"data":{data_text},"metadata":{metadata_text},'
        f'"recorded_at":{json.dumps(recorded_at)},"schema_version":{schema_version},'
        f'"stream_id":{json.dumps(stream_id, ensure_ascii=False)},'
        f'"type":{json.dumps(event_type, ensure_ascii=False)},"version":{version}}}'
    )


def chain_hash(prev_hash: str, record: str) -> str:
    """SHA-256 over prev_hash ‖ canonical record, as hex."""
    return hashlib.sha256((prev_hash + record).encode("utf-8")).hexdigest()

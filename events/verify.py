"""Recompute hash chains (验证): every row's hash, every link, every version."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from events.hashing import GENESIS, canonical_record, chain_hash
from events.keys import Keyring
from events.model import Breakage, VerifyReport

MAX_PROBLEMS = 1000


def verify_rows(rows: Iterable[Any], keyring: Keyring | None = None) -> VerifyReport:
    """Check rows ordered by (stream_id, version), columns as `events.store.COLUMNS`;
    with a keyring, also every signature from the position where signing began."""
    problems: list[Breakage] = list(keyring.problems) if keyring else []
    since = keyring.first_position if keyring else None
    checked = streams = unsigned = 0
    stream: str | None = None
    last_version, last_hash = 0, GENESIS
    for row in rows:
        position, stream_id, version = row[0], row[1], row[2]
        if stream_id != stream:
            stream, last_version, last_hash = stream_id, 0, GENESIS
            streams += 1
        checked += 1
        problems.extend(_check(row, last_version, last_hash))
        if keyring is not None and since is not None and position >= since:
            why = keyring.check(position, row[9], row[10])
            if why:
                kind = "unsigned" if not row[10] else "bad-signature"
                problems.append(Breakage(kind, stream_id, version, position, why))
        elif len(row) > 10 and not row[10]:
            unsigned += 1
        if len(problems) >= MAX_PROBLEMS:
            break
        last_version, last_hash = version, row[9]
    return VerifyReport(checked, streams, tuple(problems), unsigned, since)


def _check(row: Any, last_version: int, last_hash: str) -> list[Breakage]:
    position, stream_id, version, event_type, schema_version = (
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
    )
    found: list[Breakage] = []
    if version != last_version + 1:
        missing = (
            f"{last_version + 1}"
            if version == last_version + 2
            else f"{last_version + 1}..{version - 1}"
        )
        found.append(
            Breakage(
                "missing-version",
                stream_id,
                last_version + 1,
                None,
                f"version {missing} missing before version {version} (position {position})",
            )
        )
    elif row[8] != last_hash:
        found.append(
            Breakage(
                "broken-link",
                stream_id,
                version,
                position,
                "prev_hash does not match the previous event's hash",
            )
        )
    record = canonical_record(
        stream_id, version, event_type, schema_version, row[5], row[6], row[7]
    )
    if chain_hash(row[8], record) != row[9]:
        found.append(
            Breakage(
                "hash-mismatch",
                stream_id,
                version,
                position,
                "stored hash does not match the recomputed hash",
            )
        )
    return found

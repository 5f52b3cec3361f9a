"""The store's records: what a caller appends and what a reader gets back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

JSONDict = dict[str, Any]


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event to append: its type, its JSON data, its schema version and extra metadata."""

    type: str
    data: JSONDict
    schema_version: int = 1
    metadata: JSONDict = field(default_factory=dict)


class RecordedEvent(NamedTuple):
    """An event as stored: global position, per-stream version and its link in the hash chain.

    Immutable (a tuple), and five times cheaper to build than a frozen dataclass: replaying
    a million events builds a million of these.
    """

    position: int
    stream_id: str
    version: int
    type: str
    schema_version: int
    data: JSONDict
    metadata: JSONDict
    recorded_at: datetime
    prev_hash: str
    hash: str
    signature: str = ""  # "<key id>:<base64 Ed25519>"; "" before signing began


@dataclass(frozen=True, slots=True)
class AppendResult:
    """What an append wrote: the stream's new version and the global positions taken."""

    stream_id: str
    version: int
    positions: tuple[int, ...]
    duplicate: bool = False

    @property
    def first_position(self) -> int:
        return self.positions[0]

    @property
    def last_position(self) -> int:
        return self.positions[-1]


@dataclass(frozen=True, slots=True)
class Breakage:
    """One place where the log does not match its hash chain."""

    kind: str  # "hash-mismatch" | "broken-link" | "missing-version"
    stream_id: str
    version: int
    position: int | None
    detail: str

    def describe(self) -> str:
        where = f"position {self.position}" if self.position is not None else "no position"
        return f"{self.kind}: stream {self.stream_id!r} version {self.version} ({where}): {self.detail}"


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """The result of recomputing every hash chain."""

    checked: int
    streams: int
    problems: tuple[Breakage, ...] = ()
    unsigned: int = 0  # events from before signing began: reported, not tampering
    signing_since: int | None = None  # the position of the first key event
    checkpoints: int = 0  # signed checkpoints of the global chain, all checked

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_broken(self) -> Breakage | None:
        """The broken event with the lowest position (missing versions last)."""
        if not self.problems:
            return None
        return min(self.problems, key=lambda b: (b.position is None, b.position or 0))


@dataclass(frozen=True, slots=True)
class Blocker:
    """A running append to this log that holds its readers back (PostgreSQL only)."""

    pid: int
    database: str
    xid: str
    seconds: float
    state: str
    query: str


@dataclass(frozen=True, slots=True)
class StoreStatus:
    """Where the log stands: the last position written and the last one safe to read."""

    backend: str
    last_position: int
    head: int
    held_back: int
    blockers: tuple[Blocker, ...] = ()

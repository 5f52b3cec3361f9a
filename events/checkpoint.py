"""The global chain and signed checkpoints (全局链与检查点).

Besides each stream's own chain, the gap-safe prefix of the whole log is folded, in
position order, into one running hash:

    running = SHA-256(running ‖ "<position>:" ‖ event hash)     (starting from 64 zeros)

A checkpoint job (off the write path: writers never wait on it) records, at intervals
and at each month's seal, a `CheckpointRecorded` event in the `checkpoints` stream
with the head position it folded to, the running hash there, the number of events and
the previous checkpoint. Like every event it is signed. `verify` refolds the log and
compares every checkpoint: deleting, inserting or rewriting any event below a
checkpoint, or a whole stream, or a seal, changes the running hash at that checkpoint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from events.hashing import GENESIS
from events.model import Breakage, NewEvent

# The store (events.store.EventStore) calls this module from `verify`: typed loosely
# here so that the two modules do not import each other.
EventStore = Any

CHECKPOINT_STREAM = "checkpoints"
CHECKPOINT_RECORDED = "CheckpointRecorded"


def fold(running: str, position: int, digest: str) -> str:
    """One step of the global chain."""
    return hashlib.sha256(f"{running}{position}:{digest}".encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    """Where the global chain stood: head position, running hash, events folded."""

    head: int
    running_hash: str
    count: int
    previous_head: int
    previous_hash: str

    def event(self, at: str) -> NewEvent:
        return NewEvent(CHECKPOINT_RECORDED, {**self.as_dict(), "at": at})

    def as_dict(self) -> dict[str, Any]:
        return {"head": self.head, "running_hash": self.running_hash, "count": self.count,
                "previous_head": self.previous_head, "previous_hash": self.previous_hash}  # fmt: skip

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Checkpoint:
        return cls(int(data["head"]), str(data["running_hash"]), int(data["count"]),
                   int(data["previous_head"]), str(data["previous_hash"]))  # fmt: skip


GENESIS_CHECKPOINT = Checkpoint(0, GENESIS, 0, 0, GENESIS)


def advance(last: Checkpoint, rows: Iterable[tuple[int, str]]) -> Checkpoint:
    """The next checkpoint: `last` extended by (position, hash) rows after its head."""
    running, count, head = last.running_hash, last.count, last.head
    for position, digest in rows:
        running = fold(running, position, digest.strip())
        count += 1
        head = position
    return Checkpoint(head, running, count, last.head, last.running_hash)


def check_checkpoints(
    checkpoints: list[Checkpoint], rows: Iterator[tuple[int, str]]
) -> list[Breakage]:
    """Refold the log (rows in position order) and compare every recorded checkpoint,
    and that each names the one before it."""
    problems: list[Breakage] = []
    running, count, previous = GENESIS, 0, GENESIS_CHECKPOINT
    pending: tuple[int, str] | None = next(rows, None)
    for index, cp in enumerate(checkpoints, start=1):
        if (cp.previous_head, cp.previous_hash) != (previous.head, previous.running_hash):
            problems.append(_broken(index, cp, f"does not follow checkpoint at head"
                                    f" {previous.head} (names {cp.previous_head})"))  # fmt: skip
        while pending is not None and pending[0] <= cp.head:
            running = fold(running, pending[0], pending[1].strip())
            count += 1
            pending = next(rows, None)
        if running != cp.running_hash or count != cp.count:
            where = f"positions {previous.head + 1}..{cp.head}"
            problems.append(_broken(index, cp, f"the log no longer folds to it: events in {where}"
                                    f" were deleted, inserted or rewritten ({count} events now,"
                                    f" {cp.count} then)"))  # fmt: skip
            running, count = cp.running_hash, cp.count  # judge the next span on its own
        previous = cp
    return problems


def _broken(index: int, cp: Checkpoint, detail: str) -> Breakage:
    return Breakage("checkpoint", CHECKPOINT_STREAM, index, cp.head, f"checkpoint {index} at"
                    f" head {cp.head}: {detail}")  # fmt: skip


def recorded_checkpoints(store: EventStore) -> list[Checkpoint]:
    """The checkpoints in the log, oldest first (a malformed one is a problem for verify)."""
    found = []
    for record in store.read_stream(CHECKPOINT_STREAM):
        try:
            found.append(Checkpoint.from_data(record.data))
        except (KeyError, TypeError, ValueError):
            found.append(Checkpoint(record.position, "malformed", -1, -1, "malformed"))
    return found


def position_rows(store: EventStore, after: int = 0, up_to: int | None = None) -> Iterator[Any]:
    """(position, hash, stream_id) of every stored event after `after`, in position order."""
    p = store.placeholder
    sql = f"SELECT position, hash, stream_id FROM events WHERE position > {p}"
    params: list[Any] = [after]
    if up_to is not None:
        sql += f" AND position <= {p}"
        params.append(up_to)
    with store._reading() as cur:  # noqa: SLF001 - the store's own read cursor
        cur.execute(sql + " ORDER BY position", params)
        while batch := cur.fetchmany(5000):
            yield from batch


def record_checkpoint(
    store: EventStore, at: str, metadata: dict[str, str] | None = None
) -> Checkpoint | None:
    """Fold the gap-safe prefix since the last checkpoint and record the next one; None if
    nothing but checkpoints was written since (or another job recorded it first).
    `metadata`: who records it (actor, role), kept with the event."""
    from events.errors import ConcurrencyError

    existing = recorded_checkpoints(store)
    last = existing[-1] if existing else GENESIS_CHECKPOINT
    head = store.head()
    rows = list(position_rows(store, last.head, head))
    if all(stream == CHECKPOINT_STREAM for _, _, stream in rows):
        return None
    checkpoint = advance(last, ((position, digest) for position, digest, _ in rows))
    try:
        store.append(CHECKPOINT_STREAM, [checkpoint.event(at)], expected_version=len(existing),
                     metadata=metadata)  # fmt: skip
    except ConcurrencyError:
        return None
    return checkpoint


def verify_checkpoints(store: EventStore) -> list[Breakage]:
    """Refold the whole log and compare every checkpoint (see `check_checkpoints`)."""
    rows = ((position, digest) for position, digest, _ in position_rows(store))
    return check_checkpoints(recorded_checkpoints(store), rows)

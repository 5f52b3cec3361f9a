"""The checkpoint job (检查点): fold the log, record a signed checkpoint, witness it.

Run by the scheduler every `CASEWORK_CHECKPOINT_MINUTES` (default 5; nothing is
recorded when nothing but checkpoints was written) and after each month's seal. Off
the write path: commands never wait for it.
"""

from __future__ import annotations

from datetime import datetime

from events import EventStore
from events.checkpoint import Checkpoint, record_checkpoint
from events.hashing import format_time
from workflow.integrity.witness import witness


def checkpoint_now(
    store: EventStore, witness_file: str | None, moment: datetime
) -> Checkpoint | None:
    """Record the next checkpoint (if there were writes) and append it to the witness."""
    at = format_time(moment)
    checkpoint = record_checkpoint(store, at)
    if checkpoint is not None and witness_file:
        witness(witness_file, store.signer, {"kind": "checkpoint", **checkpoint.as_dict(), "at": at})
    return checkpoint


def witness_seal(
    store: EventStore, witness_file: str | None, month: str, root: str, count: int
) -> None:
    """After a month's seal: a checkpoint, and the month's root in the witness."""
    if witness_file:
        witness(witness_file, store.signer,
                {"kind": "seal", "month": month, "root": root, "count": count})  # fmt: skip

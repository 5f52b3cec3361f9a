"""The checkpoint job (检查点): fold the log, record a signed checkpoint, witness it.

Run by the scheduler every `CASEWORK_CHECKPOINT_MINUTES` (default 5; nothing is
recorded when nothing but checkpoints was written) and after each month's seal. Off
the write path: commands never wait for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from events import EventStore
from events.checkpoint import Checkpoint, record_checkpoint
from events.hashing import format_time
from workflow.integrity.witness import witness

Witnesses = str | Sequence[str] | None  # a witness file, several, or none


def _files(witnesses: Witnesses) -> list[str]:
    return [witnesses] if isinstance(witnesses, str) else list(witnesses or [])


def witness_targets(settings: object) -> list[str]:
    """Where each checkpoint and root is written: the witness file (CASEWORK_WITNESS_FILE)
    and, once the public site has been published (CASEWORK_PUBLIC_SITE), its witness.jsonl."""
    from pathlib import Path

    from workflow.integrity.public_witness import NAME

    found = [f for f in [getattr(settings, "witness_file", None)] if f]
    site = getattr(settings, "public_site", None)
    if site and Path(site, NAME).is_file():
        found.append(str(Path(site, NAME)))
    return found


def checkpoint_now(
    store: EventStore, witnesses: Witnesses, moment: datetime, by: dict[str, str] | None = None
) -> Checkpoint | None:
    """Record the next checkpoint (if there were writes) and append it to every witness;
    `by`: who records it (workflow.integrity.operators)."""
    at = format_time(moment)
    checkpoint = record_checkpoint(store, at, by)
    if checkpoint is not None:
        for file in _files(witnesses):
            witness(file, store.signer, {"kind": "checkpoint", **checkpoint.as_dict(), "at": at})
    return checkpoint


def witness_seal(
    store: EventStore, witnesses: Witnesses, month: str, root: str, count: int
) -> None:
    """After a month's seal: a checkpoint, and the month's root in every witness."""
    for file in _files(witnesses):
        witness(file, store.signer,
                {"kind": "seal", "month": month, "root": root, "count": count})  # fmt: skip

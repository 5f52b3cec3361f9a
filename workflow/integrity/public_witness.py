"""The witness on the public site (公示网站上的见证, issue 13 §2).

`casework publish --out DIR` also writes `DIR/witness.jsonl`: the configured witness
file as it stands (its lines were signed when written), or, with none configured, a
line per checkpoint and month seal the log records, signed now with the service's key.
Once published, copies of the site (mirrors, archives, the public's own downloads) are
out of any database superuser's reach: `casework verify --witness DIR/witness.jsonl`
(or `--witness DIR`) compares the log with one of them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from events import EventStore
from events.checkpoint import CHECKPOINT_RECORDED
from workflow.integrity.witness import witness

NAME = "witness.jsonl"


def publish_witness(store: EventStore, out: Path, witness_file: str | None) -> int:
    """Write the site's witness file; returns how many lines it holds."""
    target = out / NAME
    partial = out / f".{NAME}.partial"
    partial.unlink(missing_ok=True)
    if witness_file and Path(witness_file).is_file():
        shutil.copyfile(witness_file, partial)
    else:
        for record in store.iter_all():
            if record.type == CHECKPOINT_RECORDED:
                witness(str(partial), store.signer, {"kind": "checkpoint", **record.data})
            elif record.type == "MonthSealed":
                seal = {k: record.data[k] for k in ("month", "root", "count")}
                witness(str(partial), store.signer, {"kind": "seal", **seal})
    if not partial.exists():
        partial.touch()
    os.replace(partial, target)  # a reader never sees half a file
    return sum(1 for line in target.read_text(encoding="utf-8").splitlines() if line.strip())


def witness_path(given: str) -> str:
    """`--witness` names the file, or a published site's directory holding it."""
    path = Path(given)
    return str(path / NAME) if path.is_dir() else given

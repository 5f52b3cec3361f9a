"""The witness on the public site (公示网站上的见证, issue 13 §2).

`casework publish --out DIR` writes `DIR/witness.jsonl`, a line per checkpoint and month
seal: the configured witness file's lines (signed when written), or, with none configured,
the log's checkpoints and seals signed now with the service's key. Once published,
copies of the site (mirrors, archives, the public's own downloads) are out of any
database superuser's reach: `casework verify --witness DIR` compares the log with one.

The site's witness only grows, like the witness file:

- a publish keeps every line already on the site, byte for byte, and appends only the
  checkpoints and seals not yet there: rebuilding the site from an altered log cannot
  erase what was published before;
- before anything is written, the lines already published are checked against the log
  (`casework verify --witness`): if the log no longer holds them, the publish is refused
  and the site is left as it was — the disagreement is the finding;
- with `CASEWORK_PUBLIC_SITE=DIR`, each checkpoint and month root is appended to
  `DIR/witness.jsonl` when it is recorded (`workflow.integrity.checkpoints`), not only at
  the next publish.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from events import EventStore
from events.checkpoint import CHECKPOINT_RECORDED
from workflow.integrity.witness import read_witness, witness

NAME = "witness.jsonl"


def _key(line: dict[str, Any]) -> tuple[str, str]:
    """What a line witnesses: a checkpoint by its head, a seal by its month."""
    if line.get("kind") == "seal":
        return ("seal", str(line.get("month")))
    return (str(line.get("kind")), str(line.get("head")))


def publish_witness(store: EventStore, out: Path, witness_file: str | None) -> int:
    """Extend the site's witness file with what it lacks; returns how many lines it holds.
    Check the lines already there first (`published_problems`)."""
    from workflow.limits import replaceable

    target = out / NAME
    replaceable(target)
    partial = out / f".{NAME}.partial"
    partial.unlink(missing_ok=True)
    old = target.read_bytes() if target.is_file() else b""
    have = {_key(line) for line in read_witness(str(target))} if old else set()
    with open(partial, "wb") as body:
        body.write(old if not old or old.endswith(b"\n") else old + b"\n")
    if witness_file and Path(witness_file).is_file():
        with open(partial, "ab") as body:
            for text in Path(witness_file).read_text(encoding="utf-8").splitlines():
                if text.strip() and _key(json.loads(text)) not in have:
                    body.write(text.encode("utf-8") + b"\n")
                    have.add(_key(json.loads(text)))
    else:
        for record in store.iter_all():
            if record.type == CHECKPOINT_RECORDED:
                line = {"kind": "checkpoint", **record.data}
            elif record.type == "MonthSealed":
                line = {"kind": "seal", **{k: record.data[k] for k in ("month", "root", "count")}}
            else:
                continue
            if _key(line) not in have:
                witness(str(partial), store.signer, line)
                have.add(_key(line))
    os.replace(partial, target)  # a reader never sees half a file
    return sum(1 for line in target.read_text(encoding="utf-8").splitlines() if line.strip())


def witness_path(given: str) -> str:
    """`--witness` names the file, or a published site's directory holding it."""
    path = Path(given)
    return str(path / NAME) if path.is_dir() else given

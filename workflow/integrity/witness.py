"""The witness file (见证文件): checkpoints and monthly roots, outside the database.

An append-only text file at a configured path (`CASEWORK_WITNESS_FILE`), ideally on
another machine or write-once medium, one JSON object per line, each signed with the
service's key. A database superuser who rewrites or empties the log cannot rewrite it.
`casework verify --witness FILE` refolds the log and compares every line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from events import EventStore
from events.checkpoint import GENESIS_CHECKPOINT, advance, position_rows
from events.hashing import canonical_json
from events.keys import Keyring
from events.signing import Signer, check_signature
from workflow.limits import read_data_text


@dataclass(frozen=True)
class WitnessProblem:
    line: int
    detail: str

    def describe(self) -> str:
        return f"witness line {self.line}: {self.detail}"


def witness(path: str, signer: Signer | None, record: dict[str, Any]) -> None:
    """Append one signed line and force it to disk."""
    body = canonical_json(record)
    line = dict(record)
    if signer is not None:
        line["signature"] = signer.sign(_digest(body))
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (canonical_json(line) + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def read_witness(path: str) -> list[dict[str, Any]]:
    """Every line of the witness file; ValueError naming the line if one is not JSON."""
    lines = []
    for number, text in enumerate(read_data_text(path, unlimited=True).splitlines(), 1):
        if text.strip():
            try:
                lines.append(json.loads(text))
            except json.JSONDecodeError as err:
                raise ValueError(f"witness line {number} is not JSON: {err}") from None
    return lines


RootCheck = Callable[[str, str], str | None]  # (month, root) -> what is wrong, or None


def check_witness(
    store: EventStore, path: str, check_root: RootCheck
) -> tuple[int, list[WitnessProblem]]:
    """Compare the log with every line of the witness: (lines checked, problems)."""
    lines = read_witness(path)
    keyring = store.keyring()
    problems: list[WitnessProblem] = []
    for number, line in enumerate(lines, 1):
        found = _check_line(store, keyring, line, check_root)
        problems += [WitnessProblem(number, d) for d in found]
    return len(lines), problems


def _check_line(
    store: EventStore, keyring: Keyring, line: dict[str, Any], check_root: RootCheck
) -> list[str]:
    found = []
    record = {k: v for k, v in line.items() if k != "signature"}
    signature = str(line.get("signature", ""))
    key = keyring.keys.get(signature.split(":", 1)[0])
    if key is None or not check_signature(key.public, _digest(canonical_json(record)), signature):
        found.append("its signature does not match a key of the log")
    if line.get("kind") == "checkpoint":
        found += _check_checkpoint_line(store, record)
    elif line.get("kind") == "seal" and (wrong := check_root(str(record["month"]),
                                                              str(record["root"]))):
        found.append(wrong)
    return found


def _check_checkpoint_line(store: EventStore, record: dict[str, Any]) -> list[str]:
    head, count = int(record["head"]), int(record["count"])
    rows = ((p, h) for p, h, _ in position_rows(store, 0, head))
    now = advance(GENESIS_CHECKPOINT, rows)
    if now.count == 0 and count > 0:
        return [f"THE LOG IS EMPTY, but the witness saw {count} events up to position {head}"]
    if (now.running_hash, now.count) != (record["running_hash"], count):
        return [f"checkpoint at position {head}: the log now holds {now.count} events there,"
                f" the witness saw {count}, and they fold differently: events up to {head}"
                " were deleted, inserted or rewritten"]  # fmt: skip
    return []


def _digest(body: str) -> str:
    import hashlib

    return hashlib.sha256(body.encode("utf-8")).hexdigest()

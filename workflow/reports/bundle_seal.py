"""Tie a case bundle to the sealed months (月度封存) and so to the paper circulars.

A sealed month's root is an RFC 6962 Merkle tree over the hashes of the events recorded
in that month, in position order (`events.merkle`). For each of the case's events in a
sealed month the bundle carries an inclusion proof: the leaf's index, the tree size and
the audit path of sibling nodes. `casework verify-bundle` folds the event's hash up the
path, with no database, and must reach the month's root — the root printed in that
month's circular. Events of months not yet sealed carry no proof and are reported so.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from events.merkle import merkle_root


def audit_path(hashes: Sequence[str], index: int) -> list[list[str]]:
    """RFC 6962 PATH(index, hashes), deepest sibling first, each as [side, hex node]."""
    if len(hashes) <= 1:
        return []
    split = 1 << ((len(hashes) - 1).bit_length() - 1)
    if index < split:
        return [*audit_path(hashes[:split], index), ["right", merkle_root(hashes[split:])]]
    return [*audit_path(hashes[split:], index - split), ["left", merkle_root(hashes[:split])]]


def fold_path(event_hash: str, path: Sequence[Sequence[str]]) -> str:
    """The root reached from one event hash and its audit path."""
    node = hashlib.sha256(b"\x00" + bytes.fromhex(event_hash)).digest()
    for side, sibling in path:
        other = bytes.fromhex(sibling)
        pair = other + node if side == "left" else node + other
        node = hashlib.sha256(b"\x01" + pair).digest()
    return node.hex()


def month_proofs(
    month: str, sealed_root: str, leaves: Sequence[tuple[int, str]], positions: set[int]
) -> dict[str, Any]:
    """The proofs for the case's events (by position) within one sealed month's leaves."""
    hashes = [h for _, h in leaves]
    proofs = [
        {"position": pos, "index": i, "path": audit_path(hashes, i)}
        for i, (pos, _) in enumerate(leaves)
        if pos in positions
    ]
    recomputed = merkle_root(hashes)
    return {
        "month": month,
        "root": sealed_root,
        "size": len(hashes),
        "matches_seal_at_export": recomputed == sealed_root,
        "proofs": proofs,
    }


def check_seals(seals: Any, rows: Sequence[Sequence[Any]]) -> str | None:
    """Every proof folds the event's hash (from events.jsonl) up to its month's root."""
    if seals is None:
        return None
    if not isinstance(seals, list) or not all(isinstance(m, dict) for m in seals):
        return "chain.json: seals is not a list of months"
    by_position = {row[0]: row for row in rows}
    for month in seals:
        for proof in month.get("proofs") or []:
            row = by_position.get(proof.get("position") if isinstance(proof, dict) else None)
            if row is None:
                return f"chain.json: a {month.get('month')} proof names no event of the bundle"
            if _reached(row[9], proof.get("path")) != month.get("root"):
                return (
                    f"version {row[2]} (position {row[0]}) does not reach the sealed root "
                    f"of {month.get('month')}"
                )
    return None


def _reached(event_hash: str, path: Any) -> str | None:
    try:
        return fold_path(event_hash, path)
    except (TypeError, ValueError):
        return None

"""Merkle trees over event hashes (月度封存), as in RFC 6962 (Certificate Transparency).

leaf = SHA-256(0x00 ‖ hash bytes); node = SHA-256(0x01 ‖ left ‖ right); a list of n > 1
leaves splits at the largest power of two below n. The root of no leaves is SHA-256("").
Anyone can recompute it from the hashes with a few lines of code and a paper copy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

ALGORITHM = "RFC 6962 Merkle tree (SHA-256) over the recomputed event hashes, in position order"


def merkle_root(hashes: Sequence[str]) -> str:
    """The hex Merkle root of hex SHA-256 hashes."""
    return _root([bytes.fromhex(h) for h in hashes]).hex()


def _root(leaves: list[bytes]) -> bytes:
    if not leaves:
        return hashlib.sha256(b"").digest()
    level = [hashlib.sha256(b"\x00" + leaf).digest() for leaf in leaves]
    return _reduce(level)


def _reduce(nodes: list[bytes]) -> bytes:
    if len(nodes) == 1:
        return nodes[0]
    split = 1 << ((len(nodes) - 1).bit_length() - 1)
    left, right = _reduce(nodes[:split]), _reduce(nodes[split:])
    return hashlib.sha256(b"\x01" + left + right).digest()

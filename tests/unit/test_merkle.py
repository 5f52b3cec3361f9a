"""The month seal's Merkle tree (RFC 6962 shape) over event hashes."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from events.merkle import merkle_root


def h(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def leaf(x: str) -> bytes:
    return hashlib.sha256(b"\x00" + bytes.fromhex(x)).digest()


def node(a: bytes, b: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + a + b).digest()


def test_empty_one_two_and_three_leaves() -> None:
    a, b, c = h("a"), h("b"), h("c")
    assert merkle_root([]) == hashlib.sha256(b"").hexdigest()
    assert merkle_root([a]) == leaf(a).hex()
    assert merkle_root([a, b]) == node(leaf(a), leaf(b)).hex()
    assert merkle_root([a, b, c]) == node(node(leaf(a), leaf(b)), leaf(c)).hex()


@given(st.lists(st.text(max_size=4), min_size=2, max_size=40), st.data())
def test_any_change_or_swap_changes_the_root(texts: list[str], data: st.DataObject) -> None:
    hashes = [h(f"{i}:{t}") for i, t in enumerate(texts)]
    root = merkle_root(hashes)
    i = data.draw(st.integers(0, len(hashes) - 1))
    changed = hashes.copy()
    changed[i] = h("tampered" + changed[i])
    assert merkle_root(changed) != root
    swapped = hashes.copy()
    swapped[0], swapped[-1] = swapped[-1], swapped[0]
    assert merkle_root(swapped) != root
    assert merkle_root(hashes[:-1]) != root

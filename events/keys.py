"""The keyring (签名密钥): the public keys recorded in the `keys` stream, and which
positions each may sign. See `events.signing` for the scheme."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from events.model import Breakage, NewEvent, RecordedEvent
from events.signing import (
    ALGORITHM,
    KEY_ADDED,
    KEYS_STREAM,
    Signer,
    check_signature,
    key_id,
    public_from_text,
    public_text,
)


@dataclass(frozen=True)
class Key:
    """A public key and the positions it may sign: from its own key event up to and
    including the event that adds its successor (None: still current)."""

    key_id: str
    public: Ed25519PublicKey
    since: int
    until: int | None


@dataclass
class Keyring:
    keys: dict[str, Key] = field(default_factory=dict)
    problems: list[Breakage] = field(default_factory=list)

    @property
    def first_position(self) -> int | None:
        """Where signing began: every event from here on must be signed."""
        return min((k.since for k in self.keys.values()), default=None)

    @property
    def current(self) -> Key | None:
        return next((k for k in self.keys.values() if k.until is None), None)

    def check(self, position: int, digest: str, signature: str) -> str | None:
        """Why this event's signature is not acceptable, or None if it is."""
        if not signature:
            return "unsigned, though signing began at position " + str(self.first_position)
        key = self.keys.get(signature.split(":", 1)[0])
        if key is None:
            return f"signed by unknown key {signature.split(':', 1)[0][:16]!r}"
        if position < key.since or (key.until is not None and position > key.until):
            return f"signed by key {key.key_id}, which may sign positions {key.since}..{key.until}"
        if not check_signature(key.public, digest, signature):
            return f"signature by key {key.key_id} does not match the event's hash"
        return None


def key_event(signer: Signer, previous: str | None) -> NewEvent:
    """The event recording a new public key (its successor signs nothing before it)."""
    return NewEvent(
        KEY_ADDED,
        {"key_id": signer.key_id, "public_key": public_text(signer.public),
         "previous_key_id": previous, "algorithm": ALGORITHM},
    )  # fmt: skip


def build_keyring(records: list[RecordedEvent]) -> Keyring:
    """The keys of the `keys` stream; each key event must be signed by the key before it
    (the first by itself), else it is a problem and the key is not trusted."""
    ring = Keyring()
    previous: Key | None = None
    for record in records:
        if record.type != KEY_ADDED:
            continue
        key, why = _read_key(record, previous)
        if key is None:
            ring.problems.append(
                Breakage("bad-key", KEYS_STREAM, record.version, record.position, why)
            )
            continue
        if previous is not None:
            ring.keys[previous.key_id] = Key(
                previous.key_id, previous.public, previous.since, record.position
            )
        ring.keys[key.key_id] = key
        previous = key
    return ring


def _read_key(record: RecordedEvent, previous: Key | None) -> tuple[Key | None, str]:
    data: dict[str, Any] = record.data
    try:
        public = public_from_text(str(data["public_key"]))
    except (KeyError, ValueError) as err:
        return None, f"the key event holds no readable public key ({err})"
    key = Key(key_id(public), public, record.position, None)
    signer = public if previous is None else previous.public
    if not check_signature(signer, record.hash, record.signature):
        who = "itself" if previous is None else f"the previous key {previous.key_id}"
        return None, f"key {key.key_id} is not signed by {who}"
    return key, ""

"""Signing keys (签名密钥): `casework keys init | rotate | list`.

The private key lives outside the database (a key file, mode 0600, or an environment
secret); its public half is recorded as a `SigningKeyAdded` event in the `keys` stream,
the first signed by itself and each later one by the key it replaces (events.signing).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from events import EventStore
from events.keys import Key, key_event
from events.signing import KEYS_STREAM, Signer, load_key_file, write_key_file
from workflow.errors import CaseworkError


@dataclass(frozen=True)
class KeyAdded:
    key_id: str
    position: int
    previous: str | None
    key_file: str | None


def init_keys(store: EventStore, key_file: str | None, signer: Signer | None) -> KeyAdded:
    """Record the log's first key: the configured one, or a new one written to key_file."""
    current = store.keyring().current
    if current is not None:
        raise CaseworkError(
            f"签名密钥已初始化（{current.key_id}），请用 keys rotate",
            f"signing keys already set up (key {current.key_id}); use `casework keys rotate`",
        )
    if signer is None:
        if not key_file:
            raise CaseworkError(
                "请设置 CASEWORK_SIGNING_KEY_FILE（私钥文件路径）",
                "say where the private key goes: CASEWORK_SIGNING_KEY_FILE",
            )
        signer = _new_key_file(key_file)
    store.signer = signer
    result = store.append(KEYS_STREAM, [key_event(signer, None)], expected_version=0)
    return KeyAdded(signer.key_id, result.first_position, None, key_file)


def rotate_keys(store: EventStore, signer: Signer | None, new_file: str) -> KeyAdded:
    """Record a new key, signed by the current one; the new key file must not exist yet."""
    store.require_signer()
    current = store.keyring().current
    if current is None or signer is None:
        raise CaseworkError("尚无签名密钥，请先 keys init",
                            "no signing key yet: run `casework keys init` first")  # fmt: skip
    new = _new_key_file(new_file)
    result = store.append(KEYS_STREAM, [key_event(new, current.key_id)])
    store.signer = new
    return KeyAdded(new.key_id, result.first_position, current.key_id, new_file)


def list_keys(store: EventStore) -> list[Key]:
    return sorted(store.keyring().keys.values(), key=lambda k: k.since)


def _new_key_file(path: str) -> Signer:
    if Path(path).exists():
        signer = load_key_file(path)  # an administrator made it: use it
        return signer
    signer = Signer.generate()
    try:
        write_key_file(path, signer)
    except OSError as err:
        raise CaseworkError(
            f"无法写入私钥文件 {path}", f"cannot write the key file {path}: {err}"
        ) from None
    return signer

"""Signatures on every event (issue 13 §2), on every backend: what `verify` finds when
someone with database access (triggers dropped) adds or rewrites events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from events import EventStore, NewEvent, open_store
from events.hashing import canonical_record, chain_hash
from events.signing import Signer, SigningKeyError
from workflow.integrity.keys import init_keys, list_keys, rotate_keys


class SigningContract:
    store: EventStore
    url: str

    def raw_execute(self, sql: str) -> None: ...
    def raw_query(self, sql: str) -> list[tuple[Any, ...]]: ...
    def drop_triggers(self) -> None: ...

    @pytest.fixture(autouse=True)
    def _signed(self, _store: None, tmp_path: Path) -> None:
        self.key_file = str(tmp_path / "signing.key")
        for i in range(3):  # a log from before signatures
            self.store.append(f"old-{i}", [NewEvent("Noted", {"i": i})])
        self.added = init_keys(self.store, self.key_file, None)
        self.signer = self.store.signer
        for i in range(4):
            self.store.append(f"case-{i % 2}", [NewEvent("Noted", {"i": i, "text": "张三"})])

    def kinds(self) -> list[tuple[str, str, int | None]]:
        return [(b.kind, b.stream_id, b.position) for b in self.store.verify().problems]

    def last(self, stream: str) -> tuple[Any, ...]:
        p = "?" if self.store.backend == "sqlite" else "%s"
        del p
        rows = self.raw_query(
            "SELECT position, version, hash, recorded_at FROM events"
            f" WHERE stream_id = '{stream}' ORDER BY version DESC LIMIT 1"
        )
        return rows[0]

    def test_signed_log_verifies_and_old_events_are_only_reported(self) -> None:
        report = self.store.verify()
        assert report.ok, report.problems
        assert report.unsigned == 3 and report.signing_since == self.added.position
        assert all(e.signature.startswith(self.added.key_id + ":")
                   for e in self.store.read_stream("case-0"))  # fmt: skip

    def test_a_store_without_the_key_refuses_to_write(self) -> None:
        bare = open_store(self.url)
        try:
            with pytest.raises(SigningKeyError, match="configure its signing key"):
                bare.append("case-9", [NewEvent("Noted", {})])
        finally:
            bare.close()
        other = open_store(self.url, signer=Signer.generate())
        try:
            with pytest.raises(SigningKeyError, match="not the log's current key"):
                other.append("case-9", [NewEvent("Noted", {})])
        finally:
            other.close()
        assert self.store.stream_version("case-9") == 0

    def insert(self, stream: str, version: int, prev: str, data: dict[str, Any], sig: str) -> int:
        text = json.dumps(data, separators=(",", ":"), sort_keys=True)
        at = "2026-06-01T01:00:00.000000Z"
        digest = chain_hash(prev, canonical_record(stream, version, "Noted", 1, text, "{}", at))
        signature = sig if sig != "sign-with-foreign" else Signer.generate().sign(digest)
        self.raw_execute(
            "INSERT INTO events (stream_id, version, event_type, schema_version, data, metadata,"
            f" recorded_at, prev_hash, hash, signature) VALUES ('{stream}', {version}, 'Noted', 1,"
            f" '{text}', '{{}}', '{at}', '{prev}', '{digest}', '{signature}')"
        )
        return int(self.last(stream)[0])

    def test_a_direct_insert_with_a_correct_hash_is_found(self) -> None:
        _, version, prev, _ = self.last("case-0")
        position = self.insert("case-0", version + 1, prev, {"forged": True}, "")
        assert ("unsigned", "case-0", position) in self.kinds()
        position = self.insert("case-1", self.last("case-1")[1] + 1, self.last("case-1")[2],
                               {"forged": True}, "sign-with-foreign")  # fmt: skip
        assert ("bad-signature", "case-1", position) in self.kinds()

    def test_rewriting_an_event_and_its_hashes_is_found(self) -> None:
        self.drop_triggers()
        position, _, _, at = self.last("case-0")
        rows = self.raw_query(f"SELECT prev_hash, version FROM events WHERE position = {position}")
        prev, version = rows[0]
        text = '{"i":2,"text":"李四"}'
        digest = chain_hash(prev, canonical_record("case-0", version, "Noted", 1, text,
                                                   self.meta(position), at))  # fmt: skip
        self.raw_execute(f"UPDATE events SET data = '{text}', hash = '{digest}'"
                         f" WHERE position = {position}")  # fmt: skip
        assert ("bad-signature", "case-0", position) in self.kinds()

    def meta(self, position: int) -> str:
        return str(self.raw_query(f"SELECT metadata FROM events WHERE position = {position}")[0][0])

    def test_rotation_old_key_stops_new_key_signs(self, tmp_path: Path) -> None:
        rotated = rotate_keys(self.store, self.signer, str(tmp_path / "new.key"))
        self.store.append("case-0", [NewEvent("Noted", {"after": "rotation"})])
        assert self.store.verify().ok
        keys = list_keys(self.store)
        assert [k.key_id for k in keys] == [self.added.key_id, rotated.key_id]
        assert keys[0].until == rotated.position and keys[1].until is None
        old = open_store(self.url, signer=self.signer)  # the retired key, still on a server
        try:
            with pytest.raises(SigningKeyError):
                old.append("case-0", [NewEvent("Noted", {})])
        finally:
            old.close()

    def test_a_key_slipped_into_the_log_is_not_trusted(self) -> None:
        intruder = Signer.generate()
        forged = open_store(self.url, signer=intruder)
        forged._signing_checked = True  # noqa: SLF001 - what a rogue writer would do
        try:
            from events.keys import key_event

            forged.append("keys", [key_event(intruder, self.added.key_id)])
            forged.append("case-0", [NewEvent("Noted", {"by": "intruder"})])
        finally:
            forged.close()
        kinds = {k for k, _, _ in self.kinds()}
        assert {"bad-key", "bad-signature"} <= kinds

"""The tampering matrix of issue 13 §2, on every backend (SQLite: triggers dropped).

Each scenario is what a database superuser could do; each must make `casework verify`
exit 1 with a message naming what is wrong and where. The log is signed, checkpointed
and witnessed as a county running issue 13's jobs would have it: May 2026 sealed,
June under way, a checkpoint after the seal and one in June."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from events import EventStore, NewEvent, open_store
from events.hashing import canonical_record, chain_hash
from events.signing import SigningKeyError
from tests.e2e.inproc import casework
from tests.integration.backends import settle
from workflow.integrity.checkpoints import checkpoint_now, witness_seal
from workflow.integrity.keys import init_keys
from workflow.integrity.public_witness import publish_witness
from workflow.reports.seals import figures, seal_month, seal_stream, sealed_root

MAY = datetime(2026, 5, 10, 2, 0, tzinfo=UTC)
JUNE = datetime(2026, 6, 3, 2, 0, tzinfo=UTC)


class TamperContract:
    store: EventStore
    url: str

    def raw_execute(self, sql: str) -> None: ...
    def raw_query(self, sql: str) -> list[tuple[Any, ...]]: ...
    def drop_triggers(self) -> None: ...

    @pytest.fixture(autouse=True)
    def _county(self, _store: None, tmp_path: Path) -> None:
        self.witness = str(tmp_path / "witness.jsonl")
        ticks = iter(range(10_000))
        self.store.clock = lambda: MAY + timedelta(minutes=next(ticks))
        init_keys(self.store, str(tmp_path / "k.key"), None)
        for i in range(6):
            self.store.append(f"case-m{i % 3}", [NewEvent("Noted", {"i": i, "月": "五月"})])
        self.store.clock = lambda: JUNE + timedelta(minutes=next(ticks))
        found, _ = seal_month(self.store, "2026-05", date(2026, 6, 3))
        witness_seal(self.store, self.witness, "2026-05", found.root, found.count)
        settle(self.store)  # a checkpoint folds only the gap-safe prefix
        checkpoint_now(self.store, self.witness, JUNE)
        for i in range(6):
            self.store.append(f"case-j{i % 2}", [NewEvent("Noted", {"i": i, "月": "六月"})])
        settle(self.store)
        checkpoint_now(self.store, self.witness, JUNE + timedelta(hours=1))
        self.drop_triggers()

    def verify(self, *extra: str) -> tuple[int, str, dict[str, Any]]:
        run = casework("--json", "verify", *extra, db=self.url, now="2026-06-20T12:00")
        body = json.loads(run.out) if run.out.strip() else {}
        return run.code, run.err + run.out, body

    def failed(self, *extra: str) -> str:
        code, text, body = self.verify(*extra)
        assert code == 1 and body.get("ok") is False, text
        return str(body.get("first_broken") or body.get("witness_problems") or body)

    def last(self, stream: str) -> tuple[int, int]:
        rows = self.raw_query(f"SELECT position, version FROM events WHERE stream_id = '{stream}'"
                              " ORDER BY version DESC LIMIT 1")  # fmt: skip
        return int(rows[0][0]), int(rows[0][1])

    def test_untouched_log_verifies_with_its_witness(self) -> None:
        code, text, body = self.verify("--witness", self.witness)
        assert code == 0, text
        assert body["checkpoints"] == 2 and body["witness_lines"] == 3 and body["unsealed_months"] == []

    def test_deleting_the_last_event_of_a_stream_this_month(self) -> None:
        position, _ = self.last("case-j1")
        self.raw_execute(f"DELETE FROM events WHERE position = {position}")
        where = self.failed()
        assert "checkpoint 2" in where and "deleted, inserted or rewritten" in where, where

    def test_deleting_a_whole_stream(self) -> None:
        self.raw_execute("DELETE FROM events WHERE stream_id = 'case-m1'")
        assert "deleted, inserted or rewritten" in self.failed()

    def test_rewriting_a_stream_and_recomputing_its_hashes(self) -> None:
        rows = self.raw_query("SELECT position, version, data, metadata, recorded_at, prev_hash"
                              " FROM events WHERE stream_id = 'case-j0' ORDER BY version")  # fmt: skip
        prev = rows[0][5]
        for position, version, data, meta, at, _ in rows:
            data = data.replace("六月", "七月")
            digest = chain_hash(prev, canonical_record("case-j0", version, "Noted", 1, data,
                                                       meta, at.strip()))  # fmt: skip
            self.raw_execute(f"UPDATE events SET data = '{data}', prev_hash = '{prev}',"
                             f" hash = '{digest}' WHERE position = {position}")  # fmt: skip
            prev = digest
        where = self.failed()
        assert "case-j0" in where and "signature" in where

    def rehash(self, stream: str, change: Any) -> None:
        """Rewrite a stream's data with `change` and recompute its hash chain (no key)."""
        rows = self.raw_query("SELECT position, version, event_type, schema_version, data,"
                              " metadata, recorded_at, prev_hash FROM events"
                              f" WHERE stream_id = '{stream}' ORDER BY version")  # fmt: skip
        prev = rows[0][7]
        for position, version, kind, schema, data, meta, at, _ in rows:
            data = change(data)
            digest = chain_hash(prev, canonical_record(stream, version, kind, schema, data,
                                                       meta, at.strip()))  # fmt: skip
            self.raw_execute(f"UPDATE events SET data = '{data}', prev_hash = '{prev}',"
                             f" hash = '{digest}' WHERE position = {position}")  # fmt: skip
            prev = digest

    def test_rehashing_a_past_month_and_its_seal_differs_from_its_circular(self) -> None:
        printed = sealed_root(self.store, "2026-05")
        circular = {"month": "2026-05", "digest": "0" * 64, "format": "html", "summary": {},
                    "seal_root": printed, "issued_on": "2026-06-01"}  # fmt: skip
        self.store.append("circular-2026-05", [NewEvent("CircularIssued", circular)])
        self.rehash("case-m0", lambda data: data.replace("五月", "四月"))
        reopened = open_store(self.url)
        try:
            recomputed = figures(reopened, "2026-05").root
        finally:
            reopened.close()
        self.drop_triggers()  # opening the store put them back
        assert recomputed != printed
        self.rehash(seal_stream("2026-05"), lambda data: data.replace(str(printed), recomputed))
        code, text, body = self.verify()
        assert code == 1 and body["circular_mismatches"] == ["2026-05"], text
        assert body["broken_months"] == [], "the seal itself was recomputed to match"

    def test_deleting_a_seal_with_an_event_of_its_month(self) -> None:
        position, _ = self.last("case-m2")
        self.raw_execute(f"DELETE FROM events WHERE position = {position}"
                         " OR event_type = 'MonthSealed'")  # fmt: skip
        code, text, body = self.verify()
        assert code == 1 and body["unsealed_months"] == ["2026-05"], text
        assert "checkpoint" in str(body["first_broken"])

    def test_dropping_the_table_is_caught_by_the_witness(self) -> None:
        self.raw_execute("DROP TABLE events")
        code, text, _ = self.verify("--witness", self.witness)
        assert code == 1 and "holds no events" in text, text

    def test_deleting_the_last_checkpoint_and_what_came_before_it(self) -> None:
        position, _ = self.last("case-j1")
        self.raw_execute(f"DELETE FROM events WHERE position >= {position}")
        problems = self.failed("--witness", self.witness)
        assert "witness line 3" in problems and "deleted, inserted or rewritten" in problems

    def test_the_public_site_carries_a_witness_that_verify_reads(self, tmp_path: Path) -> None:
        derived, copied = tmp_path / "site-a", tmp_path / "site-b"
        derived.mkdir()
        copied.mkdir()
        settle(self.store)  # the log is read gap-safe: a foreign transaction holds it back
        assert publish_witness(self.store, derived, None) == 3  # from the log: seal, 2 checkpoints
        assert publish_witness(self.store, copied, self.witness) == 3  # the witness file itself
        for site in (derived, copied):
            code, text, body = self.verify("--witness", str(site))
            assert code == 0 and body["witness_lines"] == 3, text
        self.drop_triggers()  # verify opened the store, which put them back
        position, _ = self.last("case-j1")
        self.raw_execute(f"DELETE FROM events WHERE position = {position}")
        code, text, body = self.verify("--witness", str(derived))
        assert code == 1 and body["ok"] is False, text
        problems = " ".join(body["witness_problems"])
        assert "witness line 3" in problems and "deleted, inserted or rewritten" in problems

    def test_the_python_api_without_the_key_cannot_append(self) -> None:
        bare = open_store(self.url)
        try:
            with pytest.raises(SigningKeyError):
                bare.append("case-m0", [NewEvent("CaseReviewed", {"verdict": "qualified"})])
        finally:
            bare.close()

    def test_verify_on_a_missing_sqlite_file_creates_nothing(self, tmp_path: Path) -> None:
        missing = tmp_path / "nope.db"
        run = casework("verify", db=f"sqlite:///{missing}")
        assert run.code == 1 and "cannot open the database" in run.err and not missing.exists()

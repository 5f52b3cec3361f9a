"""`case evidence --file`: who acts is checked first, then the file is streamed through
SHA-256 with a size limit; devices, FIFOs and directories are refused (issue 13 §3)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from events import open_store
from tests.e2e.inproc import Run, casework, environment
from tests.integration.case_db import database_url

NOW = "2026-06-01T10:00"


def run(db: str, user: str, *args: str) -> Run:
    return casework(*args, db=db, user=user, now=NOW)


def last_position(db: str) -> int:
    store = open_store(db)
    try:
        return store.status().last_position
    finally:
        store.close()


@pytest.fixture
def case(tmp_path: Path) -> tuple[str, str]:
    return open_case(tmp_path)


def open_case(tmp_path: Path) -> tuple[str, str]:
    """A new SQLite log with a case dispatched to tc-004 and tc-005: (database, case id)."""
    db = database_url("sqlite", tmp_path)
    assert casework("init", db=db).code == 0
    opened = run(db, "tc-004", "--json", "case", "open", "--township", "台城镇", "--matter",
                 "SC-CF-001", "--party", "张三", "--summary", "无照经营")  # fmt: skip
    case_id = json.loads(opened.out)["case_id"]
    assert run(db, "tc-001", "case", "dispatch", case_id, "--officers", "tc-004,tc-005").code == 0
    return db, case_id


def evidence(db: str, user: str, case_id: str, path: str) -> Run:
    return run(db, user, "--json", "case", "evidence", case_id, "--kind", "书证", "--text", "t",
               "--file", path)  # fmt: skip


def test_who_acts_is_checked_before_the_file_is_read(case: tuple[str, str]) -> None:
    db, case_id = case
    before = last_position(db)
    stranger = evidence(db, "tc-006", case_id, "/dev/zero")  # not dispatched to the case
    assert stranger.code == 4, stranger
    unknown = evidence(db, "nobody", case_id, "/dev/zero")
    assert unknown.code == 4, unknown
    assert last_position(db) == before


def test_special_files_are_refused(case: tuple[str, str], tmp_path: Path) -> None:
    db, case_id = case
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # no writer: a blocking open would wait for ever
    before = last_position(db)
    for path in ("/dev/zero", str(fifo), str(tmp_path)):
        refused = evidence(db, "tc-004", case_id, path)
        assert refused.code == 2 and "not a regular file" in refused.err, (path, refused)
        assert "Traceback" not in refused.err
    missing = evidence(db, "tc-004", case_id, str(tmp_path / "absent.pdf"))
    assert missing.code == 2 and "cannot read" in missing.err, missing
    assert last_position(db) == before


def test_the_size_limit_is_configurable(case: tuple[str, str], tmp_path: Path) -> None:
    db, case_id = case
    big, small = tmp_path / "big.pdf", tmp_path / "small.pdf"
    big.write_bytes(b"x" * 3000)
    small.write_bytes(b"y" * 900)
    before = last_position(db)
    with environment({"CASEWORK_EVIDENCE_MAX_MB": "0.001"}):  # 1,048 bytes
        refused = evidence(db, "tc-004", case_id, str(big))
        assert refused.code == 2 and "larger than 1048 bytes" in refused.err, refused
        assert last_position(db) == before
        kept = evidence(db, "tc-004", case_id, str(small))
    assert kept.code == 0, kept.err
    history = json.loads(run(db, "sv-001", "--json", "case", "history", case_id).out)["events"]
    recorded = next(e for e in history if e["type"] == "EvidenceRecorded")
    assert recorded["data"]["file_sha256"] == hashlib.sha256(small.read_bytes()).hexdigest()

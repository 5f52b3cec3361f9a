"""`case serve | consent | perform --proof` and `document verify FILE` read their file as
`case evidence --file` does: who acts is checked first, devices and FIFOs are refused as
"not a regular file", the file is streamed with the CASEWORK_EVIDENCE_MAX_MB limit, and a
refusal appends nothing (issue 13 §3)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from tests.e2e.inproc import Run, environment
from tests.e2e.test_cli_evidence_file import last_position, open_case, run

DOC = "台城镇综执罚决字〔2026〕第1号"
PROOF_COMMANDS = {
    "serve": ("case", "serve", "{case}", "--document", DOC, "--method", "直接送达", "--proof"),
    "consent": ("case", "consent", "{case}", "--channel", "短信", "--proof"),
    "perform": ("case", "perform", "{case}", "--sanction", "吊销许可证件", "--proof"),
}


@pytest.fixture
def case(tmp_path: Path) -> tuple[str, str]:
    return open_case(tmp_path)


def proof(db: str, user: str, command: str, case_id: str, path: str) -> Run:
    args = [a.format(case=case_id) for a in PROOF_COMMANDS[command]]
    return run(db, user, "--json", *args, path)


@pytest.mark.parametrize("command", sorted(PROOF_COMMANDS))
def test_who_acts_is_checked_before_the_proof_is_read(case: tuple[str, str], command: str) -> None:
    db, case_id = case
    before = last_position(db)
    for user in ("tc-006", "nobody"):  # not dispatched to the case; not in the directory
        refused = proof(db, user, command, case_id, "/dev/zero")
        assert refused.code == 4, (user, refused)
        assert "Traceback" not in refused.err
    assert last_position(db) == before


@pytest.mark.parametrize("command", sorted(PROOF_COMMANDS))
def test_special_proof_files_are_refused(
    case: tuple[str, str], tmp_path: Path, command: str
) -> None:
    db, case_id = case
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # no writer: a blocking open would wait for ever
    before = last_position(db)
    for path in ("/dev/zero", str(fifo), str(tmp_path)):
        refused = proof(db, "tc-004", command, case_id, path)
        assert refused.code == 2, (path, refused)
        assert "not a regular file" in refused.err and "不是普通文件" in refused.err, refused
        assert "no such file" not in refused.err and "Traceback" not in refused.err
        assert len(refused.err.strip().splitlines()) == 1, refused.err
    assert last_position(db) == before


@pytest.mark.parametrize("command", sorted(PROOF_COMMANDS))
def test_an_oversized_proof_is_refused(case: tuple[str, str], tmp_path: Path, command: str) -> None:
    db, case_id = case
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 3000)
    before = last_position(db)
    with environment({"CASEWORK_EVIDENCE_MAX_MB": "0.001"}):  # 1,048 bytes
        refused = proof(db, "tc-004", command, case_id, str(big))
    assert refused.code == 2 and "larger than 1048 bytes" in refused.err, refused
    assert last_position(db) == before


def test_a_proof_under_the_limit_is_kept_by_its_sha256(
    case: tuple[str, str], tmp_path: Path
) -> None:
    db, case_id = case
    small = tmp_path / "confirmation.pdf"
    small.write_bytes(b"y" * 900)
    with environment({"CASEWORK_EVIDENCE_MAX_MB": "0.001"}):
        kept = proof(db, "tc-004", "consent", case_id, str(small))
    assert kept.code == 0, kept.err
    assert json.loads(kept.out)["proof_sha256"] == hashlib.sha256(small.read_bytes()).hexdigest()


def test_document_verify_reads_only_a_regular_file_within_the_limit(
    case: tuple[str, str], tmp_path: Path
) -> None:
    db, _ = case
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    before = last_position(db)
    for path in ("/dev/zero", str(fifo), str(tmp_path)):
        refused = run(db, "tc-004", "document", "verify", path)
        assert refused.code == 2 and "not a regular file" in refused.err, (path, refused)
        assert "no such file" not in refused.err and "Traceback" not in refused.err
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 3000)
    with environment({"CASEWORK_EVIDENCE_MAX_MB": "0.001"}):
        refused = run(db, "tc-004", "document", "verify", str(big))
        assert refused.code == 2 and "larger than 1048 bytes" in refused.err, refused
        unknown = run(db, "tc-004", "document", "verify", str(tmp_path / "absent.pdf"))
        assert unknown.code == 2 and "cannot read" in unknown.err, unknown
        small = tmp_path / "small.pdf"
        small.write_bytes(b"not issued")
        checked = run(db, "tc-004", "document", "verify", str(small))
    assert checked.code == 3 and "was ever issued" in checked.out, checked  # read, looked up
    assert last_position(db) == before

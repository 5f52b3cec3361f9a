"""`casework inspection plan|record|rectify|verify|list` and the deadline board, in process."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.e2e.inprocess import Session


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Session:
    return Session(tmp_path, monkeypatch, capsys)



def ordered(cli: Session) -> str:
    """A supervisor's inspection of 台城镇 with one finding, rectification due 20 June."""
    planned = cli("--json", "--as", "sv-001", "inspection", "plan", "--township", "台城镇",
                  "--date", "2026-06-15", "--scope", "case_files").json()  # fmt: skip
    ref: str = planned[0]["inspection"]
    recorded = cli("--as", "sv-001", "inspection", "record", ref, "--finding",
                   "case_files|立案审批表缺少负责人签名|officers=tc-005", "--rectify-by", "2026-06-20")  # fmt: skip
    assert recorded.code == 0, recorded.err
    return ref


def test_a_rectification_overdue_shows_on_the_board_until_reported(
    cli: Session, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CASEWORK_EVIDENCE_DIR", str(tmp_path / "files"))
    ref = ordered(cli)
    monkeypatch.setenv("CASEWORK_NOW", "2026-06-22T10:00:00")
    board = cli("--json", "deadlines", "--township", "taicheng").json()
    assert [r["rectification"]["days_over"] for r in board if "rectification" in r] == [2]
    assert "超期" in cli("deadlines").out
    swept = cli("--json", "sweep").json()[0]
    assert swept["rectification_notices"] == 1
    paper = tmp_path / "整改报告.txt"
    paper.write_text("已补签", encoding="utf-8")
    assert cli("--as", "tc-005", "inspection", "attach", ref, "--file", str(paper)).code == 4
    attached = cli("--json", "--as", "tc-001", "inspection", "attach", ref, "--file", str(paper))
    assert attached.code == 0, attached.err
    digest = hashlib.sha256("已补签".encode()).hexdigest()
    assert attached.json()[0]["sha256"] == digest and (tmp_path / "files" / digest[:2] / digest).is_file()
    assert cli("--as", "tc-001", "inspection", "rectify", ref, "--report", "已补签").code == 0
    board = cli("--json", "deadlines").json()
    assert [r["rectification"]["overdue"] for r in board if "rectification" in r] == [False]
    assert cli("--as", "sv-001", "inspection", "verify", ref, "--outcome", "accepted").code == 0
    assert not [r for r in cli("--json", "deadlines").json() if "rectification" in r]
    [row] = cli("--json", "inspection", "list").json()
    assert (row["inspection_id"], row["status"]) == (ref, "accepted")
    [record] = cli("--json", "accountability", "tc-005").json()
    assert [f["text"] for f in record["oversight"]["findings"]] == ["立案审批表缺少负责人签名"]


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (("--as", "tc-005", "inspection", "plan", "--township", "taicheng", "--date", "2026-06-15",
          "--scope", "case_files"), 4),  # fmt: skip
        (("--as", "sv-001", "inspection", "plan", "--township", "nowhere", "--date", "2026-06-15",
          "--scope", "case_files"), 2),  # fmt: skip
        (("--as", "sv-001", "inspection", "plan", "--township", "taicheng", "--date", "June",
          "--scope", "case_files"), 2),  # fmt: skip
        (("--as", "sv-001", "inspection", "record", "taicheng-2026-9", "--finding", "x|y"), 2),
        (("--as", "sv-001", "inspection", "rectify", "taicheng-2026-1", "--report", "x"), 2),
    ],
)
def test_bad_input_is_one_line_and_appends_nothing(cli: Session, argv: tuple[str, ...], code: int) -> None:
    before = cli.head()
    ran = cli(*argv)
    assert ran.code == code, (ran.out, ran.err)
    assert ran.err.count("\n") == 1 and ran.err.startswith("casework: ")
    assert cli.head() == before


def test_an_attached_file_is_read_by_the_shared_bounded_reader(
    cli: Session, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`inspection attach --file` reads as every --file does (limits.evidence_chunks): who
    acts is checked first; a FIFO, a directory or a device is refused unread, a file over
    CASEWORK_EVIDENCE_MAX_MB is refused; one line each, nothing appended, nothing kept."""
    import os

    kept = tmp_path / "files"
    monkeypatch.setenv("CASEWORK_EVIDENCE_DIR", str(kept))
    monkeypatch.setenv("CASEWORK_EVIDENCE_MAX_MB", str(1000 / (1024 * 1024)))  # 1,000 bytes
    ref = ordered(cli)
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)  # with no writer: reading it would wait for ever
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 3000)
    before = cli.head()
    outsider = cli("--as", "tc-005", "inspection", "attach", ref, "--file", str(fifo))
    assert outsider.code == 4 and outsider.err.count("\n") == 1, outsider  # authorised first
    for path in (fifo, folder, Path("/dev/zero")):
        refused = cli("--as", "tc-001", "inspection", "attach", ref, "--file", str(path))
        if path.suffix:  # /dev/zero has no file type: refused for it before any reading
            assert refused.code == 2 and "not a regular file" in refused.err, (path, refused)
        assert refused.code == 2 and refused.err.count("\n") == 1, (path, refused)
        assert "Traceback" not in refused.err
    refused = cli("--as", "tc-001", "inspection", "attach", ref, "--file", str(big))
    assert refused.code == 2 and "larger than 1000 bytes (CASEWORK_EVIDENCE_MAX_MB)" in refused.err
    assert refused.err.count("\n") == 1
    assert cli.head() == before
    assert not kept.exists() or not [p for p in kept.rglob("*") if p.is_file()]
    small = tmp_path / "整改报告.pdf"
    small.write_bytes(b"y" * 900)
    attached = cli("--as", "tc-001", "inspection", "attach", ref, "--file", str(small))
    assert attached.code == 0, attached.err
    assert cli.head() == before + 1

"""`casework duty report|evaluate|show`, in process."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.e2e.inprocess import Session


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Session:
    session = Session(tmp_path, monkeypatch, capsys)
    monkeypatch.setenv("CASEWORK_NOW", "2026-12-05T10:00:00")
    monkeypatch.setenv("CASEWORK_EVIDENCE_DIR", str(tmp_path / "kept"))  # report files, by hash
    return session


def test_a_report_evaluated_three_times_gets_the_county_result(cli: Session) -> None:
    assert cli("--as", "tc-005", "duty", "report", "--year", "2026", "--text", "全年无超期").code == 0
    named = ["--evaluator", "tc-001", "--evaluator", "tc-002", "--evaluator", "tc-006"]
    deputy = cli("--as", "tc-002", "duty", "evaluators", "--township", "taicheng", "--year", "2026", *named)
    assert deputy.code == 4 and deputy.err.count("\n") == 1
    ran = cli("--as", "tc-001", "--json", "duty", "evaluators", "--township", "taicheng", "--year", "2026",
              *named, "--representative", "李四")  # fmt: skip
    assert ran.code == 0, ran.err
    assert [e["kind"] for e in ran.json()[0]["evaluators"]] == ["leadership", "leadership", "member", "representative"]
    for evaluator, grade in (("tc-001", "优秀"), ("tc-002", "优秀"), ("tc-006", "称职")):
        ran = cli("--as", evaluator, "duty", "evaluate", "tc-005", "--year", "2026", "--grade", grade)
        assert ran.code == 0, ran.err
    [shown] = cli("--as", "tc-006", "--json", "duty", "show", "tc-005", "--year", "2026").json()
    assert (shown["votes"], shown["result"], shown["text"]) == (3, "优秀", "全年无超期")  # a named evaluator reads it
    human = cli("--as", "sv-001", "duty", "show", "tc-005", "--year", "2026")
    assert human.code == 0 and "全年无超期" in human.out and "结果 result 优秀" in human.out
    for outsider in ("tc-007", "gz-001", "ad-001"):  # not named, another township, an administrator
        refused = cli("--as", outsider, "duty", "show", "tc-005", "--year", "2026")
        assert refused.code == 4 and refused.err.count("\n") == 1 and "全年无超期" not in refused.out, outsider
    [operator] = cli("--json", "duty", "show", "tc-005", "--year", "2026").json()  # no --as: the operator
    assert operator == shown
    assert cli("duty", "show", "xx-404", "--year", "2026").code == 2
    before = cli.head()
    again = cli("--as", "tc-001", "duty", "evaluate", "tc-005", "--year", "2026", "--grade", "称职")
    own = cli("--as", "tc-005", "duty", "evaluate", "tc-005", "--year", "2026", "--grade", "优秀")
    unnamed = cli("--as", "tc-007", "duty", "evaluate", "tc-005", "--year", "2026", "--grade", "优秀")
    rep = cli("--as", "tc-002", "duty", "evaluate", "tc-005", "--year", "2026", "--grade", "优秀",
              "--for", "rep-taicheng-2026-1")  # fmt: skip
    bad = cli("--as", "tc-006", "duty", "evaluate", "tc-005", "--year", "2026", "--grade", "great")
    assert (again.code, own.code, bad.code, unnamed.code, rep.code) == (3, 4, 2, 4, 4)
    assert all(r.err.count("\n") == 1 for r in (again, own, bad, unnamed, rep)) and cli.head() == before
    for_rep = cli("--as", "tc-001", "duty", "evaluate", "tc-005", "--year", "2026", "--grade", "称职",
                  "--for", "rep-taicheng-2026-1")  # fmt: skip
    assert for_rep.code == 0, for_rep.err


def test_a_report_file_is_read_as_evidence_is(
    cli: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`duty report --file`: who acts is checked first; devices and FIFOs are refused as not
    regular files, a file over the limit every --file shares (CASEWORK_EVIDENCE_MAX_MB, no
    longer a 20 MB of its own) is refused, and nothing is appended (issue 13 §3)."""
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 3000)
    monkeypatch.setenv("CASEWORK_EVIDENCE_MAX_MB", str(1000 / (1024 * 1024)))  # 1,000 bytes
    before = cli.head()
    outsider = cli("--as", "nobody", "duty", "report", "--year", "2026", "--file", "/dev/zero")
    assert outsider.code == 4 and outsider.err.count("\n") == 1, outsider
    for path in ("/dev/zero", str(fifo), str(tmp_path)):
        refused = cli("--as", "tc-005", "duty", "report", "--year", "2026", "--file", path)
        assert refused.code == 2 and "not a regular file" in refused.err, (path, refused)
        assert refused.err.count("\n") == 1 and "Traceback" not in refused.err
    refused = cli("--as", "tc-005", "duty", "report", "--year", "2026", "--file", str(big))
    assert refused.code == 2 and "larger than 1000 bytes (CASEWORK_EVIDENCE_MAX_MB)" in refused.err, refused
    assert cli.head() == before
    assert not (tmp_path / "kept").exists() or not [p for p in (tmp_path / "kept").rglob("*") if p.is_file()]
    small = tmp_path / "report.pdf"
    small.write_bytes(b"y" * 900)
    assert cli("--as", "tc-005", "duty", "report", "--year", "2026", "--file", str(small)).code == 0
    assert cli.head() == before + 1
    [shown] = cli("--as", "tc-001", "--json", "duty", "show", "tc-005", "--year", "2026").json()
    digest = hashlib.sha256(small.read_bytes()).hexdigest()
    assert (shown["file_name"], shown["file_sha256"]) == ("report.pdf", digest)
    assert (tmp_path / "kept" / digest[:2] / digest).read_bytes() == small.read_bytes()  # kept to be read


def test_a_report_file_may_be_larger_than_the_old_20_mb_within_the_shared_limit(
    cli: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shared limit is what counts: 21 MB passes under the default 200 MB."""
    large = tmp_path / "述职报告.pdf"
    with large.open("wb") as out:
        out.truncate(21 * 1024 * 1024)  # sparse: no 21 MB written to disk
    ran = cli("--as", "tc-005", "duty", "report", "--year", "2026", "--file", str(large))
    assert ran.code == 0, ran.err

"""`casework document …` as an operator types it (in-process): issue, list, render, verify,
on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from events import open_store
from tests.integration.case_db import BACKENDS, database_url
from tests.integration.documents_desk import Desk
from workflow.cli.app import main
from workflow.organisation.service import init_county


@pytest.fixture(params=BACKENDS)
def db(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str]:
    """A database with one decided case; the CLI's clock an hour after the decision."""
    url = database_url(request.param, tmp_path)
    store = open_store(url)
    init_county(store)
    desk = Desk(store)
    case = desk.decided(party="王五")
    store.close()
    monkeypatch.setenv("CASEWORK_DATABASE_URL", url)
    monkeypatch.setenv("CASEWORK_NOW", "2026-06-01T11:00")
    monkeypatch.delenv("CASEWORK_REDIS_URL", raising=False)
    return url, case


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        main(list(argv))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_issue_list_render_verify(
    db: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, case = db
    issued = tmp_path / "issued.pdf"
    code, out, err = cli(capsys, "--as", "tc-004", "--json", "document", "issue", case,
                         "--kind", "行政处罚决定书", "--out", str(issued))  # fmt: skip
    assert code == 0, err
    number = json.loads(out)["number"]
    assert number == "台城镇综执罚决字〔2026〕第1号"
    code, out, _ = cli(capsys, "--json", "document", "list", case)
    assert [d["number"] for d in json.loads(out)["documents"]] == [number]
    again = tmp_path / "again.pdf"
    assert cli(capsys, "--as", "tc-005", "document", "render", case, number, "--out", str(again))[0] == 0
    assert again.read_bytes() == issued.read_bytes()
    code, out, _ = cli(capsys, "document", "verify", str(again))
    assert code == 0 and "genuine" in out
    form = tmp_path / "receipt.pdf"
    code, out, err = cli(capsys, "--as", "sv-001", "document", "receipt", case, number, "--out", str(form))
    assert code == 0 and "送达回证" in out and form.read_bytes().startswith(b"%PDF"), err
    forged = tmp_path / "forged.pdf"
    shutil.copyfile(issued, forged)
    with forged.open("ab") as f:
        f.write(b"\n%forged")
    code, out, _ = cli(capsys, "document", "verify", str(forged))
    assert code == 3 and "altered" in out


@pytest.mark.parametrize("command", ["render", "receipt"])
@pytest.mark.parametrize(
    ("who", "code", "words"),
    [
        ((), 2, "--as"),  # nobody named
        (("--as", "ad-001"), 4, "name the party in full"),  # the administrator
        (("--as", "gz-004"), 4, "name the party in full"),  # an officer of another township
    ],
)
def test_a_document_names_the_party_so_only_the_team_and_supervisors_get_it(
    db: tuple[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    who: tuple[str, ...],
    code: int,
    words: str,
) -> None:
    """`document render` and `receipt` print the party's ID number and address (case show
    masks them for these users): refused in one line, no file written."""
    _, case = db
    code_issued, out, err = cli(capsys, "--as", "tc-004", "--json", "document", "issue", case,
                                "--kind", "decision")  # fmt: skip
    assert code_issued == 0, err
    number = json.loads(out)["number"]
    target = tmp_path / "copy.pdf"
    got, out, err = cli(capsys, *who, "document", command, case, number, "--out", str(target))
    assert got == code and words in err and len(err.strip().splitlines()) == 1, err
    assert not target.exists() and not out


@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [
        (("document", "issue", "CASE", "--kind", "收据"), 2, "unknown document kind"),
        (("document", "issue", "CASE", "--kind", "closing"), 3, "CaseClosed"),
        (("document", "render", "CASE", "台城镇综执罚决字〔2026〕第9号", "--out", "x.pdf"), 2,
         "no document"),
        (("document", "verify", "missing.pdf"), 2, "cannot read missing.pdf"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_appends_nothing(
    db: tuple[str, str],
    capsys: pytest.CaptureFixture[str],
    argv: tuple[str, ...],
    code: int,
    words: str,
) -> None:
    url, case = db
    store = open_store(url)
    desk = Desk(store)
    before = desk.written(case)  # its own streams: the global head is other writers' too
    got, _, err = cli(capsys, "--as", "tc-004", *[case if a == "CASE" else a for a in argv])
    assert got == code and words in err and len(err.strip().splitlines()) == 1, err
    assert desk.written(case) == before
    store.close()


def test_an_output_that_is_not_a_file_is_refused_before_anything_is_recorded(
    db: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--out` naming a FIFO (or a device such as /dev/null): one line, exit 2, no document
    issued, the FIFO left as it was (a rename would have replaced it with a file)."""
    import os
    import stat

    url, case = db
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    store = open_store(url)
    before = store.stream_version(case)
    code, _, err = cli(capsys, "--as", "tc-004", "document", "issue", case,
                       "--kind", "行政处罚决定书", "--out", str(fifo))  # fmt: skip
    assert code == 2 and "not a regular file" in err and len(err.strip().splitlines()) == 1, err
    assert store.stream_version(case) == before, "nothing recorded"
    code, _, err = cli(capsys, "--as", "sv-001", "export", case, "--out", str(fifo))
    assert code == 2 and "not a regular file" in err, err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    store.close()

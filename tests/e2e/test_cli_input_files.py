"""Files named on the command line are read only if they are regular files (issue 13 §3):
`init --county /dev/zero` waited for ever, `init --catalogue`, `verify-bundle` and
`verify --witness` on /dev/zero died of MemoryError, a FIFO hung them. Each is now one
line, exit 2, nothing appended, before anything is read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from events import open_store
from tests.e2e.inproc import casework
from tests.integration.case_db import BACKENDS, database_url

NOW = "2026-06-01T09:00"
# (who acts, argv with "{}" for the file): every command that reads a file it is given
READERS = [
    (None, ["init", "--county", "{}"]),
    (None, ["init", "--catalogue", "{}"]),
    ("ad-001", ["catalogue", "load", "{}", "--effective", "2026-06-02"]),
    ("ad-001", ["calendar", "load", "{}"]),
    ("sv-001", ["verify", "--witness", "{}"]),
    ("sv-001", ["verify-bundle", "{}"]),
]


def last_position(db: str) -> int:
    store = open_store(db)
    try:
        return store.status().last_position
    finally:
        store.close()


@pytest.mark.parametrize(("user", "argv"), READERS, ids=[" ".join(a[:2]) for _, a in READERS])
def test_special_and_oversized_files_are_refused_before_reading(
    user: str | None, argv: list[str], tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'casework.db'}"
    assert casework("init", db=db, now=NOW).code == 0
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # no writer: opening it to read would wait for ever
    before = last_position(db)
    for path in ("/dev/zero", str(fifo), str(tmp_path)):
        if argv[0] == "verify" and path == str(tmp_path):
            continue  # --witness DIR names the published site's witness.jsonl in it
        run = casework(*[path if a == "{}" else a for a in argv], db=db, user=user, now=NOW)
        assert run.code == 2, (argv, path, run)
        assert "not a regular file" in run.err and "Traceback" not in run.err, (argv, path, run.err)
        assert len(run.err.strip().splitlines()) <= 2, run.err  # one line (+ a county warning)
    assert last_position(db) == before


def test_a_data_file_over_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workflow import limits

    db = f"sqlite:///{tmp_path / 'casework.db'}"
    assert casework("init", db=db, now=NOW).code == 0
    before = last_position(db)
    monkeypatch.setattr(limits, "DATA_FILE_MAX", 100)
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * 500 + "\n", encoding="utf-8")
    run = casework("calendar", "load", str(big), db=db, user="ad-001", now=NOW)
    assert run.code == 2 and "larger than 100 bytes" in run.err, run
    assert last_position(db) == before


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_county_file_with_a_nul_in_a_name_is_refused(backend: str, tmp_path: Path) -> None:
    """`init` once accepted a township name holding NUL; on PostgreSQL `roster` then failed
    for everyone (issue 13 §1). Refused now, the field named, nothing appended."""
    from importlib import resources

    db = database_url(backend, tmp_path)
    shipped = resources.files("workflow.data").joinpath("wutai.toml").read_text(encoding="utf-8")
    assert 'name = "台城镇"' in shipped
    county = tmp_path / "county.toml"
    county.write_text(shipped.replace('name = "台城镇"', 'name = "台城\\u0000镇"', 1), encoding="utf-8")
    refused = casework("init", "--county", str(county), db=db, now=NOW)
    assert refused.code == 2 and "U+0000" in refused.err and "name" in refused.err, refused
    assert "Traceback" not in refused.err
    assert last_position(db) == 0
    assert casework("init", db=db, now=NOW).code == 0  # the shipped county still loads
    roster = casework("roster", "台城镇", db=db, user="sv-001", now=NOW)
    assert roster.code == 0, roster.err

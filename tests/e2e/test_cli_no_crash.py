"""No input that crashes (issue 13 §3), in-process on both backends: the crashes the issue
lists, each a clear error now. The fuzz over every command is `test_cli_fuzz_all.py`.

Invariants: never an internal error or a traceback; the exit code is a known one; a
refused command appends nothing; the read commands still answer afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from events import open_store
from tests.e2e.inproc import Run, casework
from tests.integration.backends import settle
from tests.integration.case_db import BACKENDS, database_url

NOW = "2026-06-01T09:00"
KNOWN_EXITS = {0, 1, 2, 3, 4, 5}
READS = [["officer", "list", "--township", "台城镇"], ["roster", "台城镇"], ["accountability"],
         ["cases"]]  # fmt: skip


def run(db: str, user: str, *args: str) -> Run:
    return casework(*args, db=db, user=user, now=NOW)


def settled(db: str) -> None:
    """Wait until every committed event is readable (a write transaction elsewhere on the
    shared PostgreSQL server holds gap-safe readers back)."""
    store = open_store(db)
    try:
        settle(store)
    finally:
        store.close()


def last_position(db: str) -> int:
    store = open_store(db)
    try:
        return store.status().last_position
    finally:
        store.close()


def sound(result: Run) -> None:
    assert result.code in KNOWN_EXITS, result
    assert "internal error" not in result.err and "Traceback" not in result.err, result.err


@pytest.fixture(params=BACKENDS)
def county(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    db = database_url(request.param, tmp_path)
    assert casework("init", db=db).code == 0
    settled(db)
    return db


def test_markup_in_data_is_printed_as_typed(county: str) -> None:
    enlisted = run(county, "tc-001", "officer", "enlist", "tc-050", "--name", "[/]",
                   "--township", "台城镇", "--origin", "township_staff")  # fmt: skip
    assert enlisted.code == 0, enlisted.err
    settled(county)
    for argv in READS:
        shown = run(county, "sv-001", *argv)
        sound(shown)
        assert shown.code == 0
    assert "[/]" in run(county, "sv-001", "officer", "list", "--township", "台城镇").out


def test_the_listed_crashes_are_clear_errors(county: str) -> None:
    before = last_position(county)
    wrong_township = run(county, "sv-001", "accountability", "tc-004", "--township", "baijiazhuang")
    assert wrong_township.code == 2 and "no officer tc-004" in wrong_township.err
    far = run(county, "sv-001", "roster", "台城镇", "--as-of", "9999-12-31")
    assert far.code == 2 and "--as-of" in far.err
    nul = run(county, "tc-004", "case", "open", "--township", "台城镇", "--matter", "SC-CF-003",
              "--party", "张三", "--summary", "s", "--command-id", "a\x00b")  # fmt: skip
    assert nul.code == 2 and "command id" in nul.err
    ancient = run(county, "sv-001", "history", "--from", "0001-01-01")  # found by the fuzz
    assert ancient.code == 2 and "outside 1900-01-01..2999-12-31" in ancient.err, ancient
    for result in (wrong_township, far, nul, ancient):
        sound(result)
    assert last_position(county) == before

"""`casework notices --limit/--offset` (提醒), on SQLite and PostgreSQL, with notices to page:
a value out of range (an offset past what a database integer holds, a word, a negative or
a full-width number) is one line in Chinese and English and exit 2, as `casework cases`
and GET /api/notices (offset at most 1,000,000) refuse it; never an internal error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.case_inproc import cli, ok
from tests.e2e.test_cli_notices import opened
from tests.integration.case_db import BACKENDS, database_url

NOW = "2026-09-01T10:00"


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    url = database_url(request.param, tmp_path)
    assert cli("init", db=url).code == 0
    opened(url, "台城镇", "tc-004", "tc-001", "tc-004,tc-005")
    ok(cli("--json", "sweep", db=url, now="2026-09-01T09:00"))
    yield url


@pytest.mark.parametrize(
    "option, value",
    [("--offset", "9223372036854775808"), ("--offset", "1" * 30), ("--offset", "1000001"),
     ("--offset", "-1"), ("--limit", "abc"), ("--limit", "201"), ("--limit", "0")],
)  # fmt: skip
def test_a_bad_page_is_one_bilingual_line(db: str, option: str, value: str) -> None:
    run = cli("notices", option, value, db=db, user="sv-001", now=NOW)
    assert run.code == 2 and run.out == "", (run.code, run.err)
    assert "Traceback" not in run.err and "internal error" not in run.err
    assert "须为" in run.err and "must be" in run.err, run.err


def test_the_largest_offset_reads_an_empty_page(db: str) -> None:
    run = cli("notices", "--offset", "1000000", db=db, user="sv-001", now=NOW)
    assert run.code == 0 and "暂无 none" in run.out, run.err
    assert "超期通知" in cli("notices", "--limit", "200", db=db, user="sv-001", now=NOW).out

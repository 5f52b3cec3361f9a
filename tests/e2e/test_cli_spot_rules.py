"""Each rule of the simple procedure (简易程序, 处罚法 51, 52, 68, 69) on the CLI, in-process on
SQLite and PostgreSQL: refused with its rule code and article on one line (exit 3), nothing
appended; then the act put right is recorded. The rules table in the README names them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.case_inproc import cli, ok, refused
from tests.e2e.test_cli_procedure_rules import last_position
from tests.e2e.test_cli_spot import SPOT
from tests.integration.case_db import BACKENDS, database_url

NOW = "2026-06-02T10:00"


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = database_url(request.param, Path(tmp_path_factory.mktemp("spot_rules")))
    assert cli("init", db=url).code == 0
    yield url


def refuses(db: str, rule: str, statute: str, *args: str) -> None:
    before = last_position(db)
    line = refused(cli(*SPOT, "--party", "王五", *args, db=db, user="tc-004", now=NOW), statute)
    assert f"[{rule};" in line, line
    assert last_position(db) == before, line


def test_spot_limit_and_kind_by_article_51(db: str) -> None:
    refuses(db, "spot-limit", "第五十一条", "--sanction", "罚款:201")
    refuses(db, "spot-kind", "第五十一条", "--sanction", "暂扣许可证件")
    refuses(db, "spot-sanction", "第五十一条")  # no --sanction at all
    row = ok(cli(*SPOT, "--party", "王五", "--sanction", "罚款:200", db=db, user="tc-004", now=NOW))
    assert row["state"] == "penalty_decided"


def test_spot_facts_place_and_statement_by_article_52(db: str) -> None:
    for option, rule in (("--facts", "spot-facts"), ("--place", "spot-place"),
                         ("--statement", "spot-statement")):  # fmt: skip
        index = SPOT.index(option)
        blanked = (*SPOT[:index + 1], " ", *SPOT[index + 2:])
        before = last_position(db)
        run = cli(*blanked, "--party", "王五", "--sanction", "警告", db=db, user="tc-004", now=NOW)
        line = refused(run, "第五十二条")
        assert f"[{rule};" in line and last_position(db) == before, line
    row = ok(cli(*SPOT, "--party", "王五", "--sanction", "警告", db=db, user="tc-004", now=NOW))
    assert row["state"] == "penalty_decided"


def test_spot_collection_by_articles_68_and_69(db: str) -> None:
    refuses(db, "spot-collect-flag", "第六十八条", "--sanction", "罚款:80", "--receipt", "SX-1")
    refuses(db, "spot-collect-nofine", "第六十八条", "--sanction", "警告", "--collect",
            "--receipt", "SX-2")  # fmt: skip
    refuses(db, "spot-collect-limit", "第六十八条", "--sanction", "罚款:150", "--collect",
            "--receipt", "SX-3")  # fmt: skip
    refuses(db, "spot-receipt", "第六十九条", "--sanction", "罚款:80", "--collect")
    row = ok(cli(*SPOT, "--party", "王五", "--sanction", "罚款:80", "--collect", "--receipt",
                 "SX-2026-0101", db=db, user="tc-004", now=NOW))  # fmt: skip
    assert row["state"] == "penalty_decided"

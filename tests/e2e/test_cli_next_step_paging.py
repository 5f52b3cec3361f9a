"""`casework cases` and `casework deadlines` page with `--limit N --offset N` (default: all,
as before), on SQLite and PostgreSQL: a page is the whole list's slice, each case with its
`next`; the human table says which of how many it shows and how to get the next page; the
board's other tables come with its first page only; a bad value exits 2 in one line, in
Chinese and English, appending nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.cli import casework, settle_url
from tests.e2e.test_cli_next_step import INVESTIGATE, act, lines, opened
from tests.integration.case_db import BACKENDS, database_url

TODAY = "2026-11-27T10:00"


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    url = database_url(request.param, tmp_path)
    assert casework("init", db=url).code == 0
    return url


def cases_of(db: str, *args: str) -> list[str]:
    run = casework("--json", *args, db=db, CASEWORK_NOW=TODAY)
    views = [v for v in lines(run) if "case_id" in v]
    assert all(v["next"]["act"] == INVESTIGATE for v in views), views
    return [v["case_id"] for v in views]


def test_cases_and_the_board_page(db: str) -> None:
    made = [opened(db, f"2026-11-2{day}T10:00") for day in (3, 4, 5, 6)]
    settle_url(db)
    for command in ("cases", "deadlines"):
        whole = cases_of(db, command)
        assert sorted(whole) == sorted(made) and len(whole) == 4, command
        assert cases_of(db, command, "--limit", "2") == whole[:2]
        assert cases_of(db, command, "--offset", "1", "--limit", "2") == whole[1:3]
        assert cases_of(db, command, "--offset", "3") == whole[3:]
        assert cases_of(db, command, "--offset", "9", "--limit", "2") == []
    human = casework("cases", "--limit", "2", db=db, CASEWORK_NOW=TODAY)
    assert human.code == 0, human.err
    flat = "".join(human.out.split())
    assert "案件台账cases(第1–2件，共4件1-2of4)" in flat
    assert "更多more:caseworkcases--offset2--limit2" in flat
    assert sum(case in human.out for case in made) == 2
    last = casework("deadlines", "--offset", "2", "--limit", "2", db=db, CASEWORK_NOW=TODAY)
    assert last.code == 0 and "第3–4件，共4件" in "".join(last.out.split())
    assert "更多" not in last.out


def test_the_board_lists_its_other_tables_on_the_first_page_only(db: str) -> None:
    opened(db, "2026-11-26T10:00")
    act(db, "tc-004", "2026-11-26T11:00", "case", "source", "register", "--township", "台城镇",
        "--channel", "巡查发现", "--summary", "占道经营")  # fmt: skip
    settle_url(db)
    first = lines(casework("--json", "deadlines", "--limit", "1", db=db, CASEWORK_NOW=TODAY))
    assert [v for v in first if "lead" in v], first  # 立案审批 due: on the first page
    later = lines(casework("--json", "deadlines", "--offset", "1", db=db, CASEWORK_NOW=TODAY))
    assert later == []


@pytest.mark.parametrize(
    "args", [("--limit", "0"), ("--limit", "x"), ("--offset", "-1"), ("--limit", "1.5")]
)
def test_a_bad_page_exits_2_in_one_line(db: str, args: tuple[str, ...]) -> None:
    for command in ("cases", "deadlines"):
        run = casework(command, *args, db=db, CASEWORK_NOW=TODAY)
        assert run.code == 2, (command, args, run.out, run.err)
        said = run.err.strip().splitlines()
        assert len(said) == 1 and "Traceback" not in run.err, run.err
        assert said[0].startswith("casework: 用法错误 / usage error"), said
        assert args[0] in said[0] and "须为" in said[0] and "must be" in said[0], said

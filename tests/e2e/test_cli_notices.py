"""`casework notices` (提醒), in-process, on SQLite and PostgreSQL: the notices the real daily
sweep issued with the clock moved on, newest first, as the person named by `--as` reads
them (the operator without it), as a table or one JSON object a notice."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from events import open_store
from tests.e2e.case_inproc import cli, ok
from tests.integration.case_db import BACKENDS, database_url
from workflow.accounts.read_marks import ReadMarks

OPENED = "2026-06-01T10:00"  # 办理期限 90 days: due 2026-08-31 (《行政处罚法》第六十条)


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("COLUMNS", "80")
    url = database_url(request.param, tmp_path)
    assert cli("init", db=url).code == 0
    yield url


def rows(db: str, *args: str, user: str | None = None, now: str = "2026-09-01T10:00") -> list[dict[str, Any]]:
    run = cli("--json", "notices", *args, db=db, user=user, now=now)
    assert run.code == 0, run.err
    return [json.loads(line) for line in run.out.splitlines() if line.strip()]


def opened(db: str, township: str, officer: str, leader: str, pair: str) -> str:
    case = ok(cli("--json", "case", "open", "--township", township, "--matter", "SC-CF-003",
                  "--party", "张三", "--summary", "未明码标价", "--violation-date", "2026-05-30",
                  db=db, user=officer, now=OPENED))["case_id"]  # fmt: skip
    ok(cli("--json", "case", "dispatch", str(case), "--officers", pair, db=db, user=leader, now=OPENED))
    return str(case)


def test_notices_of_the_sweep_as_each_reader_sees_them(db: str) -> None:
    case = opened(db, "台城镇", "tc-004", "tc-001", "tc-004,tc-005")
    other = opened(db, "耿镇镇", "gz-004", "gz-001", "gz-004,gz-005")
    assert rows(db) == []  # nothing swept yet
    for day in ("2026-08-20", "2026-09-01"):  # 11 days left (80% gone), then 1 day over
        ok(cli("--json", "sweep", db=db, now=f"{day}T09:00"))
    mine = rows(db, user="tc-004")
    assert [(r["kind"], r["case_id"], r["issued_on"]) for r in mine] == [
        ("overdue", case, "2026-09-01"), ("warning", case, "2026-08-20")]  # newest first
    overdue, warning = mine
    assert (overdue["days_over"], warning["days_left"]) == (1, 11)
    assert overdue["deadline"] == "decision" and overdue["due"] == "2026-08-31"
    assert "第六十条" in overdue["statute"] and overdue["kind_zh"] == "超期通知"
    assert overdue["status"] == "open" and "张三" not in json.dumps(mine, ensure_ascii=False)
    assert [r["new"] for r in mine] == [True, False]  # never opened 提醒: the last seven days
    store = open_store(db)
    ReadMarks(store.engine).advance("tc-004", overdue["position"])  # as the console's page one does
    store.close()
    assert [r["new"] for r in rows(db, user="tc-004")] == [False, False]  # read, not moved by the CLI
    assert [r["new"] for r in rows(db, user="tc-005")] == [True, False]  # each person their own
    assert {r["case_id"] for r in rows(db, user="gz-004")} == {other}
    assert {r["case_id"] for r in rows(db, user="tc-001")} == {case}  # the leader: the township's
    assert {r["case_id"] for r in rows(db, user="sv-001")} == {case, other}
    assert {r["case_id"] for r in rows(db, "--township", "耿镇镇", user="sv-001")} == {other}
    assert len(rows(db)) == 4  # the operator (no --as): every notice


def test_the_table_and_paging(db: str) -> None:
    case = opened(db, "台城镇", "tc-004", "tc-001", "tc-004,tc-005")
    for day in ("2026-08-20", "2026-09-01"):
        ok(cli("--json", "sweep", db=db, now=f"{day}T09:00"))
    table = cli("notices", "--limit", "1", db=db, user="tc-005", now="2026-09-01T10:00")
    assert table.code == 0, table.err
    assert "超期通知" in table.out and case in table.out and "办理期限" in table.out
    assert "期限预警" not in table.out  # one a page: the newest
    assert "已超期 1 天" in table.out and "--offset 1" in table.out  # 更多
    rest = cli("notices", "--offset", "1", db=db, user="tc-005", now="2026-09-01T10:00")
    assert "期限预警" in rest.out and "剩 11 天" in rest.out and "--offset" not in rest.out
    both = cli("notices", db=db, user="tc-005", now="2026-09-01T10:00").out.splitlines()
    assert all(cell_len(line) <= 80 for line in both), both  # 80 columns, as the case list
    statute = rows(db, "--limit", "1", user="tc-005")[0]["statute"]
    assert "第六十条" in statute and sum(statute in line for line in both) == 2  # unbroken
    overdue = next(n for n, line in enumerate(both) if "超期通知" in line)
    assert case in both[overdue] and "已超期 1 天" in both[overdue] and "待处理" in both[overdue]
    assert both[overdue].startswith("新 ")  # never opened: new in the last seven days
    assert "办理期限 2026-08-31" in both[overdue + 1]
    bad = cli("notices", "--limit", "0", db=db, now="2026-09-01T10:00")
    assert bad.code == 2 and "Traceback" not in bad.err
    nobody = cli("notices", db=db, user="nobody-1", now="2026-09-01T10:00")
    assert nobody.code == 4 and nobody.out == ""

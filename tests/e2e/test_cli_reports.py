"""The read-model commands as a user runs them: roster, accountability, cases, deadlines.

A small scenario through the CLI itself (init, two cases in 台城镇, one removal), then
every report as rich text and as JSON lines, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.cli import Run, casework, settle_url
from tests.integration.case_db import BACKENDS, database_url

TODAY = "2026-11-26T10:00"


def lines(run: Run) -> list[dict[str, Any]]:
    assert run.code == 0, run.err
    return [json.loads(line) for line in run.out.splitlines() if line.strip()]


def act(db: str, user: str, now: str, *args: str) -> dict[str, Any]:
    (result,) = lines(casework("--json", *args, db=db, user=user, CASEWORK_NOW=now))
    return result


def report(db: str, *args: str) -> list[dict[str, Any]]:
    settle_url(db)  # our own appends readable: a transaction elsewhere on the server holds readers
    return lines(casework("--json", *args, db=db, CASEWORK_NOW=TODAY))


def open_case(db: str, now: str) -> str:
    case = act(db, "tc-006", now, "case", "open", "--township", "台城镇", "--matter",
               "SC-CF-001", "--party", "张三", "--summary", "无照经营")["case_id"]  # fmt: skip
    act(db, "tc-001", now, "case", "dispatch", case, "--officers", "tc-004,tc-006")
    return str(case)


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    url = database_url(request.param, tmp_path)
    assert casework("init", db=url).code == 0
    return url


@pytest.fixture
def scenario(db: str) -> dict[str, str]:
    old = open_case(db, "2026-06-01T09:00")
    recent = open_case(db, "2026-11-20T09:00")
    act(db, "tc-001", TODAY, "officer", "remove", "tc-005", "--reason", "不作为",
        "--details", "拒不出警")  # fmt: skip
    return {"old": old, "recent": recent}


def test_deadlines_overdue_first(db: str, scenario: dict[str, str]) -> None:
    board = report(db, "deadlines")
    assert [v["case_id"] for v in board] == [scenario["old"], scenario["recent"]]
    assert board[0]["overdue"] and board[0]["next_deadline"]["due"] == "2026-08-31"
    assert board[1]["next_deadline"]["working_days_left"] > 40 and not board[1]["overdue"]
    overdue = report(db, "cases", "--overdue")
    assert [v["case_id"] for v in overdue] == [scenario["old"]]
    assert len(report(db, "cases", "--township", "台城镇", "--state", "dispatched")) == 2
    settle_url(db)
    human = casework("deadlines", db=db, CASEWORK_NOW=TODAY)
    assert human.code == 0 and "超期" in human.out and "期限看板" in human.out


def test_roster_names_the_gap_and_the_removal(db: str, scenario: dict[str, str]) -> None:
    (taicheng,) = report(db, "roster", "台城镇")
    uncertified = [f"seconded {d} uncertified (派驻{zh}: 无有效证件)" for d, zh in
                   (("transport", "交通"), ("natural_resources", "自然资源"),
                    ("agriculture", "农业农村"))]  # certificates count (处罚法 art 42)  # fmt: skip
    assert taicheng["gaps"] == ["township staff 6/7 (乡镇专职执法人员不足7人)", *uncertified]
    assert [(r["id"], r["reason"], r["details"]) for r in taicheng["removed"]] == [
        ("tc-005", "不作为", "拒不出警")
    ]
    everything = report(db, "roster")
    assert len(everything) == 15 and everything[-1]["kind"] == "county"
    assert everything[-1]["pool"]["civil_servants"] == 383
    (june,) = report(db, "roster", "taicheng", "--as-of", "2026-06-01")
    assert june["gaps"] == uncertified and june["removed"] == []
    raw = casework("--json", "roster", "台城镇", db=db, CASEWORK_NOW=TODAY)
    assert '"name": "台城镇"' in raw.out and "\\u" not in raw.out, "Chinese unescaped"
    human = casework("roster", "台城镇", db=db, CASEWORK_NOW=TODAY)
    assert human.code == 0 and "拒不出警" in human.out and "不合规" in human.out


def test_accountability(db: str, scenario: dict[str, str]) -> None:
    (tc004,) = report(db, "accountability", "tc-004")
    assert (tc004["dispatched"], tc004["open_overdue"], tc004["decided"]) == (2, 1, 0)
    records = {r["officer_id"]: r for r in report(db, "accountability", "--township", "台城镇")}
    assert records["tc-005"]["removal"]["reason"] == "不作为"
    assert set(records) == {"tc-004", "tc-005", "tc-006"}
    human = casework("accountability", db=db, CASEWORK_NOW=TODAY)
    assert human.code == 0 and "tc-004" in human.out
    detail = casework("accountability", "tc-005", db=db, CASEWORK_NOW=TODAY)
    assert detail.code == 0 and "拒不出警" in detail.out


def test_unknown_township_is_one_line(db: str) -> None:
    run = casework("roster", "火星乡", db=db, CASEWORK_NOW=TODAY)
    assert run.code == 2 and "火星乡" in run.err and "Traceback" not in run.err

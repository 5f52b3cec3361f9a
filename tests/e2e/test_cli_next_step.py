"""下一步 in `casework cases` and `casework deadlines`, as a user runs them: each open case
says what it waits for and who does it (`--json`: a `next` field), as the case page does —
dispatched, notified within the party's period, after it, and past the 办理期限 (notified
or still investigating) — on SQLite
and PostgreSQL. The party never appears in it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from events import open_store
from tests.e2e.cli import Run, casework, settle_url
from tests.integration.case_db import BACKENDS, database_url
from workflow.organisation.snapshot import load_directory

TODAY = "2026-11-27T10:00"
BASIS = "《价格法》第四十二条"
DECIDERS = "队长或经授权的副队长"
INVESTIGATE = "调查取证、事先告知（或不予处罚、移送、撤案）"
LATE = ("已超过办理期限（2026-08-31）且无延期记录，不能再作出处罚决定（行政处罚法第六十条）；"
        "可作出不予处罚决定、移送司法机关或撤销立案")  # fmt: skip
SECRETS = ("王小明", "11010519491231002X", "台城镇东街1号")


def lines(run: Run) -> list[dict[str, Any]]:
    assert run.code == 0, run.err
    return [json.loads(line) for line in run.out.splitlines() if line.strip()]


def act(db: str, user: str, now: str, *args: str) -> dict[str, Any]:
    (result,) = lines(casework("--json", *args, db=db, user=user, CASEWORK_NOW=now))
    return result


def opened(db: str, now: str, *party: str) -> str:
    party = party or ("--party", "张三")
    case = str(act(db, "tc-004", now, "case", "open", "--township", "台城镇", "--matter",
                   "SC-CF-001", "--summary", "无照经营", *party)["case_id"])  # fmt: skip
    act(db, "tc-001", now, "case", "dispatch", case, "--officers", "tc-004,tc-005")
    return case


def notified(db: str, now: str, *party: str) -> str:
    case = opened(db, now, *party)
    act(db, "tc-004", now, "case", "evidence", case, "--kind", "书证", "--text", "照片")
    act(db, "tc-004", now, "case", "notify", case, "--amount", "500", "--basis", BASIS,
        "--circumstance", "一般")  # fmt: skip
    return case


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    url = database_url(request.param, tmp_path)
    assert casework("init", db=url).code == 0
    return url


def test_cases_and_the_board_say_what_each_case_waits_for(db: str) -> None:
    party = ("--party", "王小明", "--id-number", SECRETS[1], "--address", SECRETS[2])
    cases = {
        "overdue": notified(db, "2026-06-01T10:00"),
        "stalled": opened(db, "2026-06-02T10:00"),  # still investigating past the 办理期限
        "period_over": notified(db, "2026-11-09T10:00"),
        "in_period": notified(db, "2026-11-26T10:00", *party),
        "dispatched": opened(db, "2026-11-26T11:00"),
    }
    store = open_store(db)
    try:
        people = load_directory(store)
    finally:
        store.close()
    officers = "、".join(people.person(o).name for o in ("tc-004", "tc-005"))  # type: ignore[union-attr]
    expected = {
        "dispatched": {"act": INVESTIGATE, "who": officers},
        "in_period": {"act": "当事人陈述、申辩或申请听证", "who": "当事人"},
        "period_over": {"act": "作出决定", "who": DECIDERS},
        "overdue": {"act": LATE, "who": DECIDERS, "by": None},
        "stalled": {"act": LATE, "who": DECIDERS, "by": None},
    }
    settle_url(db)
    for command in ("cases", "deadlines"):
        run = casework("--json", command, db=db, CASEWORK_NOW=TODAY)
        views = {v["case_id"]: v for v in lines(run) if "case_id" in v}
        assert set(views) == set(cases.values()), command
        for name, wanted in expected.items():
            shown = views[cases[name]]["next"]
            assert {k: shown[k] for k in wanted} == wanted, (command, name, shown)
        assert views[cases["in_period"]]["party"] == "王**"  # no --as: masked
        assert not any(s in run.out for s in SECRETS), command
    human = casework("deadlines", db=db, CASEWORK_NOW=TODAY)
    assert human.code == 0, human.err
    flat = "".join(human.out.split())
    assert f"下一步{INVESTIGATE}·{officers}" in flat
    assert "下一步当事人陈述、申辩或申请听证·当事人" in flat
    assert "下一步已超过办理期限（2026-08-31）" in flat


def test_a_closed_case_has_no_next_step(db: str) -> None:
    case = str(act(db, "tc-004", "2026-11-20T10:00", "case", "open", "--township", "台城镇",
                   "--matter", "SC-CF-001", "--summary", "无照经营", "--party", "张三")["case_id"])  # fmt: skip
    waiting = opened(db, "2026-11-20T10:30")
    act(db, "tc-001", "2026-11-20T11:00", "case", "close", case, "--outcome", "dropped",
        "--reason", "违法事实不能成立")  # fmt: skip
    settle_url(db)
    views = {v["case_id"]: v for v in lines(casework("--json", "cases", db=db, CASEWORK_NOW=TODAY))}
    assert views[case]["state"] == "closed" and views[case]["next"] is None
    assert views[waiting]["next"]["act"] == INVESTIGATE

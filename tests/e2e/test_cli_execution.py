"""Service and payment as an operator types them (in-process), on SQLite and PostgreSQL:
the periods that run from receipt count from the recorded day of service, and a receipt
number is used once in the whole county."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from events import open_store
from tests.e2e.cli import Run, casework
from tests.integration.case_db import BACKENDS, database_url
from tests.integration.documents_desk import Desk
from workflow.documents.kinds import DocumentKind
from workflow.organisation.service import init_county


def cli(db: str, when: str, *args: str) -> Run:
    return casework("--json", *args, db=db, user="tc-004", CASEWORK_NOW=when)


def ok(run: Run) -> dict[str, Any]:
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert isinstance(data, dict)
    return data


def decided_cases(db: str, n: int) -> tuple[list[str], Desk]:
    store = open_store(db)
    init_county(store)
    desk = Desk(store)  # decisions on 2026-06-01 (UTC morning)
    return [desk.decided(party=f"王{i}") for i in range(n)], desk


def deadlines(db: str, when: str, case: str) -> dict[str, dict[str, Any]]:
    shown = ok(cli(db, when, "case", "show", case))
    return {d["name"]: d for d in shown["deadlines"]}


@pytest.mark.parametrize("backend", BACKENDS)
def test_payment_review_and_suit_periods_run_from_service(backend: str, tmp_path: Path) -> None:
    db = database_url(backend, tmp_path)
    (case,), desk = decided_cases(db, 1)
    desk.store.close()
    number = ok(cli(db, "2026-06-01T12:00", "document", "issue", case, "--kind", "decision"))[
        "number"
    ]
    before = deadlines(db, "2026-06-02T09:00", case)
    assert "fine_payment" not in before and "review_period" not in before  # not served yet
    ok(cli(db, "2026-06-05T10:00", "case", "serve", case, "--document", number,
           "--method", "直接送达", "--on", "2026-06-04"))  # fmt: skip
    after = deadlines(db, "2026-06-05T10:00", case)
    assert after["fine_payment"]["due"] == "2026-06-19"  # 15 days from 4 June, not from 1 June
    assert after["review_period"]["due"] == "2026-08-03"  # 60 days
    assert after["suit_period"]["due"] == "2026-12-04"  # 6 months
    assert after["fine_payment"]["active"] and after["fine_payment"]["days_left"] == 14
    human = casework("case", "show", case, db=db, user="tc-004", CASEWORK_NOW="2026-06-05T10:00")
    assert "罚款缴纳期限 2026-06-19" in human.out and "行政复议申请期限 2026-08-03" in human.out
    ok(cli(db, "2026-06-06T10:00", "case", "pay", case, "--amount", "500", "--receipt", "R-1"))
    assert not deadlines(db, "2026-06-07T10:00", case)["fine_payment"]["active"]  # paid


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_receipt_number_is_used_once_in_the_county(backend: str, tmp_path: Path) -> None:
    db = database_url(backend, tmp_path)
    (first, second), desk = decided_cases(db, 2)
    for case in (first, second):
        issued, _ = desk.documents.issue(case, DocumentKind.DECISION, "tc-004")
        desk.execution.serve(case, issued.event.number, "直接送达", None, "tc-004")
    desk.store.close()
    ok(cli(db, "2026-06-03T10:00", "case", "pay", first, "--amount", "200", "--receipt", "WT 0001"))
    store = open_store(db)
    streams = [f"execution-{first}", f"execution-{second}"]
    before = [store.stream_version(s) for s in streams]
    refused = cli(db, "2026-06-03T10:05", "case", "pay", second, "--amount", "200",
                  "--receipt", "wt0001")  # fmt: skip
    assert refused.code == 3 and len(refused.err.strip().splitlines()) == 1
    assert "已登记" in refused.err and "already recorded" in refused.err and first in refused.err
    assert "第六十七条" in refused.err
    again = cli(db, "2026-06-03T10:10", "case", "pay", first, "--amount", "200",
                "--receipt", "WT0001")  # fmt: skip
    assert again.code == 3 and "already recorded" in again.err  # on its own case too
    assert [store.stream_version(s) for s in streams] == before
    store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_show_late_fee_as_of_today_and_a_lawsuit_with_its_judgment(
    backend: str, tmp_path: Path
) -> None:
    """`case show` counts the late fee (行政处罚法 art 72: 3% a day) to the day it is run; a
    行政诉讼 is recorded with its court, then its judgment; one that annuls the decision
    stops the payment and refuses closing as executed."""
    db = database_url(backend, tmp_path)
    (case,), desk = decided_cases(db, 1)
    desk.store.close()
    number = ok(cli(db, "2026-06-01T12:00", "document", "issue", case, "--kind", "decision"))[
        "number"
    ]
    ok(cli(db, "2026-06-01T12:10", "case", "serve", case, "--document", number,
           "--method", "直接送达"))  # fmt: skip  # pay by 2026-06-16
    for when, fee in (("2026-06-16T10:00", 0.0), ("2026-06-18T10:00", 30.0),
                      ("2026-06-20T10:00", 60.0)):  # fmt: skip
        shown = ok(cli(db, when, "case", "show", case))
        assert shown["execution"]["late_fee"] == pytest.approx(fee), when
        assert shown["execution"]["owed"] == pytest.approx(500 + fee), when
    human = casework("case", "show", case, db=db, user="tc-004", CASEWORK_NOW="2026-06-18T10:00")
    assert "加处罚款（截至今日" in human.out and "30.00 元；尚欠 530.00 元" in human.out
    ok(cli(db, "2026-06-20T10:00", "case", "remedy", case, "suit", "--organ", "五台县人民法院"))
    human = casework("case", "show", case, db=db, user="tc-004", CASEWORK_NOW="2026-06-20T11:00")
    assert "行政诉讼: 五台县人民法院 2026-06-20 受理，结果 待决" in human.out
    ok(cli(db, "2026-09-01T10:00", "case", "remedy", case, "suit", "--outcome", "撤销",
           "--judgment", "（2026）晋0922行初5号"))  # fmt: skip
    shown = ok(cli(db, "2026-09-02T10:00", "case", "show", case))
    (suit,) = shown["execution"]["remedies"]
    assert (suit["organ"], suit["outcome"], suit["judgment"]) == (
        "五台县人民法院", "撤销", "（2026）晋0922行初5号",
    )  # fmt: skip
    assert shown["execution"]["overturned"]
    human = casework("case", "show", case, db=db, user="tc-004", CASEWORK_NOW="2026-09-02T10:00")
    assert "结果 撤销（（2026）晋0922行初5号）" in human.out and "不再执行" in human.out
    closing = cli(db, "2026-09-02T10:05", "case", "close", case, "--outcome", "executed")
    assert closing.code == 3 and "已被撤销或确认违法" in closing.err


@pytest.mark.parametrize("backend", BACKENDS)
def test_plan_by_the_leader_only_moves_the_payment_deadline(backend: str, tmp_path: Path) -> None:
    """`case plan` (延期/分期, 行政处罚法 art 66): an officer is refused and nothing is
    appended; the leader's plan moves the payment deadline and no late fee runs within it."""
    db = database_url(backend, tmp_path)
    (case,), desk = decided_cases(db, 1)
    desk.store.close()
    number = ok(cli(db, "2026-06-01T12:00", "document", "issue", case, "--kind", "decision"))[
        "number"
    ]
    ok(cli(db, "2026-06-01T12:10", "case", "serve", case, "--document", number,
           "--method", "直接送达"))  # fmt: skip  # pay by 2026-06-16
    args = ("case", "plan", case, "--instalment", "2026-07-01:250", "--instalment",
            "2026-08-01:250", "--reason", "经营困难，申请分期")  # fmt: skip
    store = open_store(db)
    before = store.stream_version(f"execution-{case}")
    refused = cli(db, "2026-06-10T10:00", *args)  # tc-004, an officer
    assert refused.code != 0 and len(refused.err.strip().splitlines()) == 1
    assert store.stream_version(f"execution-{case}") == before
    store.close()
    approved = casework("--json", *args, db=db, user="tc-001", CASEWORK_NOW="2026-06-10T10:05")
    assert approved.code == 0, approved.err
    shown = ok(cli(db, "2026-06-30T10:00", "case", "show", case))  # past the 15 days
    assert shown["execution"]["late_fee"] == 0
    assert shown["execution"]["instalments"] == [["2026-07-01", 250.0], ["2026-08-01", 250.0]]
    assert deadlines(db, "2026-06-30T10:00", case)["fine_payment"]["due"] == "2026-08-01"

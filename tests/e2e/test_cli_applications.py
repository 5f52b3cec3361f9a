"""Licence applications and the licensing clock on the CLI (in-process, both backends):
receive → 补正 once → resubmitted → 受理 opens the case; 不予受理 with reasons; no answer in
5 working days = accepted from receipt; the clock pauses for an inspection (许可法 32, 45)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from events import open_store
from tests.e2e.case_inproc import cli, ok, refused
from tests.integration.case_db import BACKENDS, database_url
from workflow.cases.numbering import CaseNumber, current_max


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = database_url(request.param, Path(tmp_path_factory.mktemp("applications")))
    assert cli("init", db=url).code == 0
    yield url


def do(db: str, user: str, when: str, *args: str) -> dict[str, object]:
    return ok(cli("--json", "case", *args, db=db, user=user, now=when))


def receive(db: str, when: str) -> str:
    view = do(db, "tc-004", when, "application", "receive", "--township", "台城镇",
              "--matter", "CG-XK-001", "--applicant", "李四", "--summary", "临时占道堆放建材")  # fmt: skip
    return str(view["application_id"])


def test_correction_then_accept_opens_the_case_and_the_clock_pauses(db: str) -> None:
    app = receive(db, "2026-06-01T09:00")
    empty = cli("case", "application", "correct", app, "--material", " ", db=db, user="tc-004",
                now="2026-06-01T09:10")  # fmt: skip
    refused(empty, "第三十二条")
    do(db, "tc-004", "2026-06-01T09:20", "application", "correct", app, "--material", "占道平面图",
       "--material", "安全措施")  # fmt: skip
    do(db, "tc-004", "2026-06-03T09:00", "application", "resubmitted", app)
    twice = cli("case", "application", "correct", app, "--material", "x", db=db, user="tc-004",
                now="2026-06-03T09:10")  # fmt: skip
    refused(twice, "第三十二条")
    opened = do(db, "tc-004", "2026-06-03T10:00", "application", "accept", app)
    case = str(opened["case_id"])
    do(db, "tc-001", "2026-06-03T10:10", "dispatch", case, "--officers", "tc-004,tc-005")
    bad = cli("case", "pause", case, "--for", "休假", "--reason", "r", db=db, user="tc-004",
              now="2026-06-03T10:20")  # fmt: skip
    refused(bad, "第四十五条")
    do(db, "tc-004", "2026-06-03T10:30", "pause", case, "--for", "检验", "--reason", "送检，约五个工作日")
    do(db, "tc-004", "2026-06-10T10:30", "resume", case)
    shown = do(db, "tc-004", "2026-06-10T10:40", "show", case)
    assert "2026-07-09" in str(shown["deadlines"])  # 3 June + 20 working days (端午) + 5 paused


def test_reject_with_reasons_and_deemed_acceptance(db: str) -> None:
    first = receive(db, "2026-06-15T09:00")
    no_reason = cli("case", "application", "reject", first, "--reason", " ", db=db,
                    user="tc-004", now="2026-06-15T09:10")  # fmt: skip
    refused(no_reason, "第三十二条")
    rejected = do(db, "tc-004", "2026-06-15T09:20", "application", "reject", first, "--reason",
                  "不属于本机关职权范围，告知向县住建局申请")  # fmt: skip
    assert rejected["state"] == "rejected"
    late = receive(db, "2026-06-16T09:00")
    too_late = cli("case", "application", "reject", late, "--reason", "r", db=db, user="tc-004",
                   now="2026-06-29T09:00")  # fmt: skip
    assert "视为受理" in refused(too_late, "第三十二条")
    accepted = do(db, "tc-004", "2026-06-29T09:10", "application", "accept", late)
    shown = do(db, "tc-004", "2026-06-29T09:20", "application", "show", late)
    assert shown["deemed"] is True and shown["case_id"] == accepted["case_id"]


def test_the_board_shows_unanswered_applications_overdue_after_5_working_days(db: str) -> None:
    app = receive(db, "2026-07-01T09:00")  # Wednesday: the answer is due Wednesday 8 July
    board = cli("--json", "deadlines", "--township", "台城镇", db=db, user="tc-001",
                now="2026-07-09T09:00")  # fmt: skip
    assert board.code == 0, board.err
    rows = [r["application"] for r in map(json.loads, board.out.splitlines()) if "application" in r]
    mine = [r for r in rows if r["application_id"] == app]
    assert mine and mine[0]["answer_due"] == "2026-07-08" and mine[0]["overdue"] is True
    human = cli("deadlines", "--township", "台城镇", db=db, user="tc-001", now="2026-07-09T09:01")
    assert any(app in line and "超期" in line for line in human.out.splitlines()), human.out
    do(db, "tc-004", "2026-07-09T09:10", "application", "accept", app)  # deemed accepted
    board = cli("--json", "deadlines", "--township", "台城镇", db=db, user="tc-001",
                now="2026-07-09T09:20")  # fmt: skip
    assert app not in board.out


def test_case_open_refuses_a_licensing_item_without_an_application(db: str) -> None:
    """许可法 arts 29, 32: `case open` on a licensing item is refused, nothing appended, and
    points to `case application receive/accept`; the same item opens from an application."""
    direct = cli("case", "open", "--township", "台城镇", "--matter", "CG-XK-001", "--party", "李四",
                 "--summary", "临时占道", db=db, user="tc-004", now="2026-07-01T09:00")  # fmt: skip
    store = open_store(db)
    try:
        before = current_max(store, CaseNumber("taicheng", "L", 2026, 0))
        refused(direct, "第二十九条")
        assert "case application receive" in direct.err and "第三十二条" in direct.err
        assert current_max(store, CaseNumber("taicheng", "L", 2026, 0)) == before  # nothing
    finally:
        store.close()
    app = receive(db, "2026-07-01T09:10")
    opened = do(db, "tc-004", "2026-07-01T09:20", "application", "accept", app)
    assert opened["case_id"] == f"taicheng-L-2026-{before + 1}"


def test_a_granted_licence_is_issued_then_closed(db: str) -> None:
    """许可法 art. 44: `case close` before `case issue-licence` is refused; the document is
    issued (its number kept), the issue deadline leaves the board, then the case closes."""
    app = receive(db, "2026-08-03T09:00")
    case = str(do(db, "tc-004", "2026-08-03T09:10", "application", "accept", app)["case_id"])
    do(db, "tc-001", "2026-08-03T09:20", "dispatch", case, "--officers", "tc-004,tc-005")
    do(db, "tc-001", "2026-08-04T09:00", "grant", case)
    early = cli("case", "close", case, "--outcome", "licence_issued", db=db, user="tc-004",
                now="2026-08-04T09:10")  # fmt: skip
    refused(early, "第四十四条")
    blank = cli("case", "issue-licence", case, "--document", " ", db=db, user="tc-004",
                now="2026-08-04T09:20")  # fmt: skip
    refused(blank, "第四十四条")
    do(db, "tc-004", "2026-08-05T09:00", "issue-licence", case, "--document", "台城镇许〔2026〕8号")
    shown = do(db, "tc-004", "2026-08-05T09:10", "show", case)
    assert "licence_issue" not in str(shown["deadlines"])
    closed = do(db, "tc-004", "2026-08-05T09:20", "close", case, "--outcome", "licence_issued")
    assert closed["state"] == "closed"

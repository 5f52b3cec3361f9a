"""The deadline board, the daily sweep and the monthly circular show the paper deadlines
(in-process CLI, SQLite and PostgreSQL): a decision not served within 7 working days
(art 61) or not published in time (art 48), an on-the-spot decision not filed (备案,
art 52), and a case entering the court-enforcement window (《行政强制法》第五十三条)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from events import open_store
from tests.e2e.case_inproc import cli, ok, refused
from tests.integration.backends import settle
from tests.integration.case_db import BACKENDS, database_url
from tests.integration.documents_desk import Desk
from workflow.documents.kinds import DocumentKind
from workflow.execution.events import Method

SPOT = ("--json", "case", "on-the-spot", "--township", "台城镇", "--matter", "SC-CF-001",
        "--facts", "在东街人行道上摆摊销售水果", "--statement", "承认", "--place", "台城镇东街",
        "--party", "李四", "--sanction", "罚款:50", "--circumstance", "轻微")  # fmt: skip


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    url = database_url(request.param, tmp_path)
    assert cli("init", db=url).code == 0
    yield url


def board(db: str, now: str) -> dict[tuple[str, str], dict[str, Any]]:
    run = cli("--json", "deadlines", db=db, user="sv-001", now=now)
    assert run.code == 0, run.err
    rows = [json.loads(line) for line in run.out.splitlines() if line.strip()]
    return {(r["paper"]["case_id"], r["paper"]["deadline"]): r["paper"] for r in rows if "paper" in r}


def notices(db: str, case: str) -> list[tuple[str, str, str]]:
    store = open_store(db)
    try:
        settle(store)  # a transaction elsewhere on a PostgreSQL server holds readers back
        return [(e.type, e.data["deadline"], e.data["issued_on"]) for e in store.iter_all()
                if e.type.endswith(("NoticeIssued", "WarningIssued"))
                and e.data.get("case_id") == case]  # fmt: skip
    finally:
        store.close()


def test_unfiled_on_the_spot_decision(db: str) -> None:
    case = str(ok(cli(*SPOT, db=db, user="tc-004", now="2026-06-01T10:00"))["case_id"])
    item = board(db, "2026-06-03T09:00")[(case, "spot_filing")]
    assert item["due"] == "2026-06-06" and not item["overdue"] and "第五十二条" in item["statute"]
    assert board(db, "2026-06-08T09:00")[(case, "spot_filing")]["overdue"]
    ok(cli("--json", "sweep", db=db, user="ad-001", now="2026-06-08T09:00"))
    assert ("OverdueNoticeIssued", "spot_filing", "2026-06-08") in notices(db, case)
    filed = ok(cli("--json", "case", "file-spot", case, db=db, user="tc-004",
                   now="2026-06-08T10:00"))  # fmt: skip
    assert filed["late"] is True
    assert (case, "spot_filing") not in board(db, "2026-06-08T11:00")
    refused(cli("case", "file-spot", case, db=db, user="tc-004", now="2026-06-08T10:05"),
            "第五十二条")  # fmt: skip


def test_unserved_unpublished_then_the_court_window(db: str) -> None:
    store = open_store(db)
    desk = Desk(store)  # decided on 1 June 2026 (a Monday)
    store.clock = lambda: desk.now  # recorded as it happens (the circular counts by recording)
    case = desk.decided(party="王五")
    issued, _ = desk.documents.issue(case, DocumentKind.DECISION, "tc-004")
    number = issued.event.number
    store.close()
    items = board(db, "2026-06-12T09:00")
    assert items[(case, "service")]["due"] == "2026-06-10" and items[(case, "service")]["overdue"]
    assert items[(case, "publication")]["overdue"] and "第四十八条" in items[(case, "publication")]["statute"]
    human = cli("deadlines", db=db, user="sv-001", now="2026-06-12T09:00").out
    assert "决定书送达期限 2026-06-10 已超期 2 天" in human
    ok(cli("--json", "sweep", db=db, user="ad-001", now="2026-06-12T09:00"))
    assert {("OverdueNoticeIssued", "service", "2026-06-12"),
            ("OverdueNoticeIssued", "publication", "2026-06-12")} <= set(notices(db, case))  # fmt: skip
    circular = cli("circular", "2026-06", "--format", "md", db=db, user="sv-001", now="2026-07-01T09:00")
    assert circular.code == 0, circular.err
    assert "十一、文书送达、公示与执行" in circular.out and "决定书送达期限" in circular.out
    ok(cli("--json", "case", "serve", case, "--document", number, "--method", Method.PERSONAL,
           db=db, user="tc-004", now="2026-06-12T10:00"))  # fmt: skip
    ok(cli("--json", "case", "publish", case, db=db, user="tc-001", now="2026-06-12T10:05"))
    after = board(db, "2026-06-12T11:00")
    assert (case, "service") not in after and (case, "publication") not in after
    assert (case, "court_window") not in after  # not yet: the suit period runs to 12 December
    coming = board(db, "2026-11-20T09:00")[(case, "court_window")]
    assert coming["opens"] and coming["due"] == "2027-03-12"  # opens 13 Dec, 3 months
    ok(cli("--json", "sweep", db=db, user="ad-001", now="2026-12-14T09:00"))
    assert ("DeadlineWarningIssued", "court_window", "2026-12-14") in notices(db, case)


def test_the_fines_fifteen_days_run_from_service_everywhere(db: str) -> None:
    """Board, sweep and `case show`'s 待办 line count the payment period (art 67) from the
    recorded day of service, not from the decision; none of them before service."""
    store = open_store(db)
    desk = Desk(store)  # decided on 1 June 2026
    store.clock = lambda: desk.now
    case = desk.decided(party="赵六")
    issued, _ = desk.documents.issue(case, DocumentKind.DECISION, "tc-004")
    number = issued.event.number
    store.close()
    waiting = ok(cli("--json", "case", "show", case, db=db, user="tc-004", now="2026-06-02T09:00"))
    assert waiting["waiting_for"]["by"] == "2026-06-10" and "送达" in waiting["waiting_for"]["act"]
    assert (case, "fine_payment") not in board(db, "2026-06-02T09:00")  # not served yet
    ok(cli("--json", "case", "serve", case, "--document", number, "--method", Method.PERSONAL,
           "--on", "2026-06-10", db=db, user="tc-004", now="2026-06-10T15:00"))  # fmt: skip
    item = board(db, "2026-06-17T09:00")[(case, "fine_payment")]
    assert item["due"] == "2026-06-25" and not item["overdue"] and "第六十七条" in item["statute"]
    shown = ok(cli("--json", "case", "show", case, db=db, user="tc-004", now="2026-06-17T09:00"))
    assert shown["waiting_for"]["by"] == "2026-06-25"  # not 16 June (15 days from the decision)
    ok(cli("--json", "sweep", db=db, user="ad-001", now="2026-06-17T09:00"))
    assert not [n for n in notices(db, case) if n[1] == "fine_payment"]  # counted from service
    ok(cli("--json", "sweep", db=db, user="ad-001", now="2026-06-26T09:00"))
    assert ("OverdueNoticeIssued", "fine_payment", "2026-06-26") in notices(db, case)
    owed = ok(cli("--json", "case", "show", case, db=db, user="tc-004", now="2026-06-26T10:00"))
    amount = str(owed["execution"]["owed"])  # the fine and one day's late fee (art 72)
    assert float(amount) == 515
    ok(cli("--json", "case", "pay", case, "--amount", amount, "--receipt", "WT-0626",
           db=db, user="tc-004", now="2026-06-26T10:05"))  # fmt: skip
    assert (case, "fine_payment") not in board(db, "2026-06-26T11:00")

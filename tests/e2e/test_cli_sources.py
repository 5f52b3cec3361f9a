"""Leads and 立案审批 on the CLI (in-process, both backends): register, accept, reject,
the reporter kept confidential, overdue leads on the deadline board."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.case_inproc import cli, ok, refused
from tests.e2e.cli import settle_url
from tests.integration.case_db import BACKENDS, database_url


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = database_url(request.param, Path(tmp_path_factory.mktemp("sources")))
    assert cli("init", db=url).code == 0
    yield url


def source(db: str, user: str, when: str, *args: str) -> dict[str, object]:
    return ok(cli("--json", "case", "source", *args, db=db, user=user, now=when))


def register(db: str, when: str, *extra: str) -> str:
    view = source(db, "tc-004", when, "register", "--township", "台城镇", "--channel", "群众举报",
                  "--summary", "东街店铺无照经营", "--reporter", "赵六",
                  "--reporter-contact", "13800000000", *extra)  # fmt: skip
    return str(view["source_id"])


def test_register_then_accept_opens_a_case_with_its_source(db: str) -> None:
    lead = register(db, "2026-06-01T09:00", "--discovered", "2026-05-31")
    bad = cli("case", "source", "register", "--township", "台城镇", "--channel", "听说",
              "--summary", "x", db=db, user="tc-004", now="2026-06-01T09:05")  # fmt: skip
    refused(bad, "第五十四条")
    shown = ok(cli("--json", "case", "source", "show", lead, db=db, user="tc-004",
                   now="2026-06-01T09:10"))  # fmt: skip
    assert shown["reporter"] == "（保密）" and "13800000000" not in str(shown)
    args = ("case", "source", "accept", lead, "--matter", "SC-CF-001", "--party", "张三",
            "--summary", "无照经营", "--violation-date", "2026-05-20",
            "--id-number", "140922198503120018")  # fmt: skip
    refused(cli(*args, db=db, user="tc-004", now="2026-06-01T10:00"), "第五十四条")
    opened = ok(cli("--json", *args, db=db, user="tc-001", now="2026-06-01T10:05"))
    case = str(opened["case_id"])
    history = ok(cli("--json", "case", "history", case, db=db, user="tc-001",
                     now="2026-06-01T10:10"))  # fmt: skip
    assert lead in str(history["events"])
    again = cli(*args, db=db, user="tc-001", now="2026-06-01T10:15")
    refused(again, "第五十四条")
    decided = source(db, "tc-001", "2026-06-01T10:20", "show", lead)
    assert (decided["state"], decided["case_id"], decided["reporter"]) == (
        "accepted", case, "赵六")


def test_reject_with_reasons_and_the_board_shows_overdue_leads(db: str) -> None:
    lead = register(db, "2026-06-02T09:00")
    settle_url(db)  # the board is a read model: wait until what this test wrote is readable
    board = cli("--json", "deadlines", "--township", "台城镇", db=db, user="tc-001",
                now="2026-06-20T09:00")  # fmt: skip
    assert board.code == 0, board.err
    rows = [r["lead"] for r in map(json.loads, board.out.splitlines()) if "lead" in r]
    mine = [r for r in rows if r["source_id"] == lead]
    assert mine and mine[0]["overdue"] is True and mine[0]["reporter"] == "（保密）"
    no_reason = cli("case", "source", "reject", lead, "--reason", " ", db=db, user="tc-001",
                    now="2026-06-20T09:05")  # fmt: skip
    refused(no_reason, "第五十四条")
    view = source(db, "tc-001", "2026-06-20T09:10", "reject", lead, "--reason", "经核查不属实")
    assert (view["state"], view["late"]) == ("rejected", True)


def head(db: str) -> int:
    """The last position this test's database holds (not the gap-safe head, which any open
    write transaction elsewhere on the PostgreSQL server may hold back)."""
    from events import open_store

    store = open_store(db)
    try:
        return store.status().last_position
    finally:
        store.close()


OPEN = ("case", "open", "--township", "台城镇", "--matter", "SC-CF-001", "--party", "张三",
        "--summary", "无照经营", "--id-number", "140922198503120018")  # fmt: skip


@pytest.mark.violation_date_required
def test_a_penalty_case_needs_its_violation_date_or_why_unknown(db: str) -> None:
    before = head(db)
    refused(cli(*OPEN, db=db, user="tc-004", now="2026-06-03T09:00"), "第三十六条")
    blank = cli(*OPEN, "--violation-date-unknown", " ", db=db, user="tc-004",
                now="2026-06-03T09:01")  # fmt: skip
    assert "violation-date" in refused(blank, "第三十六条")
    assert head(db) == before
    dated = ok(cli("--json", *OPEN, "--violation-date", "2026-05-30", db=db, user="tc-004",
                   now="2026-06-03T09:02"))  # fmt: skip
    shown = ok(cli("--json", "case", "show", str(dated["case_id"]), db=db, user="tc-004",
                   now="2026-06-03T09:03"))  # fmt: skip
    assert (shown["violation_date"], shown["warnings"]) == ("2026-05-30", [])
    unknown = ok(cli("--json", *OPEN, "--violation-date-unknown", "举报人记不清日期", db=db,
                     user="tc-004", now="2026-06-03T09:04"))  # fmt: skip
    human = cli("case", "show", str(unknown["case_id"]), db=db, user="tc-001",
                now="2026-06-03T09:05")  # fmt: skip
    assert human.code == 0 and "举报人记不清日期" in human.out and "第三十六条" in human.out
    settle_url(db)
    board = cli("--json", "deadlines", "--township", "台城镇", db=db, user="tc-001",
                now="2026-06-03T09:06")  # fmt: skip
    rows = {r.get("case_id"): r for r in map(json.loads, board.out.splitlines())}
    assert "举报人记不清日期" in rows[unknown["case_id"]]["warning"]
    assert rows[dated["case_id"]]["warning"] is None
    seen = cli("deadlines", "--township", "台城镇", db=db, user="tc-001", now="2026-06-03T09:07")
    assert "举报人记不清日期" in seen.out.replace("\n", "").replace(" ", "")


@pytest.mark.violation_date_required
def test_an_on_the_spot_case_is_dated_the_day_itself(db: str) -> None:
    run = ok(cli("--json", "case", "on-the-spot", "--township", "台城镇", "--matter", "SC-CF-001",
                 "--facts", "在东街人行道上摆摊", "--statement", "承认", "--place", "台城镇东街",
                 "--party", "李四", "--sanction", "罚款:50", "--circumstance", "轻微",
                 db=db, user="tc-004",
                 now="2026-06-03T10:00"))  # fmt: skip
    shown = ok(cli("--json", "case", "show", str(run["case_id"]), db=db, user="tc-004",
                   now="2026-06-03T10:01"))  # fmt: skip
    assert shown["violation_date"] == "2026-06-03"


def test_limitation_counts_to_the_leads_discovery_not_to_opening(db: str) -> None:
    lead = register(db, "2026-05-29T09:00", "--discovered", "2026-05-29")
    late = ("--matter", "SC-CF-001", "--party", "王五", "--summary", "无照经营",
            "--violation-date", "2024-05-30", "--id-number", "140922198503120018")  # fmt: skip
    before = head(db)
    direct = cli("case", "open", "--township", "台城镇", *late, db=db, user="tc-004",
                 now="2026-06-03T09:00")  # fmt: skip
    assert "limitation" in refused(direct, "第三十六条")  # two years ran out on 30 May 2026
    assert head(db) == before
    opened = ok(cli("--json", "case", "source", "accept", lead, *late, db=db, user="tc-001",
                    now="2026-06-03T09:05"))  # fmt: skip
    shown = ok(cli("--json", "case", "show", str(opened["case_id"]), db=db, user="tc-001",
                   now="2026-06-03T09:10"))  # fmt: skip
    assert (shown["source"], shown["violation_date"]) == (lead, "2024-05-30")

"""Reassign, recusal, extensions and 补录原因 on the CLI (in-process, both backends)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.case_inproc import cli, ok, refused
from tests.integration.case_db import BACKENDS, database_url


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = database_url(request.param, Path(tmp_path_factory.mktemp("officers")))
    assert cli("init", db=url).code == 0
    yield url


def do(db: str, user: str, when: str, *args: str) -> dict[str, object]:
    return ok(cli("--json", "case", *args, db=db, user=user, now=when))


def dispatched(db: str, day: str) -> str:
    opened = do(db, "tc-004", f"{day}T09:00", "open", "--township", "台城镇", "--matter",
                "SC-CF-001", "--party", "王五", "--summary", "无照经营")  # fmt: skip
    case = str(opened["case_id"])
    do(db, "tc-001", f"{day}T09:10", "dispatch", case, "--officers", "tc-004,tc-005")
    return case


def test_recusal_then_reassign(db: str) -> None:
    case = dispatched(db, "2026-06-01")
    by_deputy = cli("case", "recuse", case, "--officer", "tc-005", "--reason", "亲属",
                    db=db, user="tc-002", now="2026-06-01T10:00")  # fmt: skip
    refused(by_deputy, "第四十三条")
    do(db, "tc-001", "2026-06-01T10:05", "recuse", case, "--officer", "tc-005",
       "--applicant", "party", "--reason", "系当事人近亲属")  # fmt: skip
    alone = cli("case", "evidence", case, "--kind", "k", "--text", "t",
                db=db, user="tc-004", now="2026-06-01T10:10")  # fmt: skip
    assert "不足两人" in refused(alone, "第四十二条")
    back = cli("case", "reassign", case, "--officers", "tc-004,tc-005", "--reason", "r",
               db=db, user="tc-001", now="2026-06-01T10:15")  # fmt: skip
    refused(back, "第四十三条")
    do(db, "tc-001", "2026-06-01T10:20", "reassign", case, "--officers", "tc-004,tc-006",
       "--reason", "回避后补充办案人员")  # fmt: skip
    shown = do(db, "tc-004", "2026-06-01T10:30", "show", case)
    assert shown["officers"] == ["tc-004", "tc-006"]


def test_backdating_needs_a_late_reason(db: str) -> None:
    case = dispatched(db, "2026-06-02")
    late = (
        "case",
        "evidence",
        case,
        "--kind",
        "现场笔录",
        "--text",
        "t",
        "--at",
        "2026-06-02T10:00",
    )
    refused(cli(*late, db=db, user="tc-004", now="2026-06-02T15:00"), "第四十七条")
    ok(cli("--json", *late, "--late-reason", "现场无信号，回队补录", db=db, user="tc-004",
           now="2026-06-02T15:00"))  # fmt: skip
    history = ok(
        cli("--json", "case", "history", case, db=db, user="tc-001", now="2026-06-02T16:00")
    )
    assert "现场无信号，回队补录" in str(history["events"])


def test_extension_before_the_deadline_and_capped(db: str) -> None:
    case = dispatched(db, "2026-06-03")
    too_long = cli("case", "extend", case, "--days", "90", "--reason", "r",
                   db=db, user="tc-001", now="2026-08-20T09:00")  # fmt: skip
    refused(too_long, "第六十条")
    do(db, "tc-001", "2026-08-20T09:05", "extend", case, "--days", "30", "--reason", "需要鉴定",
       "--at", "2026-08-20T09:00")  # fmt: skip
    second = cli("case", "extend", case, "--days", "10", "--reason", "r",
                 db=db, user="tc-001", now="2026-08-21T09:00")  # fmt: skip
    assert "集体讨论" in refused(second, "第六十条")
    after = cli("case", "extend", case, "--days", "10", "--reason", "r",
                db=db, user="tc-001", now="2026-10-20T09:00")  # fmt: skip
    assert "届满前" in refused(after, "第六十条")


def test_the_hearing_rechecks_two_valid_officers(db: str) -> None:
    case = dispatched(db, "2026-06-08")
    do(db, "tc-004", "2026-06-08T09:20", "evidence", case, "--kind", "现场笔录", "--text", "t")
    do(db, "tc-004", "2026-06-08T09:30", "notify", case, "--basis", "b", "--amount", "20000",
       "--circumstance", "一般")  # fmt: skip
    do(db, "tc-004", "2026-06-08T09:40", "hearing", case, "request")
    do(db, "tc-001", "2026-06-08T09:50", "recuse", case, "--officer", "tc-005",
       "--applicant", "party", "--reason", "系当事人近亲属")  # fmt: skip
    schedule = ("case", "hearing", case, "schedule", "--on", "2026-06-22", "--place", "听证室",
                "--chair", "tc-006")  # fmt: skip
    assert "不足两人" in refused(cli(*schedule, db=db, user="tc-001", now="2026-06-08T10:00"),
                                "第四十二条")  # fmt: skip
    do(db, "tc-001", "2026-06-08T10:05", "reassign", case, "--officers", "tc-004,tc-008",
       "--reason", "回避后补充办案人员")  # fmt: skip
    assert ok(cli("--json", *schedule, db=db, user="tc-001", now="2026-06-08T10:10"))["state"] == (
        "hearing")

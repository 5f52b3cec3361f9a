"""More issue-9 rules on the CLI (in-process, SQLite and PostgreSQL), refused then allowed:
hearing-eligible, hearing-scheduled, hearing-once (处罚法 63, 64), discussion-result (57),
recusal-applicant (43), party-kind (59), extension-by-leader, extension-reason,
decision-deadline (60), licensing-case (许可法 38), future-time, backdate-limit,
time-order (47), and a calendar-day period ending on a rest day (期间顺延, county file
`rest_day_rollover`). A refusal exits 3 with its article and rule code on one line and
appends nothing (the database's last position is unchanged)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.e2e.case_inproc import cli, ok
from tests.e2e.test_cli_procedure_rules import (
    dispatched,
    do,
    hearing_requested,
    refused_appending_nothing,
)
from tests.integration.case_db import BACKENDS, database_url
from tests.unit.case_fakes import PERSON_ID
from workflow import calendar


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = database_url(request.param, Path(tmp_path_factory.mktemp("issue9")))
    assert cli("init", db=url).code == 0
    run = cli("--json", "case", "duty", "--township", "taicheng", "--person", "tc-003",
              "--duty", "legal_reviewer", db=url, user="tc-001", now="2026-06-01T08:00")  # fmt: skip
    assert ok(run)["person"] == "tc-003"
    yield url


def test_hearing_eligible_only_for_the_sanctions_of_article_63(db: str) -> None:
    day = "2026-06-01"
    small = dispatched(db, day, "--id-number", PERSON_ID, "--address", "东街")
    do(db, "tc-004", f"{day}T09:30", "notify", small, "--basis", "b", "--sanction", "罚款:500",
       "--circumstance", "一般")  # fmt: skip
    line = refused_appending_nothing(db, "tc-004", f"{day}T10:00", "第六十三条",
                                     "hearing", small, "request")  # fmt: skip
    assert "hearing-eligible" in line
    large = hearing_requested(db, "2026-06-02")  # 罚款 20000 for 个人: 较大数额 (county file)
    assert do(db, "tc-004", "2026-06-02T10:05", "show", large)["state"] == "hearing"


def test_hearing_scheduled_then_held_once(db: str, tmp_path: Path) -> None:
    case = hearing_requested(db, "2026-06-03")
    record = tmp_path / "听证笔录.pdf"
    record.write_bytes(b"%PDF hearing record")
    held = ("hearing", case, "held", "--record", str(record))
    line = refused_appending_nothing(db, "tc-006", "2026-06-03T11:00", "第六十四条", *held)
    assert "hearing-scheduled" in line
    do(db, "tc-001", "2026-06-03T11:10", "hearing", case, "schedule", "--on", "2026-06-17",
       "--place", "台城镇执法队听证室", "--chair", "tc-006")  # fmt: skip
    do(db, "tc-006", "2026-06-17T10:00", *held)
    line = refused_appending_nothing(db, "tc-006", "2026-06-17T10:30", "第六十四条", *held)
    assert "hearing-once" in line
    no_show = ("hearing", case, "no-show", "--reason", "当事人中途退场")
    assert "hearing-once" in refused_appending_nothing(
        db, "tc-006", "2026-06-17T10:40", "第六十四条", *no_show
    )


def test_discussion_result_from_the_article_57_outcomes(db: str) -> None:
    case = dispatched(db, "2026-06-04")
    discuss = ("discuss", case, "--participants", "tc-001,tc-002,tc-003", "--conclusion", "同意")
    line = refused_appending_nothing(
        db, "tc-001", "2026-06-04T10:00", "第五十七条", *discuss, "--result", "maybe"
    )
    assert "discussion-result" in line
    do(db, "tc-001", "2026-06-04T10:05", *discuss, "--result", "no_penalty")


def test_recusal_applicant_is_the_officer_or_the_party(db: str) -> None:
    case = dispatched(db, "2026-06-05")
    recuse = ("recuse", case, "--officer", "tc-005", "--reason", "系当事人近亲属")
    line = refused_appending_nothing(
        db, "tc-001", "2026-06-05T10:00", "第四十三条", *recuse, "--applicant", "neighbour"
    )
    assert "recusal-applicant" in line
    do(db, "tc-001", "2026-06-05T10:05", *recuse, "--applicant", "officer")
    shown = do(db, "tc-001", "2026-06-05T10:10", "show", case)
    assert "tc-005" not in shown["officers"]  # type: ignore[operator]


def test_party_kind_is_an_individual_or_an_organisation(db: str) -> None:
    day = "2026-06-08"
    opening = ("open", "--township", "台城镇", "--matter", "SC-CF-001", "--violation-date", day,
               "--party", "张三", "--summary", "无照经营")  # fmt: skip
    line = refused_appending_nothing(
        db, "tc-004", f"{day}T09:00", "第五十九条", *opening, "--party-type", "公司"
    )
    assert "party-kind" in line
    opened = do(db, "tc-004", f"{day}T09:05", *opening, "--party-type", "个人")
    assert opened["state"] == "opened"


def test_extension_by_the_leader_with_its_reason(db: str) -> None:
    case = dispatched(db, "2026-06-09")
    extend = ("extend", case, "--days", "10")
    by_deputy = refused_appending_nothing(
        db, "tc-002", "2026-06-09T10:00", "第六十条", *extend, "--reason", "需补充鉴定"
    )
    assert "extension-by-leader" in by_deputy
    line = refused_appending_nothing(
        db, "tc-001", "2026-06-09T10:05", "第六十条", *extend, "--reason", " "
    )
    assert "extension-reason" in line
    do(db, "tc-001", "2026-06-09T10:10", *extend, "--reason", "需补充鉴定，已告知当事人")


def test_decision_deadline_of_ninety_days_unless_extended(db: str) -> None:
    day = "2026-06-10"
    late, timely = (dispatched(db, day, "--id-number", PERSON_ID, "--address", "东街")
                    for _ in range(2))  # fmt: skip
    for case in (late, timely):
        do(db, "tc-004", f"{day}T10:00", "notify", case, "--basis", "b", "--sanction", "罚款:500",
           "--circumstance", "一般")  # fmt: skip
        do(db, "tc-004", f"{day}T10:05", "hearing", case, "waive")
    decide = ("decide", "--basis", "b", "--sanction", "罚款:500")
    past = (date(2026, 6, 10) + timedelta(days=100)).isoformat()
    line = refused_appending_nothing(
        db, "tc-001", f"{past}T10:00", "第六十条", decide[0], late, *decide[1:]
    )
    assert "decision-deadline" in line
    within = (date(2026, 6, 10) + timedelta(days=30)).isoformat()
    assert do(db, "tc-001", f"{within}T10:00", decide[0], timely, *decide[1:])["state"] == (
        "penalty_decided"
    )


def test_licensing_case_only_a_licence_is_granted(db: str) -> None:
    penalty = dispatched(db, "2026-06-11")
    line = refused_appending_nothing(db, "tc-001", "2026-06-11T10:00", "第三十八条",
                                     "grant", penalty)  # fmt: skip
    assert "licensing-case" in line
    app = do(db, "tc-004", "2026-06-11T10:10", "application", "receive", "--township", "台城镇",
             "--matter", "CG-XK-001", "--applicant", "李四", "--summary", "临时占道堆放建材")  # fmt: skip
    licence = str(do(db, "tc-004", "2026-06-11T10:20", "application", "accept",
                     str(app["application_id"]))["case_id"])  # fmt: skip
    do(db, "tc-001", "2026-06-11T10:30", "dispatch", licence, "--officers", "tc-004,tc-005")
    assert do(db, "tc-001", "2026-06-12T09:00", "grant", licence)["state"] == "licence_granted"


def test_business_time_never_in_the_future_too_far_back_or_out_of_order(db: str) -> None:
    case = dispatched(db, "2026-06-15")  # dispatched at 09:10, evidence at 09:20
    evidence = ("evidence", case, "--kind", "现场笔录", "--text", "补充检查")
    now = "2026-06-18T10:00"
    ahead = refused_appending_nothing(db, "tc-004", now, "第四十七条", *evidence,
                                      "--at", "2026-06-18T12:00")  # fmt: skip
    assert "future-time" in ahead
    too_far = refused_appending_nothing(db, "tc-004", "2026-06-19T10:00", "第四十七条", *evidence,
                                        "--at", "2026-06-15T10:00", "--late-reason", "回队补录")  # fmt: skip
    assert "backdate-limit" in too_far
    before = refused_appending_nothing(db, "tc-004", "2026-06-17T09:00", "第四十七条", *evidence,
                                       "--at", "2026-06-15T09:15", "--late-reason", "回队补录")  # fmt: skip
    assert "time-order" in before
    do(db, "tc-004", now, *evidence, "--at", "2026-06-16T09:00", "--late-reason", "现场无信号，回队补录")


def test_a_calendar_day_period_ending_on_a_holiday_ends_on_the_next_working_day(db: str) -> None:
    """Opened 3 July 2026: the 90 days of art. 60 end on 1 October (国庆节), so the decision is
    due on the first working day after the holiday (期间届满日为法定休假日的顺延)."""
    opened = do(db, "tc-004", "2026-07-03T09:00", "open", "--township", "台城镇",
                "--matter", "SC-CF-001", "--violation-date", "2026-07-01", "--party", "张三",
                "--summary", "无照经营")  # fmt: skip
    shown = do(db, "tc-004", "2026-07-03T09:10", "show", str(opened["case_id"]))
    deadlines = {d["name"]: d for d in shown["deadlines"]}  # type: ignore[union-attr]
    due = date.fromisoformat(str(deadlines["decision"]["due"]))
    assert date(2026, 7, 3) + timedelta(days=90) == date(2026, 10, 1)
    assert due > date(2026, 10, 1) and calendar.is_working_day(due)
    skipped = [date(2026, 10, 1) + timedelta(days=k) for k in range((due - date(2026, 10, 1)).days)]
    assert not any(calendar.is_working_day(d) for d in skipped)

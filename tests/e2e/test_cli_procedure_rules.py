"""Procedure rules on the CLI (in-process, SQLite and PostgreSQL), refused and allowed:
party-reason, hearing-public, hearing-abandoned, major-grounds, close-outcome,
licence-extension-once, sanction-amount-twice, discussion-by-leader,
discussion-participants and decider-not-investigator (issue 9). A refusal exits 3 with
its article on one line and appends nothing: the database's last position (not the gap-safe head) is unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from events import open_store
from tests.e2e.case_inproc import cli, ok, refused
from tests.e2e.cli import Run
from tests.integration.case_db import BACKENDS, database_url
from tests.unit.case_fakes import PERSON_ID


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = database_url(request.param, Path(tmp_path_factory.mktemp("procedure")))
    assert cli("init", db=url).code == 0
    run = cli("--json", "case", "duty", "--township", "taicheng", "--person", "tc-003",
              "--duty", "legal_reviewer", db=url, user="tc-001", now="2026-06-01T08:00")  # fmt: skip
    assert ok(run)["person"] == "tc-003"
    yield url


def do(db: str, user: str, when: str, *args: str) -> dict[str, object]:
    return ok(cli("--json", "case", *args, db=db, user=user, now=when))


def last_position(db: str) -> int:
    store = open_store(db)
    try:
        return store.status().last_position
    finally:
        store.close()


def refused_appending_nothing(db: str, user: str, when: str, statute: str, *args: str) -> str:
    """`casework case ARGS` is refused (exit 3, the statute named) and appends nothing."""
    before = last_position(db)
    run: Run = cli("case", *args, db=db, user=user, now=when)
    line = refused(run, statute)
    assert last_position(db) == before, line
    return line


def dispatched(db: str, day: str, *party: str) -> str:
    opened = do(db, "tc-004", f"{day}T09:00", "open", "--township", "台城镇",
                "--matter", "SC-CF-001", "--violation-date", day, "--party", "张三", *party,
                "--summary", "无照经营")  # fmt: skip
    case = str(opened["case_id"])
    do(db, "tc-001", f"{day}T09:10", "dispatch", case, "--officers", "tc-004,tc-005")
    do(db, "tc-004", f"{day}T09:20", "evidence", case, "--kind", "现场笔录", "--text", "t")
    return case


def hearing_requested(db: str, day: str) -> str:
    case = dispatched(db, day, "--id-number", PERSON_ID, "--address", "东街")
    do(db, "tc-004", f"{day}T09:30", "notify", case, "--basis", "b", "--sanction", "罚款:20000",
       "--circumstance", "一般")  # fmt: skip
    do(db, "tc-004", f"{day}T10:00", "hearing", case, "request")
    return case


def test_party_reason_correcting_a_recorded_party_needs_a_reason(db: str) -> None:
    case = dispatched(db, "2026-06-01", "--id-number", PERSON_ID, "--address", "东街")
    change = ("party", case, "--name", "张三", "--id-number", PERSON_ID, "--address", "西街")
    line = refused_appending_nothing(db, "tc-004", "2026-06-01T10:00", "第五十九条", *change)
    assert "party-reason" in line and "更正理由" in line
    done = do(db, "tc-004", "2026-06-01T10:05", *change, "--reason", "地址登记有误，以身份证为准")
    assert done["state"] != ""
    history = ok(cli("--json", "case", "history", case, db=db, user="sv-001"))["events"]
    corrected = [e for e in history if e["type"] == "PartyRecorded"][-1]
    assert corrected["data"]["address"] == "西街"
    assert corrected["data"]["reason"] == "地址登记有误，以身份证为准"


def test_hearing_public_a_closed_hearing_states_its_reason(db: str) -> None:
    case = hearing_requested(db, "2026-06-02")
    schedule = ("hearing", case, "schedule", "--on", "2026-06-16", "--place", "听证室",
                "--chair", "tc-006")  # fmt: skip
    line = refused_appending_nothing(
        db, "tc-001", "2026-06-02T10:10", "第六十四条", *schedule, "--not-public", " "
    )
    assert "hearing-public" in line
    do(db, "tc-001", "2026-06-02T10:15", *schedule, "--not-public", "涉及当事人商业秘密")
    history = ok(cli("--json", "case", "history", case, db=db, user="sv-001"))["events"]
    scheduled = next(e for e in history if e["type"] == "HearingScheduled")
    assert scheduled["data"]["public"] is False


def test_hearing_abandoned_a_no_show_ends_the_hearing_as_waived(db: str) -> None:
    case = hearing_requested(db, "2026-06-03")
    do(db, "tc-001", "2026-06-03T10:10", "hearing", case, "schedule", "--on", "2026-06-17",
       "--place", "台城镇执法队听证室", "--chair", "tc-006")  # fmt: skip
    decide = ("decide", case, "--basis", "b", "--amount", "20000")
    refused_appending_nothing(db, "tc-001", "2026-06-17T09:00", "第六十五条", *decide)
    no_show = ("hearing", case, "no-show")
    line = refused_appending_nothing(
        db, "tc-006", "2026-06-17T10:00", "第六十四条", *no_show, "--reason", " "
    )
    assert "hearing-abandoned" in line
    do(db, "tc-006", "2026-06-17T10:05", *no_show, "--reason", "当事人无正当理由未到场")
    assert do(db, "tc-001", "2026-06-17T11:00", *decide)["state"] == "penalty_decided"


def test_major_grounds_come_from_the_article_57_58_list(db: str) -> None:
    case = dispatched(db, "2026-06-04")
    mark = ("mark-major", case, "--reason", "涉及多户群众利益")
    line = refused_appending_nothing(
        db, "tc-001", "2026-06-04T10:00", "第五十八条", *mark, "--ground", "看心情"
    )
    assert "major-grounds" in line and "重大公共利益" in line
    do(db, "tc-001", "2026-06-04T10:05", *mark, "--ground", "重大公共利益")
    history = ok(cli("--json", "case", "history", case, db=db, user="sv-001"))["events"]
    assert any(e["type"] == "CaseMarkedMajor" for e in history), [e["type"] for e in history]


def test_close_outcome_each_decision_closes_with_its_own(db: str) -> None:
    day = "2026-06-05"
    case = dispatched(db, day)
    do(db, "tc-001", f"{day}T10:00", "decide", case, "--no-penalty", "初次违法",
       "--reason", "初次违法且危害后果轻微，已及时改正")  # fmt: skip
    line = refused_appending_nothing(
        db, "tc-004", f"{day}T10:10", "第五十七条", "close", case, "--outcome", "transferred"
    )
    assert "close-outcome" in line and "no_penalty" in line
    closed = do(db, "tc-004", f"{day}T10:15", "close", case, "--outcome", "no_penalty")
    assert closed["state"] == "closed"


def test_licence_extension_once(db: str) -> None:
    received = do(db, "tc-004", "2026-06-08T09:00", "application", "receive", "--township",
                  "台城镇", "--matter", "CG-XK-001", "--applicant", "李四",
                  "--summary", "临时占道堆放建材")  # fmt: skip
    opened = do(db, "tc-004", "2026-06-08T09:10", "application", "accept",
                str(received["application_id"]))  # fmt: skip
    case = str(opened["case_id"])
    do(db, "tc-001", "2026-06-08T09:20", "dispatch", case, "--officers", "tc-004,tc-005")
    extend = ("extend", case, "--days", "5")
    do(db, "tc-001", "2026-06-15T09:00", *extend, "--reason", "需要现场核查")
    line = refused_appending_nothing(
        db, "tc-001", "2026-06-16T09:00", "第四十二条", *extend, "--reason", "仍需核查"
    )
    assert "licence-extension-once" in line and "只能延长一次" in line


def history_types(db: str, case: str) -> list[str]:
    events = ok(cli("--json", "case", "history", case, db=db, user="sv-001"))["events"]
    return [str(e["type"]) for e in events]


def test_sanction_amount_twice_amount_is_one_fine_not_a_second(db: str) -> None:
    day = "2026-06-09"
    case = dispatched(db, day, "--id-number", PERSON_ID, "--address", "东街")
    notify = ("notify", case, "--basis", "b", "--circumstance", "一般")
    line = refused_appending_nothing(
        db, "tc-004", f"{day}T10:00", "第九条", *notify, "--amount", "3000",
        "--sanction", "罚款:3000",
    )  # fmt: skip
    assert "sanction-amount-twice" in line
    assert "PenaltyNotified" not in history_types(db, case)
    notified = do(db, "tc-004", f"{day}T10:05", *notify, "--amount", "3000")
    assert notified["state"] == "penalty_notified"
    events = ok(cli("--json", "case", "history", case, db=db, user="sv-001"))["events"]
    notice = next(e for e in events if e["type"] == "PenaltyNotified")
    assert "3000" in str(notice["data"]), notice["data"]


def major_reviewed(db: str, day: str, officers: str) -> str:
    """A 60 000 yuan notice, defence waived, its 法制审核 passed: it needs 集体讨论 (art. 57)."""
    opened = do(db, "tc-004", f"{day}T09:00", "open", "--township", "台城镇",
                "--matter", "SC-CF-001", "--violation-date", day, "--party", "张三",
                "--id-number", PERSON_ID, "--address", "东街", "--summary", "无照经营")  # fmt: skip
    case = str(opened["case_id"])
    do(db, "tc-001", f"{day}T09:10", "dispatch", case, "--officers", officers)
    do(db, "tc-004", f"{day}T09:20", "evidence", case, "--kind", "现场笔录", "--text", "t")
    do(db, "tc-004", f"{day}T09:30", "notify", case, "--basis", "b", "--sanction", "罚款:60000",
       "--circumstance", "严重")  # fmt: skip
    do(db, "tc-004", f"{day}T10:00", "hearing", case, "waive")
    do(db, "tc-003", f"{day}T10:30", "legal-review", case, "--result", "passed",
       "--opinion", "同意")  # fmt: skip
    return case


def test_discussion_by_leader_with_the_leadership(db: str) -> None:
    day = "2026-06-10"
    case = major_reviewed(db, day, "tc-004,tc-005")
    discuss = ("discuss", case, "--conclusion", "同意罚款六万元", "--result", "penalty")
    line = refused_appending_nothing(
        db, "tc-002", f"{day}T11:00", "第五十七条", *discuss, "--participants", "tc-001,tc-002"
    )
    assert "discussion-by-leader" in line and "队长主持" in line
    line = refused_appending_nothing(
        db, "tc-001", f"{day}T11:05", "第五十七条", *discuss, "--participants", "tc-001,tc-004"
    )
    assert "discussion-participants" in line and "tc-004" in line
    line = refused_appending_nothing(
        db, "tc-001", f"{day}T11:10", "第五十七条", *discuss, "--participants", "tc-001"
    )
    assert "discussion-participants" in line
    assert "CollectiveDiscussionHeld" not in history_types(db, case)
    do(db, "tc-001", f"{day}T11:15", *discuss, "--participants", "tc-001,tc-002")
    assert history_types(db, case).count("CollectiveDiscussionHeld") == 1
    decided = do(db, "tc-001", f"{day}T11:30", "decide", case, "--basis", "b",
                 "--sanction", "罚款:60000")  # fmt: skip
    assert decided["state"] == "penalty_decided"


def test_decider_not_investigator_alone_on_a_major_case(db: str) -> None:
    day = "2026-06-11"
    case = major_reviewed(db, day, "tc-001,tc-004")
    decide = ("decide", case, "--basis", "b", "--sanction", "罚款:60000")
    line = refused_appending_nothing(db, "tc-001", f"{day}T11:00", "第五十七条", *decide)
    assert "decider-not-investigator" in line and "承办人员" in line
    do(db, "tc-001", f"{day}T11:15", "discuss", case, "--participants", "tc-001,tc-002",
       "--conclusion", "同意罚款六万元", "--result", "penalty")  # fmt: skip
    assert do(db, "tc-001", f"{day}T11:30", *decide)["state"] == "penalty_decided"

"""法制审核, 集体讨论, who decides and the hearing procedure on the CLI (in-process, both backends)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.case_inproc import cli, ok, refused
from tests.integration.case_db import BACKENDS, database_url
from tests.unit.case_fakes import PERSON_ID


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = database_url(request.param, Path(tmp_path_factory.mktemp("review")))
    assert cli("init", db=url).code == 0
    for person, duty in (("tc-003", "legal_reviewer"), ("tc-002", "decider")):
        run = cli("--json", "case", "duty", "--township", "taicheng", "--person", person,
                  "--duty", duty, db=url, user="tc-001", now="2026-06-01T08:00")  # fmt: skip
        assert ok(run)["person"] == person
    yield url


def do(db: str, user: str, when: str, *args: str) -> dict[str, object]:
    return ok(cli("--json", "case", *args, db=db, user=user, now=when))


def notified(db: str, day: str, amount: str) -> str:
    opened = do(
        db, "tc-004", f"{day}T09:00", "open", "--township", "台城镇", "--matter", "SC-CF-001",
        "--party", "张三", "--id-number", PERSON_ID, "--address", "东街", "--summary", "无照经营",
    )  # fmt: skip
    case = str(opened["case_id"])
    do(db, "tc-001", f"{day}T09:10", "dispatch", case, "--officers", "tc-004,tc-005")
    do(db, "tc-004", f"{day}T09:20", "evidence", case, "--kind", "现场笔录", "--text", "t")
    do(db, "tc-004", f"{day}T09:30", "notify", case, "--basis", "b", "--sanction", f"罚款:{amount}",
       "--circumstance", "严重" if int(amount) > 50_000 else "一般")  # fmt: skip
    return case


def test_designation_is_the_leaders(db: str) -> None:
    run = cli("case", "duty", "--township", "taicheng", "--person", "tc-005", "--duty",
              "legal_reviewer", db=db, user="tc-002", now="2026-06-01T08:30")  # fmt: skip
    assert "队长" in refused(run, "第五十八条")


def test_review_discussion_and_decision(db: str) -> None:
    case = notified(db, "2026-06-01", "60000")
    do(db, "tc-004", "2026-06-01T10:00", "hearing", case, "waive")
    decide = ("decide", case, "--basis", "b", "--sanction", "罚款:60000")
    run = cli("case", *decide, db=db, user="tc-001", now="2026-06-01T10:10")
    assert "法制审核" in refused(run, "第五十八条")
    by_investigator = cli("case", "legal-review", case, "--result", "passed", "--opinion", "o",
                          db=db, user="tc-004", now="2026-06-01T10:15")  # fmt: skip
    refused(by_investigator, "第五十八条")
    do(db, "tc-003", "2026-06-01T10:20", "legal-review", case, "--result", "returned",
       "--opinion", "证据不足，退回补充调查")  # fmt: skip
    assert "退回" in refused(
        cli("case", *decide, db=db, user="tc-001", now="2026-06-01T10:25"), "第五十八条"
    )
    do(
        db,
        "tc-003",
        "2026-06-02T09:00",
        "legal-review",
        case,
        "--result",
        "passed",
        "--opinion",
        "同意",
    )
    run = cli("case", *decide, db=db, user="tc-001", now="2026-06-02T09:10")
    assert "集体讨论" in refused(run, "第五十七条")
    do(db, "tc-001", "2026-06-02T10:00", "discuss", case, "--participants", "tc-001,tc-002,tc-003",
       "--conclusion", "同意罚款六万元", "--result", "penalty")  # fmt: skip
    assert (
        do(db, "tc-002", "2026-06-02T10:30", *decide[0:1], *decide[1:])["state"]
        == "penalty_decided"
    )


def test_hearing_schedule_hold_and_decide(db: str, tmp_path: Path) -> None:
    case = notified(db, "2026-06-03", "20000")
    do(db, "tc-004", "2026-06-03T10:00", "hearing", case, "request")
    short = cli("case", "hearing", case, "schedule", "--on", "2026-06-05", "--place", "听证室",
                "--chair", "tc-006", db=db, user="tc-001", now="2026-06-03T10:10")  # fmt: skip
    assert "七日" in refused(short, "第六十四条")
    chair_investigates = cli("case", "hearing", case, "schedule", "--on", "2026-06-15",
                             "--place", "听证室", "--chair", "tc-005",
                             db=db, user="tc-001", now="2026-06-03T10:10")  # fmt: skip
    refused(chair_investigates, "第六十四条")
    do(db, "tc-001", "2026-06-03T10:20", "hearing", case, "schedule", "--on", "2026-06-15",
       "--place", "台城镇执法队听证室", "--chair", "tc-006")  # fmt: skip
    record = tmp_path / "听证笔录.pdf"
    record.write_bytes(b"%PDF record")
    early = cli("case", "hearing", case, "held", "--record", str(record),
                db=db, user="tc-006", now="2026-06-12T09:00")  # fmt: skip
    refused(early, "第六十四条")
    do(db, "tc-006", "2026-06-15T11:00", "hearing", case, "held", "--record", str(record))
    decide = ("decide", case, "--basis", "b", "--amount", "15000")
    refused(cli("case", *decide, db=db, user="tc-001", now="2026-06-15T15:00"), "第五十八条")
    do(
        db,
        "tc-003",
        "2026-06-16T09:00",
        "legal-review",
        case,
        "--result",
        "passed",
        "--opinion",
        "同意",
    )
    assert do(db, "tc-001", "2026-06-16T10:00", *decide)["state"] == "penalty_decided"


def test_an_unauthorised_deputy_is_told_who_decides(db: str) -> None:
    case = notified(db, "2026-06-04", "300")
    do(db, "tc-004", "2026-06-04T10:00", "hearing", case, "waive")
    run = cli("case", "decide", case, "--basis", "b", "--amount", "300",
              db=db, user="tc-003", now="2026-06-04T11:00")  # fmt: skip
    assert "经队长授权的副队长" in refused(run, "第五十七条")


def dispatched(db: str, day: str) -> str:
    opened = do(
        db, "tc-004", f"{day}T09:00", "open", "--township", "台城镇", "--matter", "SC-CF-001",
        "--party", "李四", "--summary", "涉嫌无照经营",
    )  # fmt: skip
    case = str(opened["case_id"])
    do(db, "tc-001", f"{day}T09:10", "dispatch", case, "--officers", "tc-004,tc-005")
    do(db, "tc-004", f"{day}T09:20", "evidence", case, "--kind", "询问笔录", "--text", "t")
    return case


def test_outcomes_other_than_a_penalty(db: str) -> None:
    day = "2026-06-05"
    no_penalty = dispatched(db, day)
    bad = cli("case", "decide", no_penalty, "--no-penalty", "看心情", "--reason", "r",
              db=db, user="tc-001", now=f"{day}T10:00")  # fmt: skip
    assert "不予处罚的理由" in refused(bad, "第三十三条")
    done = do(db, "tc-001", f"{day}T10:05", "decide", no_penalty, "--no-penalty", "初次违法",
              "--reason", "初次违法且危害后果轻微，已及时改正")  # fmt: skip
    assert done["state"] == "no_penalty"
    do(db, "tc-004", f"{day}T10:10", "close", no_penalty, "--outcome", "no_penalty")
    reviewed = do(db, "sv-001", f"{day}T10:20", "review", no_penalty, "--verdict", "qualified",
                  "--findings", "适用第三十三条正确")  # fmt: skip
    assert reviewed["state"] == "reviewed"

    transferred = dispatched(db, day)
    no_organ = cli("case", "transfer", transferred, "--to", " ", "--reason", "涉嫌犯罪",
                   db=db, user="tc-001", now=f"{day}T11:00")  # fmt: skip
    refused(no_organ, "第二十七条")
    done = do(db, "tc-001", f"{day}T11:05", "transfer", transferred, "--to", "五台县公安局",
              "--reason", "涉嫌生产销售伪劣产品罪")  # fmt: skip
    assert done["state"] == "transferred"
    do(db, "tc-001", f"{day}T11:10", "close", transferred, "--outcome", "transferred")

    withdrawn = dispatched(db, day)
    by_officer = cli("case", "withdraw", withdrawn, "--reason", "r",
                     db=db, user="tc-004", now=f"{day}T12:00")  # fmt: skip
    assert by_officer.code == 4 and "撤销立案只能由" in by_officer.err
    done = do(db, "tc-001", f"{day}T12:05", "withdraw", withdrawn, "--reason", "不属于本机关管辖")
    assert done["state"] == "withdrawn"
    shown = do(db, "tc-004", f"{day}T12:10", "show", withdrawn)
    assert shown["state"] == "withdrawn"


def stream_version(db: str, case: str) -> int:
    from events import open_store

    store = open_store(db)
    try:
        return len(store.read_stream(f"case-{case}"))
    finally:
        store.close()


def test_hearing_held_record_is_read_after_who_acts_then_hashed(db: str, tmp_path: Path) -> None:
    """`hearing held --record`: who acts is checked before the 听证笔录 is read (a stranger
    naming /dev/zero is refused at once), special and oversized files are refused, nothing
    is appended on a refusal, and the record's SHA-256 and name are kept (issue 13 §3)."""
    import hashlib
    import os

    from tests.e2e.case_inproc import environment

    case = notified(db, "2026-06-05", "20000")
    do(db, "tc-004", "2026-06-05T10:00", "hearing", case, "request")
    do(db, "tc-001", "2026-06-05T10:20", "hearing", case, "schedule", "--on", "2026-06-17",
       "--place", "台城镇执法队听证室", "--chair", "tc-006")  # fmt: skip
    before = stream_version(db, case)
    held = ("case", "hearing", case, "held", "--record")
    when = "2026-06-17T11:00"
    for user in ("nobody", "gz-001"):  # unknown; an officer of another township
        stranger = cli(*held, "/dev/zero", db=db, user=user, now=when)
        assert stranger.code == 4 and "Traceback" not in stranger.err, (user, stranger)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # no writer: opening it to read would wait for ever
    for special in ("/dev/zero", str(fifo), str(tmp_path)):
        run = cli(*held, special, db=db, user="tc-006", now=when)
        assert run.code == 2 and "not a regular file" in run.err, (special, run)
    missing = cli(*held, str(tmp_path / "absent.pdf"), db=db, user="tc-006", now=when)
    assert missing.code == 2 and "cannot read" in missing.err, missing
    record = tmp_path / "听证笔录.pdf"
    record.write_bytes(b"%PDF-1.7 hearing record " * 100)  # 2,400 bytes
    with environment(CASEWORK_EVIDENCE_MAX_MB="0.001"):  # 1,048 bytes
        big = cli(*held, str(record), db=db, user="tc-006", now=when)
    assert big.code == 2 and "larger than 1048 bytes" in big.err, big
    assert stream_version(db, case) == before  # every refusal appended nothing
    kept = do(db, "tc-006", when, "hearing", case, "held", "--record", str(record),
              "--notes", "当事人到场陈述申辩")  # fmt: skip
    assert kept["state"] == "hearing"
    history = ok(cli("--json", "case", "history", case, db=db, user="sv-001"))["events"]
    event = next(e for e in history if e["type"] == "HearingHeld")
    assert event["data"]["record_sha256"] == hashlib.sha256(record.read_bytes()).hexdigest()
    assert event["data"]["record_file"] == "听证笔录.pdf"
    assert event["data"]["notes"] == "当事人到场陈述申辩"
    assert stream_version(db, case) == before + 1

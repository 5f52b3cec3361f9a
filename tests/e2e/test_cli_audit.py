"""The supervisor's audit as a user runs it: history, case show --as-of, export, verify-bundle.

Business times are fixed with CASEWORK_NOW (1 June 2026); recording times are real, so
every event here is recorded months after its business time and shows as backdated.
"""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.e2e.cli import Run, casework, settle_url
from tests.integration.case_db import BACKENDS, database_url
from workflow.clock import local

DAY = "2026-06-01"
CASE = "taicheng-P-2026-1"


def at(db: str, user: str, time: str, *args: str) -> Run:
    return casework("--json", *args, db=db, user=user, CASEWORK_NOW=f"{DAY}T{time}")


def ok(run: Run) -> Run:
    assert run.code == 0, run.err
    return run


def jsonl(run: Run) -> list[dict[str, object]]:
    return [json.loads(line) for line in ok(run).out.splitlines()]


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    url = database_url(request.param, tmp_path)
    ok(casework("init", db=url))
    return url


def open_and_dispatch(db: str, tmp_path: Path) -> str:
    """Open and dispatch the case; return a moment recorded between the two."""
    open_args = ("case", "open", "--township", "台城镇", "--matter", "SC-CF-001")
    ok(at(db, "tc-004", "09:00", *open_args, "--party", "王五", "--summary", "无照经营"))
    between = local(datetime.now(UTC)).isoformat()
    ok(at(db, "tc-001", "09:30", "case", "dispatch", CASE, "--officers", "tc-004,tc-005"))
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(b"\xff\xd8 photo bytes")
    evidence = (
        "case",
        "evidence",
        CASE,
        "--kind",
        "照片",
        "--text",
        "现场 ok1",
        "--file",
        str(photo),
    )
    ok(at(db, "tc-004", "10:00", *evidence))
    return between


def test_history_of_a_case_and_by_actor(db: str, tmp_path: Path) -> None:
    open_and_dispatch(db, tmp_path)
    rows = jsonl(casework("--json", "history", CASE, db=db, user="sv-001"))
    assert [r["type"] for r in rows] == ["CaseOpened", "CaseDispatched", "EvidenceRecorded"]
    assert all(r["backdated"] and "d" in str(r["backdate"]) for r in rows)
    assert rows[0]["at"] == "2026-06-01 09:00" and rows[0]["actor"] == "tc-004"
    assert all(len(str(r["hash"])) == 64 for r in rows)
    human = ok(casework("history", "台城镇综执罚〔2026〕1号", db=db, user="sv-001")).out
    assert "补录 backdated" in human and "王五" in human  # Chinese unescaped
    today = local(datetime.now(UTC)).date().isoformat()
    settle_url(db)  # searches read what is readable: wait for what this test wrote
    mine = jsonl(
        casework("--json", "history", "--actor", "tc-001", "--from", today, "--to", today, db=db)
    )
    assert [(r["stream_id"], r["type"], r["actor"]) for r in mine] == [
        (f"case-{CASE}", "CaseDispatched", "tc-001")
    ]
    by_business = casework(
        "--json",
        "history",
        "--actor",
        "tc-004",
        "--by",
        "business",
        "--from",
        DAY,
        "--to",
        DAY,
        db=db,
    )
    assert [r["type"] for r in jsonl(by_business)] == ["CaseOpened", "EvidenceRecorded"]
    assert (
        jsonl(casework("--json", "history", "--actor", "tc-001", "--to", "2026-06-01", db=db)) == []
    )
    usage = casework("history", db=db)
    assert usage.code != 0 and "Traceback" not in usage.err


def test_case_show_as_of_returns_past_states(db: str, tmp_path: Path) -> None:
    between = open_and_dispatch(db, tmp_path)
    then = json.loads(ok(casework("--json", "case", "show", CASE, "--as-of", between, db=db)).out)
    assert then["state"] == "opened" and then["version"] == 1 and then["officers"] == []
    now = json.loads(ok(casework("--json", "case", "show", CASE, db=db)).out)
    assert now["state"] == "dispatched" and now["evidence"] == 1
    human = ok(casework("case", "show", CASE, "--as-of", between, db=db)).out
    assert "截至 as of" in human and "opened" in human
    early = casework("case", "show", CASE, "--as-of", "2026-01-01", db=db)
    assert early.code == 2 and "尚未立案" in early.err and "Traceback" not in early.err


def test_export_and_verify_bundle(db: str, tmp_path: Path) -> None:
    open_and_dispatch(db, tmp_path)
    out = tmp_path / "bundle.zip"
    done = json.loads(
        ok(casework("--json", "export", CASE, "--out", str(out), db=db, user="sv-001")).out
    )
    assert done["events"] == 3 and done["chain_ok"] is True
    nodb = "sqlite:////nonexistent/dir/none.db"  # verify-bundle must not need the database
    good = json.loads(ok(casework("--json", "verify-bundle", str(out), db=nodb)).out)
    assert good["ok"] and good["head_hash"] == done["head_hash"]
    with zipfile.ZipFile(out) as z:
        files = {n: z.read(n) for n in z.namelist()}
        assert "王五" in files["summary.html"].decode()
    altered = tmp_path / "altered.zip"
    with zipfile.ZipFile(altered, "w") as z:
        for name, body in files.items():
            z.writestr(name, body.replace(b"ok1", b"ok2") if name == "events.jsonl" else body)
    bad = casework("verify-bundle", str(altered), db=nodb)
    assert bad.code == 1 and "version 3" in bad.out and f"case-{CASE}" in bad.out
    missing = casework("verify-bundle", str(tmp_path / "none.zip"), db=nodb)
    assert missing.code == 2 and "Traceback" not in missing.err


@pytest.mark.parametrize(
    ("user", "code", "words"),
    [
        (None, 2, "--as"),  # nobody named
        ("ad-001", 4, "name the party in full"),  # the administrator
        ("gz-004", 4, "name the party in full"),  # an officer of another township
    ],
)
def test_export_is_refused_to_who_may_not_have_the_case_file(
    db: str, tmp_path: Path, user: str | None, code: int, words: str
) -> None:
    """The bundle holds the raw events and documents (the party in full): refused in one
    line, Chinese and English, and no file (nor a partial one) is written."""
    open_and_dispatch(db, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    refused = casework("export", CASE, "--out", str(out / "bundle.zip"), db=db, user=user)
    lines = refused.err.strip().splitlines()
    assert refused.code == code and len(lines) == 1 and words in lines[0], refused.err
    assert "Traceback" not in refused.err and any("\u4e00" <= ch <= "\u9fff" for ch in lines[0])
    assert list(out.iterdir()) == []


def test_the_cases_own_team_may_export_it(db: str, tmp_path: Path) -> None:
    open_and_dispatch(db, tmp_path)
    out = tmp_path / "team.zip"
    done = json.loads(ok(casework("--json", "export", CASE, "--out", str(out), db=db,
                                  user="tc-004")).out)  # fmt: skip
    assert done["events"] == 3 and zipfile.is_zipfile(out)


def test_case_history_masks_the_party_for_roles_that_do_not_need_it(db: str) -> None:
    """`case history` masks ID number, phone and address as `casework history` does."""
    opened = at(db, "tc-004", "09:00", "case", "open", "--township", "台城镇", "--matter",
                "SC-CF-001", "--party", "张三", "--summary", "无照经营",
                "--id-number", "140922198503120018", "--address", "台城镇东街8号院")  # fmt: skip
    ok(opened)
    for user in (None, "ad-001"):
        shown = ok(casework("--json", "case", "history", CASE, db=db, user=user)).out
        data = json.loads(shown)["events"][0]["data"]
        assert "140922198503120018" not in shown and "东街8号院" not in shown
        assert "140922********0018" in shown and data["party"] == "张三"
        human = ok(casework("case", "history", CASE, db=db, user=user)).out
        assert "140922198503120018" not in human and "东街8号院" not in human
    for user in ("tc-004", "sv-001"):
        clear = ok(casework("--json", "case", "history", CASE, db=db, user=user)).out
        assert "140922198503120018" in clear and "台城镇东街8号院" in clear

"""QA: bad input as officers type it gets one clear line, the right exit code, no append."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from events import NewEvent, open_store
from tests.e2e.cli import Run, casework
from workflow.clock import SHANGHAI

NOW = "2026-06-01T10:00"


def run(db: str, user: str | None, *args: str) -> Run:
    return casework(*args, db=db, user=user, CASEWORK_NOW=NOW)


def position(db: str) -> int:
    status = run(db, None, "--json", "status")
    assert status.code == 0, status.err
    return int(json.loads(status.out)["last_position"])


def one_line(result: Run) -> str:
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.err, result.err
    return lines[0]


@pytest.fixture(scope="module")
def notified(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A database with one penalty case notified of a 500 yuan fine, defence waived."""
    db = f"sqlite:///{tmp_path_factory.mktemp('qa') / 'qa.db'}"
    assert run(db, None, "init").code == 0
    opened = run(db, "tc-004", "--json", "case", "open", "--township", "台城镇",
                 "--matter", "SC-CF-003", "--party", "张三", "--summary", "未明码标价",
                 "--id-number", "140922198503120018", "--address", "台城镇东街")  # fmt: skip
    case = json.loads(opened.out)["case_id"]
    steps = [
        ("tc-001", "dispatch", case, "--officers", "tc-004,tc-005"),
        ("tc-004", "evidence", case, "--kind", "现场检查笔录", "--text", "已拍照取证"),
        ("tc-005", "notify", case, "--amount", "500", "--basis", "《价格法》第四十二条",
         "--circumstance", "一般"),  # fmt: skip
        ("tc-004", "hearing", case, "waive"),
    ]
    for user, *args in steps:
        done = run(db, user, "case", *args)
        assert done.code == 0, done.err
    return db, case


def test_decide_refuses_a_negative_fine(notified: tuple[str, str]) -> None:
    db, case = notified
    before = position(db)
    refused = run(db, "tc-002", "case", "decide", case, "--amount", "-5", "--basis", "《价格法》")
    assert refused.code == 3, refused
    assert "罚款" in one_line(refused)
    assert position(db) == before


@pytest.mark.parametrize("amount", ["nan", "inf"])
def test_non_finite_amounts_are_refused_by_the_rule(notified: tuple[str, str], amount: str) -> None:
    db, case = notified
    before = position(db)
    refused = run(db, "tc-002", "case", "decide", case, "--amount", amount, "--basis", "《价格法》")
    assert refused.code == 3, refused
    assert "JSON" not in one_line(refused)
    assert position(db) == before


def test_time_errors_show_shanghai_time(notified: tuple[str, str]) -> None:
    db, case = notified
    future = run(db, "tc-004", "case", "evidence", case, "--kind", "书证", "--text", "x",
                 "--at", "2026-06-02T08:00")  # fmt: skip
    assert future.code == 3
    line = one_line(future)
    assert "2026-06-02 08:00" in line and "+00:00" not in line, line


def test_a_database_that_cannot_be_opened_is_one_clear_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'qa.db'}"
    failed = run(db, None, "status")
    assert failed.code == 1
    line = one_line(failed)
    assert "无法打开数据库" in line and "cannot open the database" in line, line
    assert "internal error" not in line


def test_a_sqlite_too_old_for_the_store_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python links the system's libsqlite3: one older than 3.35 (no RETURNING) failed at
    the first append with "near RETURNING: syntax error"; opening the store says so."""
    import events.sqlite

    monkeypatch.setattr(events.sqlite.sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(events.sqlite.sqlite3, "sqlite_version", "3.31.1")
    db = tmp_path / "old.db"
    failed = run(f"sqlite:///{db}", None, "init")
    assert failed.code == 1
    line = one_line(failed)
    assert "SQLite 3.31.1 版本过旧，需要 3.35 或更新" in line and "3.35 or newer" in line, line
    assert not db.exists()
    monkeypatch.undo()
    assert run(f"sqlite:///{db}", None, "init").code == 0  # the real library is new enough


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("case", "open", "--township", "台城镇", "--party", "张三"), "--matter"),
        (("case", "notify", "x", "--amount", "abc", "--basis", "b"), "--amount"),
        (("bogus",), "bogus"),
        (("case", "show", "x", "--nope"), "--nope"),
        (("cases", "--state", "nonsense"), "--state"),
    ],
)
def test_usage_errors_are_one_line_in_chinese_and_english(
    notified: tuple[str, str], args: tuple[str, ...], said: str
) -> None:
    db, _ = notified
    before = position(db)
    wrong = run(db, "tc-004", *args)
    assert wrong.code == 2, wrong
    line = one_line(wrong)
    assert line.startswith("casework: 用法错误 / usage error") and said in line, line
    assert position(db) == before


def test_help_and_bare_groups_still_show_help(notified: tuple[str, str]) -> None:
    db, _ = notified
    helped = run(db, None, "case", "open", "--help")
    assert helped.code == 0 and "--township" in helped.out
    bare = run(db, None, "case")
    assert bare.code == 2 and "dispatch" in bare.out + bare.err


def test_verify_refuses_a_root_that_is_not_a_merkle_root(notified: tuple[str, str]) -> None:
    db, _ = notified
    wrong = run(db, None, "verify", "--month", "2026-05", "--root", "zz")
    assert wrong.code == 2
    line = one_line(wrong)
    assert "64" in line and "no longer matches" not in line, line


@pytest.mark.parametrize(
    ("officer", "name"), [("tc-099", ""), ("tc-098", "   "), ("TC 099", "新人"), ("tc,100", "新人")]
)
def test_enlist_refuses_an_empty_name_or_a_malformed_id(
    notified: tuple[str, str], officer: str, name: str
) -> None:
    db, _ = notified
    before = position(db)
    refused = run(db, "tc-001", "officer", "enlist", officer, "--name", name,
                  "--township", "台城镇", "--origin", "township_staff")  # fmt: skip
    assert refused.code == 2, refused
    one_line(refused)
    assert position(db) == before


@pytest.mark.parametrize("report", ["cases", "deadlines"])
def test_reports_name_an_unknown_township(notified: tuple[str, str], report: str) -> None:
    db, _ = notified
    unknown = run(db, None, report, "--township", "不存在镇")
    assert unknown.code == 2 and "不存在镇" in one_line(unknown), unknown
    known = run(db, None, "--json", report, "--township", "台城镇")
    assert known.code == 0 and "台城镇" in known.out, known


def test_a_failed_export_leaves_no_partial_file(notified: tuple[str, str], tmp_path: Path) -> None:
    db, case = notified
    (tmp_path / "bundle.zip").mkdir()
    failed = run(db, None, "export", case, "--out", str(tmp_path / "bundle.zip"))
    assert failed.code == 2
    one_line(failed)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.zip"]


def test_the_deadline_sweep_refuses_a_day_still_to_come(notified: tuple[str, str]) -> None:
    db, _ = notified
    before = position(db)
    future = run(db, None, "sweep", "--date", "2030-01-01")
    assert future.code == 3, future
    assert "2030-01-01" in one_line(future)
    assert position(db) == before
    assert run(db, None, "sweep", "--date", "2026-06-01").code == 0


def test_a_read_only_database_is_named_not_an_internal_error(notified: tuple[str, str]) -> None:
    db, _ = notified
    read_only = f"sqlite:///file:{db.removeprefix('sqlite:///')}?mode=ro&uri=true"
    assert run(read_only, None, "status").code == 0
    refused = run(read_only, "tc-004", "case", "open", "--township", "台城镇",
                  "--matter", "SC-CF-003", "--party", "张三", "--summary", "x")  # fmt: skip
    assert refused.code == 1
    line = one_line(refused)
    assert "数据库" in line and "readonly" in line and "internal error" not in line, line


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("case", "open", "--township", "台城镇", "--matter", "SC-CF-003", "--party", "张三",
          "--summary", "x", "--violation-date", "garbage"), "--violation-date"),
        (("sweep", "--date", "garbage"), "--date"),
    ],
)  # fmt: skip
def test_a_malformed_date_names_its_option(
    notified: tuple[str, str], args: tuple[str, ...], option: str
) -> None:
    db, _ = notified
    wrong = run(db, "tc-004", *args)
    assert wrong.code == 2
    assert f"{option}: 'garbage' is not a date" in one_line(wrong)


def test_an_unreachable_redis_is_named_not_an_internal_error(notified: tuple[str, str]) -> None:
    db, _ = notified
    env = {**os.environ, "CASEWORK_DATABASE_URL": db, "CASEWORK_REDIS_URL": "redis://127.0.0.1:1/0"}
    proc = subprocess.run([sys.executable, "-m", "workflow", "worker", "--burst"], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 1
    line = one_line(Run(proc.returncode, proc.stdout, proc.stderr))
    assert "Redis" in line and "internal error" not in line, line


@pytest.mark.parametrize(("args", "says"), [
    (("--until", "2026-05-20"), "2026-06-05"),  # no working day to open a case in: was IndexError
    (("--until", "2026-12-01"), "CASEWORK_NOW"),  # after today: the sweep refused it mid-run, exit 1
    (("--cases", "-3"), "--cases"),  # was accepted as 0 cases
])
def test_the_demo_refuses_what_it_cannot_simulate_before_it_builds_anything(
    tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    db_file = tmp_path / "demo.db"
    refused = casework("demo", "--cases", "5", *args, db=f"sqlite:///{db_file}", CASEWORK_NOW=NOW)
    assert refused.code == 2 and says in one_line(refused), refused.err
    assert not db_file.exists()


def test_a_short_demo_opens_its_cases_within_its_weeks(tmp_path: Path) -> None:
    """--until a month after the start: the four-month paths open in the window there is."""
    db = f"sqlite:///{tmp_path / 'short.db'}"
    built = casework("--json", "demo", "--seed", "7", "--cases", "15", "--until", "2026-06-05",
                     db=db, CASEWORK_NOW="2026-06-10T10:00")  # fmt: skip
    assert built.code == 0, built.err
    store = open_store(db)
    try:
        opened = [e for e in store.iter_all() if e.type == "CaseOpened"]
    finally:
        store.close()
    last = datetime(2026, 6, 6, tzinfo=SHANGHAI)
    assert len(opened) >= 15 and all(e.recorded_at < last for e in opened)


def test_the_demo_never_deletes_a_log_unless_asked(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'county.db'}"
    store = open_store(db)
    store.append("case-real", [NewEvent("CaseOpened", {"当事人": "真实当事人"})])
    store.close()
    refused = casework("demo", "--cases", "5", db=db)
    assert refused.code == 2 and "--replace" in refused.err and "Traceback" not in refused.err
    assert open_store(db).read_stream("case-real")[0].data == {"当事人": "真实当事人"}
    rebuilt = casework("--json", "demo", "--cases", "5", "--replace", db=db)
    assert rebuilt.code == 0, rebuilt.err
    assert open_store(db).stream_version("case-real") == 0

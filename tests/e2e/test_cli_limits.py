"""Text limits on both backends: every free-text field at its limit is kept, one over is
refused with the field named and nothing appended; NUL and control characters likewise;
the read models answer afterwards (issue 13 §1: PostgreSQL once rejected 301 characters
only when projecting, and every read for the county failed from then on)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from events import open_store
from tests.e2e.inproc import Run, casework
from tests.integration.case_db import BACKENDS, database_url
from workflow.limits import limit

DAY = "2026-06-01"
CASE = "taicheng-P-2026-1"
OPEN_CASE = "taicheng-P-2026-2"


def head(db: str) -> int:
    store = open_store(db)
    try:
        return store.status().last_position
    finally:
        store.close()


def at(db: str, user: str, time: str, *args: str) -> Run:
    return casework("--json", *args, db=db, user=user, now=f"{DAY}T{time}")


def ok(run: Run) -> None:
    assert run.code == 0, run.err


def closed_case(db: str) -> None:
    """The README's path up to a closed case (the review needs one), and an open one."""
    basis = "《价格法》第四十二条"
    ok(at(db, "tc-004", "09:00", "case", "open", "--township", "台城镇", "--matter", "SC-CF-003",
          "--party", "张三", "--summary", "未明码标价", "--id-number", "140922198503120018",
          "--address", "台城镇东街"))  # fmt: skip
    ok(at(db, "tc-001", "09:10", "case", "dispatch", CASE, "--officers", "tc-004,tc-005"))
    ok(at(db, "tc-004", "09:20", "case", "evidence", CASE, "--kind", "现场检查笔录", "--text", "已拍照"))
    ok(at(db, "tc-005", "09:30", "case", "notify", CASE, "--amount", "500", "--basis", basis,
          "--circumstance", "一般"))  # fmt: skip
    ok(at(db, "tc-004", "09:40", "case", "hearing", CASE, "waive"))
    ok(at(db, "tc-001", "09:50", "case", "decide", CASE, "--amount", "500", "--basis", basis))
    # executed needs service and payment on record; this test is about field limits
    ok(at(db, "tc-004", "10:00", "case", "close", CASE, "--outcome", "unexecutable",
          "--reason", "当事人下落不明，终结执行"))  # fmt: skip
    ok(at(db, "tc-004", "10:10", "case", "open", "--township", "台城镇", "--matter", "SC-CF-003",
          "--party", "王五", "--summary", "未明码标价"))  # fmt: skip
    ok(at(db, "tc-001", "10:20", "case", "dispatch", OPEN_CASE, "--officers", "tc-004,tc-005"))


# (field, who acts, the command with {} where the value goes)
FIELDS = [
    ("party", "tc-004", ["case", "open", "--township", "台城镇", "--matter", "SC-CF-003",
                         "--party", "{}", "--summary", "s"]),
    ("summary", "tc-004", ["case", "open", "--township", "台城镇", "--matter", "SC-CF-003",
                           "--party", "李四", "--summary", "{}"]),
    ("party_address", "tc-004", ["case", "open", "--township", "台城镇", "--matter", "SC-CF-003",
                                 "--party", "赵六", "--summary", "s", "--address", "{}"]),
    ("text", "tc-004", ["case", "evidence", OPEN_CASE, "--kind", "照片", "--text", "{}"]),
    ("name", "tc-001", ["officer", "enlist", "tc-099", "--name", "{}", "--township", "台城镇",
                        "--origin", "township_staff"]),
    ("opinion", "tc-001", ["personnel", "opinion", "tc-004", "--action", "award",
                           "--opinion", "{}"]),
    ("details", "tc-001", ["officer", "remove", "tc-006", "--reason", "other", "--details", "{}"]),
    ("findings", "sv-001", ["case", "review", CASE, "--verdict", "qualified", "--findings", "{}"]),
]  # fmt: skip
READS = [["roster", "台城镇"], ["accountability", "tc-004"], ["case", "show", CASE]]


def fill(argv: list[str], value: str) -> list[str]:
    return [value if a == "{}" else a for a in argv]


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_free_text_field_at_its_limit_and_one_over(backend: str, tmp_path: Path) -> None:
    db = database_url(backend, tmp_path)
    ok(casework("init", db=db))
    closed_case(db)
    for field, user, argv in FIELDS:
        most = limit(field)
        before = head(db)
        over = at(db, user, "11:00", *fill(argv, "长" * (most + 1)))
        assert over.code == 2, (field, over.err)
        assert field in over.err and str(most) in over.err and "Traceback" not in over.err
        assert head(db) == before, f"{field}: a refused command appended"
        refused = at(db, user, "11:00", *fill(argv, "a\x00b"))
        assert refused.code == 2 and "U+0000" in refused.err and field in refused.err, refused.err
        assert head(db) == before
        ok(at(db, user, "11:00", *fill(argv, "满" * most)))
        assert head(db) > before, f"{field}: a value at the limit was not kept"
    for argv in READS:
        run = at(db, "sv-001", "12:00", *argv)
        assert run.code == 0, (argv, run.err)
    shown = [json.loads(line) for line in at(db, "sv-001", "12:00", "cases").out.splitlines()]
    assert any(c.get("party") == "满" * limit("party") for c in shown)

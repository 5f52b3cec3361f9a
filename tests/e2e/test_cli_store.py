"""`casework verify` and `casework status` as a supervisor runs them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from events import NewEvent, open_store
from tests.e2e.cli import casework


def test_verify_names_the_altered_event(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    db = f"sqlite:///{path}"
    store = open_store(db)
    store.append("case-x", [NewEvent("CaseOpened", {"当事人": "王五"}), NewEvent("CaseClosed", {})])
    store.close()
    ok = casework("--json", "verify", db=db)
    assert ok.code == 0 and json.loads(ok.out) == {
        "ok": True, "checked": 2, "streams": 1, "problems": 0, "first_broken": None,
    }  # fmt: skip
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER events_no_update")
        conn.execute("UPDATE events SET data = replace(data, '王五', '王六') WHERE version = 1")
    bad = casework("verify", db=db)
    assert bad.code == 1
    assert "case-x" in bad.out and "version 1" in bad.out and "hash-mismatch" in bad.out


def test_status_reports_head(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    store = open_store(db)
    store.append("s", [NewEvent("T", {}), NewEvent("T", {})])
    store.close()
    run = casework("--json", "status", db=db)
    assert run.code == 0
    assert json.loads(run.out)["head"] == 2


def test_bad_database_url_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    run = casework("verify", db="mysql://nobody@127.0.0.1/x")
    assert run.code == 1
    assert run.err.count("\n") == 1 and "Traceback" not in run.err
    assert "unknown database backend" in run.err

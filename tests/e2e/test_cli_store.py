"""`casework verify` and `casework status` as a supervisor runs them."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
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
        "sealed_months": 0, "broken_months": [],
        "unsigned_before_signing": 2, "signing_since": None, "checkpoints": 0,
        "unsealed_months": [], "circular_mismatches": [],
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


def test_seal_and_check_a_month_from_paper(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    db = f"sqlite:///{path}"
    moments = iter([datetime(2026, 10, 9, 2, tzinfo=UTC), datetime(2026, 11, 3, 2, tzinfo=UTC)])
    store = open_store(db, clock=lambda: next(moments))
    store.append("case-oct", [NewEvent("CaseOpened", {"当事人": "孙七"})])
    store.append("case-nov", [NewEvent("CaseOpened", {"当事人": "周八"})])
    store.close()
    now = {"CASEWORK_NOW": "2026-11-26T09:00:00"}
    sealed = casework("--json", "seal", "--month", "2026-10", db=db, user="scheduler", **now)
    assert sealed.code == 0, sealed.err
    root = json.loads(sealed.out)["root"]
    assert json.loads(sealed.out)["count"] == 1
    assert casework("verify", "--month", "2026-10", "--root", root, db=db).code == 0
    typo = casework("verify", "--month", "2026-10", "--root", "0" * 64, db=db)
    assert typo.code == 6, "the log still matches its seal: only the typed root is wrong"
    assert "typed" in typo.out and "altered" not in typo.out
    unsealed = casework("verify", "--month", "2026-11", db=db, **now)
    assert unsealed.code == 2 and "not sealed" in unsealed.out, "nothing compared: not exit 1"
    too_early = casework("seal", "--month", "2026-11", db=db, user="scheduler", **now)
    assert too_early.code == 3 and "2026-11" in too_early.err
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER events_no_update")
        conn.execute("UPDATE events SET data = replace(data, '孙七', '孙九') WHERE stream_id = 'case-oct'")
    altered = casework("verify", "--month", "2026-10", "--root", root, db=db)
    assert altered.code == 1 and "2026-10" in altered.out and "altered" in altered.out
    assert casework("verify", "--month", "2026-10", "--root", "0" * 64, db=db).code == 1
    everything = casework("--json", "verify", db=db)
    assert everything.code == 1 and json.loads(everything.out)["broken_months"] == ["2026-10"]

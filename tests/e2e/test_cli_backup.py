"""`casework backup` and `casework restore` as the county's IT staff run them (in-process)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from workflow.cli.app import main
from workflow.demo.run import run_demo
from workflow.settings import Settings


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        main(list(argv))
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow
def test_backup_then_restore_a_demo_county(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEWORK_NOW", "2026-11-20T12:00:00+08:00")
    live = tmp_path / "live.db"
    run_demo(Settings(database_url=f"sqlite:///{live}"), seed=2, cases=20)
    monkeypatch.setenv("CASEWORK_DATABASE_URL", f"sqlite:///{live}")
    code, out, err = run(capsys, "--json", "backup", "--out", str(tmp_path / "county.cwbak"))
    assert code == 0, err
    made = json.loads(out)
    with sqlite3.connect(live) as conn:
        events, seals = conn.execute(
            "SELECT count(*), sum(event_type = 'MonthSealed') FROM events"
        ).fetchone()
    assert made["events"] == made["head"] == events and made["last_seal"] == "2026-10"

    target = tmp_path / "restored" / "county.db"
    target.parent.mkdir()
    code, out, err = run(capsys, "--json", "restore", made["file"], "--to", f"sqlite:///{target}")
    assert code == 0, err
    restored = json.loads(out)
    assert restored["events"] == events and restored["verified"]["ok"]
    assert restored["verified"]["sealed_months"] == seals
    assert restored["event_types"]["CaseOpened"] == 20
    assert set(restored["read_models"].values()) == {events}

    monkeypatch.setenv("CASEWORK_DATABASE_URL", f"sqlite:///{target}")
    code, out, _ = run(capsys, "--json", "verify")
    assert code == 0 and json.loads(out)["checked"] == events

    code, out, _ = run(capsys, "restore", made["file"], "--to", f"sqlite:///{target}")
    assert code == 2 and out == ""  # never over a database that exists


def test_refusals_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "restore", str(tmp_path / "missing.cwbak"), "--to", "sqlite:///x.db")
    assert code == 2 and err.count("\n") == 1 and "no backup file" in err
    bogus = tmp_path / "bogus.cwbak"
    bogus.write_text("hello")
    code, _, err = run(capsys, "restore", str(bogus), "--to", f"sqlite:///{tmp_path / 'y.db'}")
    assert code == 2 and err.count("\n") == 1 and "restore refused" in err
    assert not (tmp_path / "y.db").exists()
    code, _, err = run(capsys, "backup")
    assert code == 2 and "--out" in err

"""`casework assessment-policy [--year Y]`: the county's recorded [accountability] policy
versions, when each took effect and was recorded, and what changed, in process."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from events import open_store
from tests.e2e.inprocess import Session
from workflow.accountability import policy_history
from workflow.accountability.policy import load_policy, parse_policy


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Session:
    return Session(tmp_path, monkeypatch, capsys)


def recorded(cli: Session) -> None:
    current = load_policy()
    raw = {k: v for k, v in current.raw.items() if k != "reinstatement"}  # before the table existed
    older = parse_policy({**raw, "assessment": {**current.raw["assessment"], "base": 80}})
    store = open_store(cli.url)
    try:
        assert policy_history.record(store, older, date(2025, 3, 1))
        assert policy_history.record(store, current, date(2026, 2, 1))
    finally:
        store.close()


def test_the_versions_say_when_and_what_changed(cli: Session) -> None:
    assert cli("--json", "assessment-policy").json() == []
    assert "尚未记录" in cli("assessment-policy").out
    recorded(cli)
    first, second = cli("--json", "assessment-policy").json()
    assert (first["version"], first["effective"], second["effective"]) == (1, "2025-03-01", "2026-02-01")
    assert "assessment.base: 80 → 85" in second["changes"]
    assert 'reinstatement.by: — → ["leader"]' in second["changes"]  # added since
    [then] = cli("--json", "assessment-policy", "--year", "2025").json()
    assert then["version"] == 1
    [now] = cli("--json", "assessment-policy", "--year", "2026").json()
    assert now["version"] == 2
    shown = cli("assessment-policy").out
    assert "assessment.base: 80 → 85" in shown and "2026-02-01" in shown


def test_a_bad_year_is_one_line_and_appends_nothing(cli: Session) -> None:
    before = cli.head()
    ran = cli("assessment-policy", "--year", "20266")
    assert ran.code != 0 and ran.err.count("\n") == 1 and cli.head() == before

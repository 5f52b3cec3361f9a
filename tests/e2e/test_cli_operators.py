"""Who may run `casework seal` and `casework checkpoint` (workflow.integrity.operators):
seal — a county supervisor or the scheduler (`--as scheduler`); checkpoint — a county
administrator or supervisor, or the scheduler. Anyone else: exit 4, one line in Chinese
and English, nothing recorded. The web answers the same people the same way (403)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from events import open_store
from tests.e2e.inproc import casework

NOW = "2026-06-01T09:00"
MONTH = "2026-05"


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert casework("init", db=url).code == 0
    return url


def recorded(db: str, prefix: str) -> list[tuple[str, str, str]]:
    store = open_store(db)
    try:
        return [(e.stream_id, str(e.metadata.get("actor")), str(e.metadata.get("role")))
                for e in store.iter_all() if e.stream_id.startswith(prefix)]  # fmt: skip
    finally:
        store.close()


@pytest.mark.parametrize("user", ["tc-004", "tc-001", "ad-001", "nobody"])
def test_seal_refuses_anyone_but_a_supervisor_or_the_scheduler(db: str, user: str) -> None:
    run = casework("seal", "--month", MONTH, db=db, user=user, now=NOW)
    assert run.code == 4, (run.code, run.err)
    assert run.err.strip().count("\n") == 0 and "Traceback" not in run.err
    assert "月度封存只能由县级监督人员" in run.err and "may not seal" in run.err
    assert recorded(db, "seal") == [] and recorded(db, "checkpoint") == []


@pytest.mark.parametrize("user", ["tc-004", "tc-001", "tc-002", "nobody"])
def test_checkpoint_refuses_a_township_team_and_strangers(db: str, user: str) -> None:
    run = casework("checkpoint", db=db, user=user, now=NOW)
    assert run.code == 4, (run.code, run.err)
    assert run.err.strip().count("\n") == 0 and "检查点只能由" in run.err
    assert "may not record a checkpoint" in run.err
    assert recorded(db, "checkpoint") == []


def test_without_as_both_are_usage_errors(db: str) -> None:
    for args in (["seal", "--month", MONTH], ["checkpoint"]):
        run = casework(*args, db=db, now=NOW)
        assert run.code == 2 and "--as" in run.err, (args, run.err)
    assert recorded(db, "seal") == [] and recorded(db, "checkpoint") == []


def test_a_supervisor_seals_and_the_record_names_them(db: str) -> None:
    run = casework("--json", "seal", "--month", MONTH, db=db, user="sv-001", now=NOW)
    assert run.code == 0, run.err
    assert json.loads(run.out)["sealed_now"]
    seals = recorded(db, "seal")
    assert [(actor, role) for _, actor, role in seals] == [("sv-001", "supervisor")]
    checkpoints = recorded(db, "checkpoint")  # a seal is followed by a checkpoint over it
    assert [(actor, role) for _, actor, role in checkpoints] == [("sv-001", "supervisor")]


def test_the_scheduler_identity_seals_and_checkpoints(db: str) -> None:
    run = casework("seal", "--month", MONTH, db=db, user="scheduler", now=NOW)
    assert run.code == 0, run.err
    assert [(a, r) for _, a, r in recorded(db, "seal")] == [("scheduler", "system")]
    opened = casework("case", "open", "--township", "台城镇", "--matter", "SC-CF-001",
                      "--party", "张三", "--summary", "s", db=db, user="tc-004", now=NOW)  # fmt: skip
    assert opened.code == 0, opened.err
    again = casework("--json", "checkpoint", db=db, user="scheduler", now=NOW)
    assert again.code == 0 and json.loads(again.out)["recorded"], again.err


@pytest.mark.parametrize("user", ["ad-001", "sv-001"])
def test_operations_record_a_checkpoint(db: str, user: str) -> None:
    run = casework("--json", "checkpoint", db=db, user=user, now=NOW)
    assert run.code == 0, run.err
    assert json.loads(run.out)["recorded"]
    assert [a for _, a, _ in recorded(db, "checkpoint")] == [user]

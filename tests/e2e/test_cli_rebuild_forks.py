"""`casework rebuild --all --processes N` loads the models in N groups, all but one in
forked processes, as the docstring and README say: its progress bar drew from a thread of
its own (rich's auto-refresh), and a process with another thread forks nothing, so every
rebuild from the CLI loaded in one group whatever --processes said."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from projections.engine import ProjectionEngine
from tests.e2e.inproc import casework

NOW = "2026-06-01T09:00"


@pytest.mark.parametrize("json", [False, True], ids=["progress-bar", "json"])
def test_the_cli_rebuild_forks_its_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, json: bool
) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert casework("init", db=db, now=NOW).code == 0
    opened = casework("case", "open", "--township", "台城镇", "--matter", "SC-CF-003",
                      "--party", "张三", "--summary", "s", db=db, user="tc-004", now=NOW)  # fmt: skip
    assert opened.code == 0, opened.err
    monkeypatch.setattr(ProjectionEngine, "parallel_from", 0)  # a small log loads as a big one
    assert threading.active_count() == 1
    argv = ["--json"] if json else []
    with caplog.at_level("INFO", logger="projections.engine"):
        done = casework(*argv, "rebuild", "--all", "--processes", "2", db=db, now=NOW)
    assert done.code == 0, done.err
    assert "rebuild: 2 group(s), 1 in forked processes" in caplog.text
    assert "rebuilt" in done.out and threading.active_count() == 1

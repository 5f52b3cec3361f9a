"""`casework rebuild --all --processes N` loads the models in N groups, all but one in
forked processes, as the docstring and README say: its progress bar drew from a thread of
its own (rich's auto-refresh), and a process with another thread forks nothing, so every
rebuild from the CLI loaded in one group whatever --processes said."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.inproc import casework

NOW = "2026-06-01T09:00"
ROOT = Path(__file__).resolve().parents[2]
# the CLI in a process of its own, as a user runs it (a test worker may hold threads other
# tests left, and a process with threads forks nothing), with the engine's log on stderr
# and a small log loading as a big one
RUN = (
    "import logging, sys; logging.basicConfig(level=logging.INFO, stream=sys.stderr);"
    " from projections.engine import ProjectionEngine; ProjectionEngine.parallel_from = 0;"
    " from workflow.cli.app import main; main(sys.argv[1:])"
)


@pytest.mark.parametrize("json", [False, True], ids=["progress-bar", "json"])
def test_the_cli_rebuild_forks_its_groups(tmp_path: Path, json: bool) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert casework("init", db=db, now=NOW).code == 0
    opened = casework("case", "open", "--township", "台城镇", "--matter", "SC-CF-003",
                      "--party", "张三", "--summary", "s", db=db, user="tc-004", now=NOW)  # fmt: skip
    assert opened.code == 0, opened.err
    env = {**os.environ, "CASEWORK_DATABASE_URL": db, "CASEWORK_NOW": NOW,
           "PYTHONPATH": str(ROOT), "COLUMNS": "100"}  # fmt: skip
    env.pop("CASEWORK_REDIS_URL", None)
    argv = ["--json"] if json else []
    done = subprocess.run([sys.executable, "-c", RUN, *argv, "rebuild", "--all", "--processes", "2"],
                          env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "rebuild: 2 group(s), 1 in forked processes" in done.stderr, done.stderr
    assert "rebuilt" in done.stdout

"""Run `casework` in this process (`workflow.cli.app.main(argv)`), as the binary would.

Two ways: `run(capsys, …)` / `Session` with pytest's fixtures, or `casework(…)` (same
`Run` result as `tests.e2e.cli.casework`, without spawning Python) with the environment
set for the call only.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.cli import Run
from workflow.cli.app import main


@dataclass
class Ran:
    code: int
    out: str
    err: str

    def json(self) -> list[dict[str, Any]]:
        assert self.code == 0, self.err
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Ran:
    """`casework ARGV`: its exit code, stdout and stderr (nothing raised)."""
    capsys.readouterr()
    try:
        main(list(argv))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return Ran(code, out, err)


class Session:
    """`casework` against one fresh, initialised SQLite database, the day fixed to 2026-06-15."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        self.url = f"sqlite:///{tmp_path}/casework.db"
        self.capsys = capsys
        monkeypatch.setenv("CASEWORK_DATABASE_URL", self.url)
        monkeypatch.setenv("CASEWORK_NOW", "2026-06-15T10:00:00")
        monkeypatch.delenv("CASEWORK_REDIS_URL", raising=False)
        monkeypatch.delenv("CASEWORK_USER", raising=False)
        assert self("init").code == 0

    def __call__(self, *argv: str) -> Ran:
        return run(self.capsys, *argv)

    def head(self) -> int:
        """The last position written."""
        from events import open_store

        store = open_store(self.url)
        try:
            return store.head()
        finally:
            store.close()


CLEARED = ("CASEWORK_USER", "CASEWORK_REDIS_URL", "CASEWORK_NOW")


@contextmanager
def environment(values: dict[str, str], cleared: tuple[str, ...] = CLEARED) -> Iterator[None]:
    """os.environ with `cleared` removed and `values` set, restored afterwards."""
    saved = dict(os.environ)
    for name in cleared:
        os.environ.pop(name, None)
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_main(argv: list[str]) -> Run:
    """`casework ARGV` in-process with the current environment; never raises on failure."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return Run(code, out.getvalue(), err.getvalue())


def casework(*args: str, db: str, user: str | None = None, **env: str) -> Run:
    """`casework ARGS` against the database URL `db`, in-process (80 columns)."""
    values = {"CASEWORK_DATABASE_URL": db, "COLUMNS": "80", **env}
    if user:
        values["CASEWORK_USER"] = user
    with environment(values):
        return run_main(list(args))

"""Run `casework` in this process (`workflow.cli.app.main(argv)`), as the binary would."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

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

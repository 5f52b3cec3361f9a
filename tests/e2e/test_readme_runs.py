"""The README's "Using it" block runs as written, in order, on `casework init`'s data."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest

from tests.e2e.inprocess import environment, run_main

README = Path(__file__).resolve().parents[2] / "README.md"


def using_it_block() -> list[str]:
    """The shell lines of the first ```bash block under '## Using it'."""
    section = README.read_text(encoding="utf-8").split("## Using it", 1)[1]
    block = section.split("```bash", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def commands(line: str) -> list[list[str]]:
    """One README line as its commands: comments dropped, split at `&&`."""
    words = shlex.split(line, comments=True)
    found: list[list[str]] = [[]]
    for word in words:
        if word == "&&":
            found.append([])
        else:
            found[-1].append(word)
    return [c for c in found if c]


def test_the_block_has_the_documented_commands() -> None:
    lines = using_it_block()
    assert lines[0].startswith("export CASEWORK_DATABASE_URL=")
    assert sum(1 for line in lines for c in commands(line) if c[0] == "casework") >= 15


def test_using_it_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    env: dict[str, str] = {"COLUMNS": "80"}
    ran = 0
    for line in using_it_block():
        for command in commands(line):
            if command[0] == "export":
                name, value = command[1].split("=", 1)
                env[name] = os.path.expandvars(value)
                continue
            assert command[0] == "casework", line
            with environment(env):
                result = run_main(command[1:])
            assert result.code == 0, f"{line}\nexit {result.code}\n{result.err}"
            assert "Traceback" not in result.err
            if command[1:2] == ["history"] and "--backdated" not in command:
                assert "共 0 个事件" not in result.out, f"{line}: finds nothing"
            ran += 1
    assert ran >= 15
    assert (tmp_path / "casework.db").exists() and (tmp_path / "case.zip").exists()

"""Run `casework` in this process (`workflow.cli.app.main(argv)`), as the binary would."""

from __future__ import annotations

import json
from dataclasses import dataclass
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

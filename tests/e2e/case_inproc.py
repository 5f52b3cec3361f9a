"""The casework CLI called in-process (`workflow.cli.app.main(argv)`), as a user types it.

Faster than a subprocess: the environment (database, user, clock) is set for the call
and restored after; stdout, stderr and the exit code are captured like a shell would.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from typing import Any

from tests.e2e.cli import Run


@contextmanager
def environment(**values: str | None) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    try:
        for k, v in values.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def cli(*args: str, db: str, user: str | None = None, now: str | None = None) -> Run:
    """Run `casework ARGS` in this process; never raises on a refusal."""
    from workflow.cli.app import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    env = {
        "CASEWORK_DATABASE_URL": db,
        "CASEWORK_USER": user,
        "CASEWORK_NOW": now,
        "CASEWORK_REDIS_URL": None,
    }
    with environment(**env), redirect_stdout(out), redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return Run(code, out.getvalue(), err.getvalue())


def ok(run: Run) -> dict[str, Any]:
    """The JSON object a successful `--json` command printed."""
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert isinstance(data, dict)
    return data


def refused(run: Run, statute: str, code: int = 3) -> str:
    """A refusal: the exit code, one line on stderr naming the statute, nothing on stdout."""
    assert run.code == code, (run.code, run.out, run.err)
    line = run.err.strip()
    assert "\n" not in line and statute in line, line
    return line

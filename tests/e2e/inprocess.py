"""Run the `casework` CLI in this process (`workflow.cli.app.main`), as fast as a call.

Like `tests.e2e.cli.casework` (same `Run` result), without spawning Python: the
environment is set for the call only, stdout and stderr are captured, and the exit
code is the one `main` raises. Keep subprocesses for what needs a real process.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout

from tests.e2e.cli import Run

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
    from workflow.cli.app import main

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

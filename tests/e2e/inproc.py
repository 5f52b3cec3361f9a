"""Run the `casework` CLI in-process (`workflow.cli.app.main(argv)`), as a user would."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass

from workflow.cli.app import main


@dataclass
class Run:
    code: int
    out: str
    err: str


@contextmanager
def environment(values: dict[str, str | None]) -> Iterator[None]:
    """Set (or, for None, unset) environment variables for the block."""
    saved = {k: os.environ.get(k) for k in values}
    try:
        for key, value in values.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def casework(*args: str, db: str, user: str | None = None, now: str | None = None) -> Run:
    """`casework ARGS` against the database URL `db`, in this process; never raises on exit."""
    out, err = io.StringIO(), io.StringIO()
    env = {"CASEWORK_DATABASE_URL": db, "CASEWORK_USER": user, "CASEWORK_REDIS_URL": None,
           "CASEWORK_NOW": now}  # fmt: skip
    code = 0
    with environment(env), redirect_stdout(out), redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
    return Run(code, out.getvalue(), err.getvalue())

"""Run the `casework` CLI as a user would, in this process (the default) or as a subprocess.

In-process, `casework(...)` calls `workflow.cli.app.main(argv)` with the environment the
user would have (`os.environ` replaced for the call, then restored), stdout and stderr
captured, and `SystemExit` turned into the exit code; an exception that escapes `main`
prints its traceback on stderr with code 1, as the interpreter would. It is the same code
path as the binary minus interpreter start-up (~0.5 s a call on this machine).

`casework(..., process=True)` spawns `python -m workflow`: for what needs a real process
(the exit status of the binary, start-up, signals, a second concurrent writer).
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass
class Run:
    code: int
    out: str
    err: str


def casework(
    *args: str, db: str, user: str | None = None, process: bool = False, **env: str
) -> Run:
    """Run `casework ARGS` against the database URL `db`; never raises on failure."""
    full = {**os.environ, "CASEWORK_DATABASE_URL": db, **env}
    full.pop("CASEWORK_USER", None)
    full.pop("CASEWORK_REDIS_URL", None)
    if user:
        full["CASEWORK_USER"] = user
    if process:
        proc = subprocess.run(
            [sys.executable, "-m", "workflow", *args],
            capture_output=True, text=True, env=full, timeout=300,
        )  # fmt: skip
        return Run(proc.returncode, proc.stdout, proc.stderr)
    return in_process(list(args), full)


def settle_url(db: str) -> None:
    """Wait until everything written to `db` is readable (see `backends.settle`)."""
    from events import open_store
    from tests.integration.backends import settle

    store = open_store(db)
    try:
        settle(store)
    finally:
        store.close()


def in_process(argv: list[str], env: dict[str, str]) -> Run:
    """`main(argv)` with this environment, its output captured and its exit code returned."""
    from workflow.cli.app import main

    out, err = io.StringIO(), io.StringIO()
    with environment(env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = 0
        try:
            main(argv)
        except SystemExit as exc:
            code = exit_code(exc)
        except BaseException:  # what would reach the interpreter: a traceback, status 1
            traceback.print_exc()
            code = 1
    return Run(code, out.getvalue(), err.getvalue())


def exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=sys.stderr)
    return 1


@contextlib.contextmanager
def environment(env: dict[str, str]) -> Iterator[None]:
    """Replace `os.environ` for the call (Settings and the clock read it), then restore it."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)

"""Run the `casework` CLI as a user would: a subprocess with its own environment."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass


@dataclass
class Run:
    code: int
    out: str
    err: str


def casework(*args: str, db: str, user: str | None = None, **env: str) -> Run:
    """Run `casework ARGS` against the database URL `db`; never raises on failure."""
    full = {**os.environ, "CASEWORK_DATABASE_URL": db, **env}
    full.pop("CASEWORK_USER", None)
    full.pop("CASEWORK_REDIS_URL", None)
    if user:
        full["CASEWORK_USER"] = user
    proc = subprocess.run(
        [sys.executable, "-m", "workflow", *args],
        capture_output=True, text=True, env=full, timeout=300,
    )  # fmt: skip
    return Run(proc.returncode, proc.stdout, proc.stderr)


def settle_url(db: str) -> None:
    """Wait until everything written to `db` is readable (see `backends.settle`)."""
    from events import open_store
    from tests.integration.backends import settle

    store = open_store(db)
    try:
        settle(store)
    finally:
        store.close()

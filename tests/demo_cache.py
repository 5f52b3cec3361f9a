"""`run_demo` for tests, once per process for the same story: on SQLite the first call
builds the demo into a file of this worker's own and every later call with the same
arguments and clock (CASEWORK_NOW) copies that file (the same bytes a fresh run writes:
the demo is deterministic for a seed and a day). PostgreSQL runs the demo each time."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path
from typing import Any

from workflow.demo.run import run_demo
from workflow.settings import Settings

_BUILT: dict[str, tuple[Path, dict[str, Any]]] = {}
_DIR: list[Path] = []


def demo(url: str, **kw: Any) -> dict[str, Any]:
    """The demo's summary; the database at `url` (empty) holds the demo afterwards."""
    if not url.startswith("sqlite:///") or ":memory:" in url:
        return run_demo(Settings(database_url=url), **kw)
    key = json.dumps([os.environ.get("CASEWORK_NOW"), sorted((k, str(v)) for k, v in kw.items())])
    if key not in _BUILT:
        template = _cache_dir() / f"demo-{len(_BUILT)}.db"
        summary = run_demo(Settings(database_url=f"sqlite:///{template}"), **kw)
        _BUILT[key] = template, summary
    template, summary = _BUILT[key]
    target = Path(url.removeprefix("sqlite:///"))
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)  # what the template holds, its write-ahead log included
    return {**summary, "url": url}


def _cache_dir() -> Path:
    if not _DIR:
        _DIR.append(Path(tempfile.mkdtemp(prefix="casework-demo-")))
        atexit.register(shutil.rmtree, _DIR[0], ignore_errors=True)
    return _DIR[0]

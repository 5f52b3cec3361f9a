"""Run-wide test set-up.

`pytest -q` runs the tests in parallel (pytest-xdist, `-n auto --dist loadscope` in
pyproject.toml: a module's or class's tests stay on one worker, so its module-scoped
fixtures are built once). Every worker owns what it touches: a PostgreSQL schema per
test (tests/pg.py), Redis queues and keys named per test (tests/redis_server.py), its own
temporary directories and free ports. `pytest -n 0` runs in one process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import demo_cache, pg, violation_default

_WRITER: list[subprocess.Popen[bytes]] = []
_DEMO_DIR: list[Path] = []


@pytest.fixture(scope="session", autouse=True)
def _drop_left_over_schemas() -> Iterator[None]:
    yield
    for schema in list(pg.LEFT_OVER):
        pg.drop_schema(schema)


@pytest.fixture(scope="session", autouse=True)
def _default_violation_date() -> Iterator[None]:
    """Openings that name no violation date get one (tests/violation_default.py); session
    scope, so module-scoped fixtures that open cases get it too."""
    from workflow.cases import decide

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(decide, "decide_open", violation_default.defaulting(decide.decide_open))
        yield


@pytest.fixture(autouse=True)
def _violation_date_required(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A test marked `violation_date_required` gets the real, refusing `decide_open`."""
    if request.node.get_closest_marker("violation_date_required"):
        from workflow.cases import decide

        monkeypatch.setattr(decide, "decide_open", violation_default.ORIGINAL)


def _is_xdist_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    """The run's demo directory (tests/demo_cache.py), made before xdist starts its workers
    so that they inherit it: each demo is built once per run, by whichever worker first
    needs it."""
    if not _is_xdist_worker(config) and not os.environ.get(demo_cache.RUN_DIR):
        _DEMO_DIR.append(demo_cache.make_run_dir())


def pytest_unconfigure(config: pytest.Config) -> None:
    for path in _DEMO_DIR:
        shutil.rmtree(path, ignore_errors=True)
        os.environ.pop(demo_cache.RUN_DIR, None)
    _DEMO_DIR.clear()


def pytest_sessionstart(session: pytest.Session) -> None:
    """With CASEWORK_TEST_FOREIGN_WRITER=1: another database on the server keeps a write
    transaction open most of the time (tests/foreign_writer.py) for the whole run; one
    writer per run, started by the process that runs or dispatches the tests."""
    if os.environ.get("CASEWORK_TEST_FOREIGN_WRITER") and not _is_xdist_worker(session.config):
        _WRITER.append(subprocess.Popen([sys.executable, "-m", "tests.foreign_writer"]))


def pytest_sessionfinish(session: pytest.Session) -> None:
    for proc in _WRITER:
        proc.terminate()
        proc.wait(10)
    _WRITER.clear()

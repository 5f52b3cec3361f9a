"""Run-wide test set-up: drop PostgreSQL schemas that tests left for the end of the run."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests import pg


@pytest.fixture(scope="session", autouse=True)
def _drop_left_over_schemas() -> Iterator[None]:
    yield
    for schema in list(pg.LEFT_OVER):
        pg.drop_schema(schema)


@pytest.fixture(scope="session", autouse=True)
def _foreign_writer() -> Iterator[None]:
    """With CASEWORK_TEST_FOREIGN_WRITER=1: another database on the server keeps a write
    transaction open most of the time (tests/foreign_writer.py) for the whole run."""
    if not os.environ.get("CASEWORK_TEST_FOREIGN_WRITER"):
        yield
        return
    proc = subprocess.Popen([sys.executable, "-m", "tests.foreign_writer"])
    try:
        yield
    finally:
        proc.terminate()
        proc.wait(10)

"""Run-wide test set-up: drop PostgreSQL schemas that tests left for the end of the run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import pg


@pytest.fixture(scope="session", autouse=True)
def _drop_left_over_schemas() -> Iterator[None]:
    yield
    for schema in list(pg.LEFT_OVER):
        pg.drop_schema(schema)

"""Fixtures shared by the integration modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from events import open_store
from workflow.organisation.service import init_county


@pytest.fixture(scope="module")
def county_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the initialised county, once per module (tests copy it)."""
    path = tmp_path_factory.mktemp("county") / "county.db"
    store = open_store(f"sqlite:///{path}")
    init_county(store)
    store.close()
    return path

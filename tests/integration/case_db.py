"""Databases for the case-side integration and e2e tests: a SQLite file, or PostgreSQL.

PostgreSQL gets a fresh schema in the run's database (tests/pg.py), dropped at the end
of the run; skipped cleanly when the server is down (unless CASEWORK_REQUIRE_SERVICES).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import pg


def database_url(kind: str, tmp_path: Path) -> str:
    """A fresh empty database of the given kind ("sqlite" or "postgres")."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'casework.db'}"
    return pg.new_schema()[0]


BACKENDS = [pytest.param("sqlite"), pytest.param("postgres", marks=pytest.mark.postgres)]

"""Databases for the case-side integration and e2e tests: a SQLite file, or PostgreSQL.

PostgreSQL uses its own database `casework_helper_case`, dropped and created per test
(skipped cleanly when the server is down).
"""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
NAME = os.environ.get("CASEWORK_CASE_PG_DB", "casework_helper_case")
URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{NAME}"


def fresh_postgres() -> str:
    """Drop and create the case tests' database; its SQLAlchemy URL."""
    try:
        with psycopg.connect(ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{NAME}"')
    except psycopg.OperationalError as err:
        if os.environ.get("CASEWORK_REQUIRE_PG"):
            raise
        pytest.skip(f"PostgreSQL not reachable: {err}")
    return URL


def database_url(kind: str, tmp_path: Path) -> str:
    """A fresh empty database of the given kind ("sqlite" or "postgres")."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'casework.db'}"
    return fresh_postgres()


BACKENDS = [pytest.param("sqlite"), pytest.param("postgres", marks=pytest.mark.postgres)]

"""PostgreSQL for the org tests: their own database `casework_helper_org`, a schema per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
DATABASE = "casework_helper_org"
URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{DATABASE}"
CONNINFO = f"postgresql://postgres@127.0.0.1:5432/{DATABASE}"
_created: list[bool] = []


def ensure_database() -> None:
    """Create the database once per run (dropping any left over); skip if the server is down."""
    if _created:
        return
    try:
        with psycopg.connect(SERVER, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
    except psycopg.OperationalError as err:
        pytest.skip(f"PostgreSQL not reachable: {err}")
    _created.append(True)


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A new schema in the org database; yields a store URL whose search_path is that schema."""
    ensure_database()
    schema = "org_" + uuid.uuid4().hex[:10]
    with psycopg.connect(CONNINFO, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(CONNINFO, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")

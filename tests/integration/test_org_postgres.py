"""The org contract on PostgreSQL: database `casework_helper_org`, a fresh schema per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest

from events import open_store
from tests.integration.org_contract import OrgContract

pytestmark = pytest.mark.postgres

SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
DATABASE = "casework_helper_org"
URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{DATABASE}"
CONNINFO = f"postgresql://postgres@127.0.0.1:5432/{DATABASE}"


@pytest.fixture(scope="module")
def org_database() -> str:
    """Create (drop first) this suite's own database; skip if the server is down."""
    try:
        with psycopg.connect(SERVER, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
    except psycopg.OperationalError as err:
        pytest.skip(f"PostgreSQL not reachable: {err}")
    return URL


class TestOrgPostgres(OrgContract):
    @pytest.fixture(autouse=True)
    def _store(self, org_database: str) -> Iterator[None]:
        schema = "org_" + uuid.uuid4().hex[:10]
        with psycopg.connect(CONNINFO, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        self.store = open_store(f"{org_database}?options=-csearch_path%3D{schema}")
        yield
        self.store.close()
        with psycopg.connect(CONNINFO, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")

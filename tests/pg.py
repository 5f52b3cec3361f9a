"""PostgreSQL for tests: one database per run (CASEWORK_TEST_PG_URL), one schema per test.

xdist workers share the database and never a schema: every name here carries a random
suffix, so workers (and other runs on the server) cannot collide."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

import psycopg
import pytest
from sqlalchemy import make_url  # noqa: F401 - re-exported for tests

DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/casework_test"


def base_url() -> str:
    return os.environ.get("CASEWORK_TEST_PG_URL", DEFAULT)


def conninfo(url: str | None = None) -> str:
    """A libpq connection string for a plain psycopg connection."""
    parsed = make_url(url or base_url())
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False).split("?")[0]


def ensure_database() -> None:
    """Create the run's database if it is missing; skip (or fail in CI) if no server."""
    target = conninfo()
    try:
        with psycopg.connect(target, connect_timeout=3):
            return
    except psycopg.OperationalError as err:
        if "does not exist" not in str(err):
            if os.environ.get("CASEWORK_REQUIRE_SERVICES"):
                raise
            pytest.skip(f"PostgreSQL not reachable: {err}")
    name = make_url(base_url()).database
    admin = conninfo(str(make_url(base_url()).set(database="postgres")))
    # two xdist workers may both find it missing: the loser's CREATE fails either way
    races = (psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation)
    with psycopg.connect(admin, autocommit=True) as conn, suppress(*races):
        conn.execute(f'CREATE DATABASE "{name}"')


LEFT_OVER: list[str] = []


def new_schema() -> tuple[str, str]:
    """A new schema in the run's database: (SQLAlchemy URL with search_path, schema name).
    `drop_schema` removes it; tests/conftest.py drops any left over at the end of the run."""
    ensure_database()
    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(conninfo(), autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    LEFT_OVER.append(schema)
    url = make_url(base_url()).set(query={"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def drop_schema(schema: str) -> None:
    with psycopg.connect(conninfo(), autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    if schema in LEFT_OVER:
        LEFT_OVER.remove(schema)


@contextmanager
def fresh_schema() -> Iterator[tuple[str, str]]:
    """A new schema; yields (SQLAlchemy URL with search_path, schema name); drops it after."""
    url, schema = new_schema()
    try:
        yield url, schema
    finally:
        drop_schema(schema)


def raw_connect(schema: str) -> psycopg.Connection:
    """A plain psycopg connection (not through the store) with the schema on its path."""
    return psycopg.connect(conninfo(), options=f"-csearch_path={schema}")


@contextmanager
def fresh_database(schema: str | None = None) -> Iterator[str]:
    """A new, empty database named after the run's (`<run db>_x<hex>`), optionally with
    `schema` created and on its search_path; yields its URL and drops it after."""
    ensure_database()
    run = make_url(base_url())
    name = f"{run.database}_x{uuid.uuid4().hex[:10]}"
    admin = conninfo(str(run.set(database="postgres")))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = run.set(database=name)
    try:
        if schema is not None:
            with psycopg.connect(conninfo(str(url)), autocommit=True) as conn:
                conn.execute(f'CREATE SCHEMA "{schema}"')
            url = url.set(query={"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass(frozen=True)
class Roles:
    """A least-privilege pair for one test: an owner role owning its own schema, and a
    service role (`casework db init --owner-url` grants it what it may do)."""

    owner: str
    service: str
    schema: str

    def url(self, role: str) -> str:
        parsed = make_url(base_url()).set(username=role, password=None)
        return parsed.set(query={"options": f"-csearch_path={self.schema}"}).render_as_string(
            hide_password=False)  # fmt: skip

    def connect(self, role: str) -> psycopg.Connection:
        target = make_url(conninfo()).set(username=role, password=None)
        info = target.render_as_string(hide_password=False)
        return psycopg.connect(info, options=f"-csearch_path={self.schema}", autocommit=True)


@contextmanager
def least_privilege() -> Iterator[Roles]:
    """Uniquely named owner and service roles (roles are cluster-wide: other runs share the
    server) and a schema owned by the owner; all dropped after."""
    tag = uuid.uuid4().hex[:10]
    _, schema = new_schema()
    found = Roles(f"cw_owner_{tag}", f"cw_service_{tag}", schema)
    with psycopg.connect(conninfo(), autocommit=True) as conn:
        for role in (found.owner, found.service):
            conn.execute(f"CREATE ROLE {role} LOGIN")  # type: ignore[arg-type]
        conn.execute(f"ALTER SCHEMA {schema} OWNER TO {found.owner}")  # type: ignore[arg-type]
    try:
        yield found
    finally:
        drop_schema(schema)
        with psycopg.connect(conninfo(), autocommit=True) as conn:
            for role in (found.service, found.owner):
                conn.execute(f"DROP OWNED BY {role}")  # type: ignore[arg-type]
                conn.execute(f"DROP ROLE {role}")  # type: ignore[arg-type]

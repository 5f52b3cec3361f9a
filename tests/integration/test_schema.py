"""Alembic: revisions build the schema the code creates; unknown schemas are refused."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from events import NewEvent, open_store
from tests.integration.case_db import BACKENDS, database_url
from tests.redis_server import free_port, shared_url
from workflow.accounts.tables import create_tables as create_account_tables
from workflow.bootstrap import bootstrap
from workflow.cli.app import main
from workflow.organisation.snapshot import create_table as create_snapshot_table
from workflow.schema import version
from workflow.schema.upgrade import MIGRATIONS, current, owner_engine, revisions, upgrade
from workflow.schema.version import SchemaMismatch, table_columns
from workflow.settings import Settings

MANAGED = sorted(version.COLUMNS)


def columns(url: str) -> dict[str, set[str]]:
    engine = owner_engine(url)
    try:
        with engine.connect() as conn:
            names = inspect(conn).get_table_names()
            return {t: table_columns(conn, t) for t in names if not t.startswith("rm_")}
    finally:
        engine.dispose()


def test_the_revision_list_is_the_migration_scripts() -> None:
    assert list(version.REVISIONS) == revisions()


def test_no_revision_rewrites_or_drops_anything_of_the_event_log() -> None:
    """The event table only gains columns: no UPDATE/DELETE/ALTER COLUMN/DROP on it."""
    for script in sorted((MIGRATIONS / "versions").glob("[0-9]*.py")):
        tree = ast.parse(script.read_text())
        strings = [
            n.value.upper()
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
        ]
        calls = [
            n.func.attr
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
        ]
        for s in strings:
            for verb in (
                "UPDATE EVENTS",
                "DELETE FROM EVENTS",
                "DROP TABLE EVENTS",
                "TRUNCATE EVENTS",
                "TRUNCATE TABLE EVENTS",
                "ALTER TABLE EVENTS DROP",
                "ALTER TABLE EVENTS ALTER",
            ):
                assert verb not in s, f"{script.name}: {verb}"
        assert not {"alter_column", "drop_column", "drop_table", "bulk_insert"} & set(calls), (
            script.name
        )


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrating_an_empty_database_builds_what_the_code_creates(
    backend: str, tmp_path: Path
) -> None:
    migrated = (
        database_url(backend, tmp_path / "m")
        if backend == "postgres"
        else f"sqlite:///{tmp_path / 'm.db'}"
    )
    created = (
        database_url(backend, tmp_path / "c")
        if backend == "postgres"
        else f"sqlite:///{tmp_path / 'c.db'}"
    )
    assert upgrade(migrated) == (None, version.HEAD)
    cw = bootstrap(Settings(database_url=created))  # the code's own CREATE TABLE IF NOT EXISTS
    create_account_tables(cw.store.engine)  # …and the console's, made when first used
    create_snapshot_table(cw.store.engine)  # …and the directory snapshot's, when first saved
    assert cw.projections.projections  # …and the read-model engine's (built when first used)
    cw.close()
    got, want = columns(migrated), columns(created)
    assert got == want
    for table in MANAGED:
        assert version.COLUMNS[table] <= got[table]
    engine = owner_engine(created)
    assert current(engine) == version.HEAD  # a fresh database is stamped at the head
    engine.dispose()
    assert upgrade(migrated) == (version.HEAD, version.HEAD)  # idempotent


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_schema_this_casework_does_not_know_is_refused_in_one_line(
    backend: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = database_url(backend, tmp_path)
    bootstrap(Settings(database_url=url)).close()
    engine = owner_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(SchemaMismatch, match="install the casework that migrated it"):
        bootstrap(Settings(database_url=url))
    monkeypatch.setenv("CASEWORK_DATABASE_URL", url)
    monkeypatch.setenv("CASEWORK_REDIS_URL", shared_url())
    port = str(free_port())
    for argv in (["status"], ["worker"], ["scheduler"], ["serve", "--port", port]):
        with pytest.raises(SystemExit) as exit_:  # the services refuse to start
            main(argv)
        err = capsys.readouterr().err
        assert exit_.value.code == 1 and err.count("\n") == 1 and "9999" in err, argv


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_unversioned_database_unlike_the_head_must_be_upgraded(
    backend: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = database_url(backend, tmp_path)
    store = open_store(url)  # made before Alembic: no alembic_version
    store.append("s", [NewEvent("DrillRecorded", {})])
    store.close()
    engine = owner_engine(url)
    with engine.begin() as conn:  # a checkpoint table of another shape than this casework's
        conn.execute(text("CREATE TABLE projection_state (name VARCHAR(100) PRIMARY KEY)"))
    engine.dispose()
    monkeypatch.setenv("CASEWORK_DATABASE_URL", url)
    with pytest.raises(SystemExit) as exit_:
        main(["status"])
    err = capsys.readouterr().err
    assert exit_.value.code == 1 and err.count("\n") == 1
    assert "run `casework db upgrade`" in err and "projection_state lacks" in err


def test_an_unversioned_database_of_the_head_shape_is_adopted(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = open_store(url)
    store.append("s", [NewEvent("DrillRecorded", {})])
    store.close()
    bootstrap(Settings(database_url=url)).close()
    engine = create_engine(url)
    assert current(engine) == version.HEAD
    engine.dispose()


def test_every_table_the_code_creates_has_a_revision() -> None:
    """A table created anywhere in the code (not a read model's generation) is migrated."""
    root = MIGRATIONS.parents[2]
    created: set[str] = set()
    for package in ("events", "workflow", "workers", "projections"):
        for path in (root / package).rglob("*.py"):
            if MIGRATIONS in path.parents:
                continue
            source = path.read_text(encoding="utf-8")
            created |= set(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", source))
            created |= set(re.findall(r"\bTable\(\s*\"(\w+)\"", source))
    assert created and created <= set(version.COLUMNS), created - set(version.COLUMNS)

"""Running Alembic for casework: pending revisions as the owner, and what a database is at."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, make_url

MIGRATIONS = Path(__file__).with_name("migrations")


def config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    """The newest revision this casework knows."""
    found = ScriptDirectory.from_config(config()).get_current_head()
    assert found is not None
    return found


def revisions() -> list[str]:
    """Every revision this casework knows, oldest first."""
    script = ScriptDirectory.from_config(config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(url: str) -> tuple[str | None, str]:
    """Run every pending revision on the database at `url`; returns (before, after)."""
    engine = owner_engine(url)
    try:
        before = current(engine)
        with engine.begin() as conn:
            command.upgrade(config(conn), "head")
        return before, current(engine) or ""
    finally:
        engine.dispose()


def owner_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed)

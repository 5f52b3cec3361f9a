"""Does this casework know the database's schema? Checked whenever an entry point opens it.

- at this casework's head revision: go on;
- at an older revision: refuse, `casework db upgrade` (as the owner) brings it up;
- at a revision this casework does not know (a newer casework migrated it): refuse;
- with no revision at all: a database made before Alembic (0.1.0) or just now by this
  casework's own `CREATE TABLE IF NOT EXISTS`. If every managed table it has carries the
  columns of the head revision, it *is* at the head: it is stamped so and goes on.
  Otherwise refuse, naming `casework db upgrade`.

Kept free of Alembic imports: this runs on every command, the revision list is constant
(a test keeps `REVISIONS` equal to the migration scripts).
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from workflow.errors import CaseworkError

REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
HEAD = REVISIONS[-1]
VERSION_TABLE = "alembic_version"
# the managed tables and their columns at HEAD (a test compares them with a migrated database)
COLUMNS: dict[str, frozenset[str]] = {
    "events": frozenset({"position", "stream_id", "version", "event_type", "schema_version",
                         "data", "metadata", "recorded_at", "prev_hash", "hash", "signature"}),
    "event_commands": frozenset({"command_id", "stream_id", "version", "positions", "recorded_at"}),
    "projection_state": frozenset({"name", "version", "generation", "position", "updated_at"}),
    "accounts": frozenset({"account_id", "password_hash", "must_change", "failures",
                           "locked_until", "created_at", "changed_at"}),
    "web_sessions": frozenset({"session_hash", "account_id", "csrf", "created_at", "seen_at",
                               "revoked"}),
    "api_tokens": frozenset({"token_id", "token_hash", "account_id", "name", "scopes",
                             "created_at", "expires_at", "revoked_at"}),
    "login_attempts": frozenset({"id", "account_id", "address", "at", "ok"}),
    "projection_quarantine": frozenset({"name", "generation", "position", "stream_id",
                                        "event_type", "error", "quarantined_at"}),
    "directory_snapshot": frozenset({"id", "fingerprint", "versions", "blob"}),
    "inbox_reads": frozenset({"account_id", "position", "read_at"}),
}  # fmt: skip
UPGRADE = "casework db upgrade"


class SchemaMismatch(CaseworkError):
    """The database's schema is not the one this casework was built for."""

    exit_code = 1


def check(engine: Engine) -> str:
    """Return the database's revision if it is this casework's; else raise SchemaMismatch."""
    with engine.connect() as conn:
        revision = current_revision(conn)
    if revision == HEAD:
        return revision
    if revision in REVISIONS:
        raise SchemaMismatch(
            f"数据库结构版本 {revision} 落后于本程序的 {HEAD}，请先以属主角色运行 `{UPGRADE}`",
            f"the database schema is at revision {revision}, this casework needs {HEAD}: "
            f"run `{UPGRADE}` (as the owner role)",
        )
    if revision is not None:
        raise SchemaMismatch(
            f"数据库结构版本 {revision} 比本程序新，请安装更新的 casework",
            f"the database schema is at revision {revision}, unknown to this casework "
            f"(newest known {HEAD}): install the casework that migrated it",
        )
    return _adopt(engine)


def current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    row = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).first()
    return str(row[0]) if row else None


def _adopt(engine: Engine) -> str:
    """An unversioned database whose managed tables match the head: stamp it at the head."""
    missing = _missing_columns(engine)
    if missing:
        raise SchemaMismatch(
            f"数据库结构未登记版本且与本程序不符（{missing}），请先以属主角色运行 `{UPGRADE}`",
            f"the database schema has no revision and differs from this casework's ({missing}): "
            f"run `{UPGRADE}` (as the owner role)",
        )
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('alembic_version'))"))
            conn.execute(text(
                f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version_num VARCHAR(32) NOT NULL,"
                f" CONSTRAINT {VERSION_TABLE}_pkc PRIMARY KEY (version_num))"
            ))  # fmt: skip
            conn.execute(
                text(f"INSERT INTO {VERSION_TABLE} (version_num) SELECT :h"
                     f" WHERE NOT EXISTS (SELECT 1 FROM {VERSION_TABLE})"),
                {"h": HEAD},
            )  # fmt: skip
    except DBAPIError as err:  # e.g. a role that may not create tables
        raise SchemaMismatch(
            f"数据库结构尚未登记版本，请先以属主角色运行 `{UPGRADE}`",
            f"the database schema has no revision yet: run `{UPGRADE}` (as the owner role)",
        ) from err
    return HEAD


def _missing_columns(engine: Engine) -> str:
    problems = []
    with engine.connect() as conn:
        found = inspect(conn)
        for table, columns in COLUMNS.items():
            if not found.has_table(table):
                continue  # created by this casework when first used
            if lacking := sorted(columns - table_columns(conn, table)):
                problems.append(f"{table} lacks {', '.join(lacking)}")
    return "; ".join(problems)


def table_columns(conn: Connection, table: str) -> set[str]:
    """The column names of a table in the connection's schema."""
    if conn.dialect.name == "sqlite":
        return {
            row[1]
            for row in conn.execute(text("SELECT * FROM pragma_table_info(:t)"), {"t": table})
        }
    rows = conn.execute(
        text("SELECT column_name FROM information_schema.columns"
             " WHERE table_schema = current_schema() AND table_name = :t"),
        {"t": table},
    )  # fmt: skip
    return {row[0] for row in rows}

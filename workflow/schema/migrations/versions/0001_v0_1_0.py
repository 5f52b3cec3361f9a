"""The schema of casework 0.1.0: the event log, idempotent commands, projection checkpoints.

A frozen copy of what 0.1.0 created at runtime (`CREATE TABLE IF NOT EXISTS`), so this
revision is a no-op on a 0.1.0 database and builds the same tables on an empty one.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SQLITE = [
    """CREATE TABLE IF NOT EXISTS events (
        position INTEGER PRIMARY KEY,
        stream_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        event_type TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        UNIQUE (stream_id, version)
    )""",
    """CREATE TABLE IF NOT EXISTS event_commands (
        command_id TEXT PRIMARY KEY,
        stream_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        positions TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    )""",
] + [
    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op_.lower()} BEFORE {op_} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {op_} refused'); END"
    for table in ("events", "event_commands")
    for op_ in ("UPDATE", "DELETE")
]

POSTGRES = [
    """CREATE TABLE IF NOT EXISTS events (
        position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        stream_id VARCHAR(200) NOT NULL,
        version INTEGER NOT NULL,
        event_type VARCHAR(200) NOT NULL,
        schema_version INTEGER NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL,
        recorded_at CHAR(27) NOT NULL,
        prev_hash CHAR(64) NOT NULL,
        hash CHAR(64) NOT NULL,
        tx_id XID8 NOT NULL DEFAULT pg_current_xact_id(),
        UNIQUE (stream_id, version)
    )""",
    """CREATE TABLE IF NOT EXISTS event_commands (
        command_id VARCHAR(200) PRIMARY KEY,
        stream_id VARCHAR(200) NOT NULL,
        version INTEGER NOT NULL,
        positions TEXT NOT NULL,
        recorded_at CHAR(27) NOT NULL
    )""",
    """CREATE OR REPLACE FUNCTION casework_refuse_change() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION '%% is append-only: %% refused', TG_TABLE_NAME, TG_OP;
       END $$""",
] + [
    statement
    for table in ("events", "event_commands")
    for statement in (
        f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}"
        " FOR EACH ROW EXECUTE FUNCTION casework_refuse_change()",
        f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}"
        " FOR EACH STATEMENT EXECUTE FUNCTION casework_refuse_change()",
    )
]

PROJECTION_STATE = """CREATE TABLE IF NOT EXISTS projection_state (
    name VARCHAR(100) PRIMARY KEY,
    version INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    position BIGINT NOT NULL,
    updated_at VARCHAR(32) NOT NULL
)"""


def upgrade() -> None:
    bind = op.get_bind()
    for statement in POSTGRES if bind.dialect.name == "postgresql" else SQLITE:
        bind.exec_driver_sql(statement)
    bind.exec_driver_sql(PROJECTION_STATE)


def downgrade() -> None:
    raise NotImplementedError("casework never migrates down: restore a backup instead")

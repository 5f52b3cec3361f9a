"""Signatures on events: the event table gains `signature` (Ed25519, empty before signing).

Adding a column with a constant default rewrites no row on either backend (PostgreSQL 11+
stores the default in the catalogue; SQLite's ADD COLUMN only edits the schema), so the
stored events, their canonical text and their hashes stay exactly as they were.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ADD = "ALTER TABLE events ADD COLUMN signature TEXT NOT NULL DEFAULT ''"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.exec_driver_sql(ADD.replace("ADD COLUMN", "ADD COLUMN IF NOT EXISTS"))
        return
    columns = {row[1] for row in bind.exec_driver_sql("PRAGMA table_info(events)")}
    if "signature" not in columns:  # the store itself may have added it already
        bind.exec_driver_sql(ADD)


def downgrade() -> None:
    raise NotImplementedError("casework never migrates down: restore a backup instead")

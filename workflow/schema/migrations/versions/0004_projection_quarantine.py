"""Quarantined events of read models: an event a projection cannot apply is set aside,
reported and retried by `rebuild`, so a read model never stops for good on one event.

A frozen copy of `projections/quarantine.py`'s table as first released.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

QUARANTINE = """CREATE TABLE IF NOT EXISTS projection_quarantine (
    name VARCHAR(100) NOT NULL,
    generation INTEGER NOT NULL,
    position BIGINT NOT NULL,
    stream_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    error TEXT NOT NULL,
    quarantined_at VARCHAR(32) NOT NULL,
    PRIMARY KEY (name, generation, position)
)"""


def upgrade() -> None:
    op.get_bind().exec_driver_sql(QUARANTINE)


def downgrade() -> None:
    raise NotImplementedError("casework never migrates down: restore a backup instead")

"""How far each account has read its 提醒 (`workflow/accounts/read_marks.py`): one row an
account, the newest notice position it has seen on the console's /notices. The account's
own state beside its sessions, not an event. Nothing is back-filled: an account without a
row counts the notices of the last seven days as new, as the nav did before.

A frozen copy of the table as first released. `if_not_exists`: a database whose console
already made it keeps it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox_reads",
        sa.Column("account_id", sa.String(64), primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False),
        sa.Column("read_at", sa.Float, nullable=False),
        if_not_exists=True,
    )


def downgrade() -> None:
    raise NotImplementedError("casework never migrates down: restore a backup instead")

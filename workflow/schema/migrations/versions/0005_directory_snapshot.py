"""The directory snapshot (workflow/organisation/snapshot.py): one row, the folded
organisation directory and the version of every org stream it folded, so a command folds
only the org events recorded since. A cache: emptying it loses nothing.

A frozen copy of the table as first released.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    blob = "BYTEA" if bind.dialect.name == "postgresql" else "BLOB"
    bind.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS directory_snapshot (id INTEGER NOT NULL PRIMARY KEY,"
        f" fingerprint TEXT NOT NULL, versions TEXT NOT NULL, blob {blob} NOT NULL)"
    )


def downgrade() -> None:
    raise NotImplementedError("casework never migrates down: restore a backup instead")

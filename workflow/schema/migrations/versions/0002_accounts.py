"""Accounts of the web console: accounts, sessions, API tokens, login attempts.

A frozen copy of `workflow/accounts/tables.py` as first released. Credentials are stored
only as hashes (Argon2id passwords, SHA-256 of session ids and tokens); they are never
events. `if_not_exists`: a database whose console already made these tables keeps them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("account_id", sa.String(64), primary_key=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("must_change", sa.Boolean, nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.Float, nullable=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("changed_at", sa.Float, nullable=False),
        if_not_exists=True,
    )
    op.create_table(
        "web_sessions",
        sa.Column("session_hash", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.String(64), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("seen_at", sa.Float, nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False),
        if_not_exists=True,
    )
    op.create_index("ix_web_sessions_account_id", "web_sessions", ["account_id"], if_not_exists=True)
    op.create_table(
        "api_tokens",
        sa.Column("token_id", sa.String(16), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("account_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("scopes", sa.String(100), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
        sa.Column("revoked_at", sa.Float, nullable=True),
        if_not_exists=True,
    )
    op.create_index("ix_api_tokens_account_id", "api_tokens", ["account_id"], if_not_exists=True)
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("account_id", sa.String(64), nullable=True),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
        if_not_exists=True,
    )
    op.create_index(
        "ix_login_attempts_address_at", "login_attempts", ["address", "at"], if_not_exists=True
    )


def downgrade() -> None:
    raise NotImplementedError("casework never migrates down: restore a backup instead")

"""The credential tables (SQLAlchemy Core), created idempotently beside the event store,
and the account's own state beside them (how far it has read its 提醒).

Times are UTC epoch seconds (floats): they compare the same on SQLite and PostgreSQL.
Session ids and API tokens are stored only as their SHA-256, so a copy of these
tables does not let anyone in.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
)

metadata = MetaData()

accounts = Table(
    "accounts",
    metadata,
    Column("account_id", String(64), primary_key=True),
    Column("password_hash", String(255), nullable=False),
    Column("must_change", Boolean, nullable=False),
    Column("failures", Integer, nullable=False),
    Column("locked_until", Float, nullable=True),  # None = not locked; inf-like = by an admin
    Column("created_at", Float, nullable=False),
    Column("changed_at", Float, nullable=False),
)

sessions = Table(
    "web_sessions",
    metadata,
    Column("session_hash", String(64), primary_key=True),
    Column("account_id", String(64), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("seen_at", Float, nullable=False),
    Column("revoked", Boolean, nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_id", String(16), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("account_id", String(64), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("scopes", String(100), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("revoked_at", Float, nullable=True),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account_id", String(64), nullable=True),
    Column("address", String(64), nullable=False),
    Column("at", Float, nullable=False),
    Column("ok", Boolean, nullable=False),
    Index("ix_login_attempts_address_at", "address", "at"),
)

inbox_reads = Table(
    "inbox_reads",
    metadata,
    Column("account_id", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),  # the newest notice seen on 提醒's page one
    Column("read_at", Float, nullable=False),
)
"""How far each account has read its 提醒 (`read_marks.py`): the account's own state, not a
legal fact, so not an event (a page view would otherwise grow the tamper-evident log)."""

LOCKED_BY_ADMIN = 1e18
"""`locked_until` of an account an administrator locked: until it is reset."""


def create_tables(engine: Engine) -> None:
    """Create the credential tables if absent (idempotent, like the store's own tables)."""
    metadata.create_all(engine, checkfirst=True)

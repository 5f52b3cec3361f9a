"""The projection checkpoint table (`projection_state`) and its row-level helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, text

STATE_DDL = """CREATE TABLE IF NOT EXISTS projection_state (
    name VARCHAR(100) PRIMARY KEY,
    version INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    position BIGINT NOT NULL,
    updated_at VARCHAR(32) NOT NULL
)"""


@dataclass(frozen=True)
class ProjectionState:
    """Where a projection stands: its version, table generation and checkpoint."""

    name: str
    version: int
    generation: int
    position: int


def serialise(conn: Connection, key: str) -> None:
    """Serialise DDL on one key until commit (PostgreSQL; SQLite writers already are)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": key})


def load_state(conn: Connection, name: str, *, lock: bool) -> ProjectionState | None:
    sql = "SELECT name, version, generation, position FROM projection_state WHERE name = :n"
    if lock and conn.dialect.name == "postgresql":
        sql += " FOR UPDATE"
    row = conn.execute(text(sql), {"n": name}).first()
    return ProjectionState(row[0], row[1], row[2], row[3]) if row else None


def insert_state(conn: Connection, name: str, version: int, generation: int, position: int) -> None:
    conflict = " ON CONFLICT (name) DO NOTHING"
    conn.execute(
        text(
            "INSERT INTO projection_state (name, version, generation, position, updated_at)"
            " VALUES (:n, :v, :g, :p, :t)" + conflict
        ),
        {"n": name, "v": version, "g": generation, "p": position, "t": now_text()},
    )


def save(conn: Connection, name: str, generation: int, version: int, position: int) -> None:
    conn.execute(
        text(
            "UPDATE projection_state SET generation = :g, version = :v, position = :p,"
            " updated_at = :t WHERE name = :n"
        ),
        {"n": name, "g": generation, "v": version, "p": position, "t": now_text()},
    )


def now_text() -> str:
    return datetime.now(UTC).isoformat()

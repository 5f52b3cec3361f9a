"""Quarantine (隔离) of events a read model cannot project, so one event never stops it.

When a batch fails with an error about the data (a missing field, a wrong type, a value
the table refuses), the engine retries it one event at a time, each in a savepoint. An
event that still fails is recorded here with its error, and the model goes on past it.
Errors about the machinery (connection lost, the worker killed) are not quarantined:
they roll the batch back and the next catch-up retries it.

Entries belong to a generation of the model: a rebuild (`casework rebuild`) replays
every event into a fresh generation, so it retries every quarantined event, and the
entries of the generation it replaces go with it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, Table, exc, text

from events import RecordedEvent
from projections.state import now_text

log = logging.getLogger("projections.engine")


class Model(Protocol):
    """What the quarantine needs of a projection (`projections.engine.Projection`)."""

    @property
    def name(self) -> str: ...

    @property
    def event_types(self) -> frozenset[str] | None: ...

    def apply_batch(
        self, conn: Connection, tables: dict[str, Table], events: list[RecordedEvent]
    ) -> None: ...


def apply(
    conn: Connection,
    projection: Model,
    tables: dict[str, Table],
    events: list[RecordedEvent],
    generation: int,
) -> int:
    """Apply a batch; if its data fails, apply one event at a time and quarantine
    the events that still fail (each in a savepoint), so the model goes on past them.
    Returns how many events it quarantined."""
    wanted = projection.event_types
    chosen = events if wanted is None else [e for e in events if e.type in wanted]
    if not chosen:
        return 0
    try:
        with conn.begin_nested():
            projection.apply_batch(conn, tables, chosen)
        return 0
    except Exception as err:
        if not is_data_error(err):
            raise
    set_aside = 0
    for event in chosen:
        try:
            with conn.begin_nested():
                projection.apply_batch(conn, tables, [event])
        except Exception as err:
            if not is_data_error(err):
                raise
            log.warning("%s: event %s quarantined: %s", projection.name, event.position, err)
            record(conn, projection.name, generation, event, err)
            set_aside += 1
    return set_aside


QUARANTINE_DDL = """CREATE TABLE IF NOT EXISTS projection_quarantine (
    name VARCHAR(100) NOT NULL,
    generation INTEGER NOT NULL,
    position BIGINT NOT NULL,
    stream_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    error TEXT NOT NULL,
    quarantined_at VARCHAR(32) NOT NULL,
    PRIMARY KEY (name, generation, position)
)"""
MAX_ERROR = 500
# What an event's data can cause in a projection; anything else is the machinery's failure.
DATA_ERRORS: tuple[type[BaseException], ...] = (
    LookupError, TypeError, ValueError, AttributeError, ArithmeticError,
    exc.DataError, exc.IntegrityError,
)  # fmt: skip


@dataclass(frozen=True)
class Quarantined:
    """One event a read model set aside, and why."""

    name: str
    generation: int
    position: int
    stream_id: str
    event_type: str
    error: str
    quarantined_at: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "projection": self.name, "position": self.position, "stream_id": self.stream_id,
            "event_type": self.event_type, "error": self.error, "at": self.quarantined_at,
        }  # fmt: skip


def is_data_error(err: BaseException) -> bool:
    """Did the event's data cause this (quarantine it), rather than the machinery?"""
    if isinstance(err, exc.OperationalError):
        return False
    if isinstance(err, exc.StatementError) and not isinstance(err, exc.DBAPIError):
        return isinstance(err.orig, DATA_ERRORS)  # a value the driver could not send
    return isinstance(err, DATA_ERRORS)


def describe(err: BaseException) -> str:
    """One line naming the error, without control characters, at most MAX_ERROR long."""
    orig = getattr(err, "orig", None) or err
    first = (str(orig).strip().splitlines() or [""])[0]
    line = f"{type(orig).__name__}: {first}"
    return "".join(c if c.isprintable() else "?" for c in line)[:MAX_ERROR]


def record(
    conn: Connection, name: str, generation: int, event: RecordedEvent, err: BaseException
) -> None:
    """Set one event aside for this generation of the model (idempotent)."""
    conn.execute(
        text(
            "INSERT INTO projection_quarantine (name, generation, position, stream_id, event_type,"
            " error, quarantined_at) VALUES (:n, :g, :p, :s, :t, :e, :at)"
            " ON CONFLICT (name, generation, position) DO NOTHING"
        ),
        {"n": name, "g": generation, "p": event.position, "s": _clean(event.stream_id),
         "t": _clean(event.type), "e": describe(err), "at": now_text()},
    )  # fmt: skip


def entries(conn: Connection, name: str, generation: int) -> list[Quarantined]:
    """The events this generation of the model set aside, in position order."""
    rows = conn.execute(
        text(
            "SELECT name, generation, position, stream_id, event_type, error, quarantined_at"
            " FROM projection_quarantine WHERE name = :n AND generation = :g ORDER BY position"
        ),
        {"n": name, "g": generation},
    )
    return [Quarantined(*row) for row in rows]


def forget_older_than(conn: Connection, name: str, generation: int) -> None:
    """Drop the entries of generations older than `generation` (their tables are gone)."""
    conn.execute(
        text("DELETE FROM projection_quarantine WHERE name = :n AND generation < :g"),
        {"n": name, "g": generation},
    )


def forget(conn: Connection, name: str, generation: int) -> None:
    """Drop the entries of one generation (it is being built afresh)."""
    conn.execute(
        text("DELETE FROM projection_quarantine WHERE name = :n AND generation = :g"),
        {"n": name, "g": generation},
    )


def _clean(value: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in value)[:200]

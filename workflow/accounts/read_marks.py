"""How far each account has read its 提醒 (已读位置): the newest notice it has seen.

A notice's position is its event's position in the log: stable across read-model rebuilds
and only ever growing, so "new since you last looked" is "a position above the mark". The
mark is the account's own state (like its sessions), kept in `inbox_reads`, never an
event: looking at a page is not a fact of the law, and an event per page view would grow
the tamper-evident log for nothing. It only moves forward.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import Engine, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from events.connect import one_read
from workflow.accounts.tables import create_tables, inbox_reads


class ReadMarks:
    """The inbox marks of every account, in the store's database."""

    def __init__(self, engine: Engine, *, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.clock = clock
        create_tables(engine)  # idempotent (the account service makes them too)

    def seen(self, account_id: str) -> int | None:
        """The newest notice position the account has seen on 提醒, or None (never opened)."""
        query = select(inbox_reads.c.position).where(inbox_reads.c.account_id == account_id)
        with one_read(self.engine) as conn:
            found = conn.execute(query).scalar_one_or_none()
        return None if found is None else int(found)

    def advance(self, account_id: str, position: int) -> None:
        """Move the account's mark up to `position`; a lower one leaves it where it is."""
        insert = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        row = insert(inbox_reads).values(account_id=account_id, position=position,
                                         read_at=self.clock())  # fmt: skip
        upsert = row.on_conflict_do_update(
            index_elements=[inbox_reads.c.account_id],
            set_={"position": row.excluded.position, "read_at": row.excluded.read_at},
            where=inbox_reads.c.position < row.excluded.position,
        )
        with self.engine.begin() as conn:
            conn.execute(upsert)

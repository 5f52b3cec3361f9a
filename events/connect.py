"""Open the event store named by a SQLAlchemy URL: the one place that knows both backends.

`store.py` holds the abstract store; `sqlite.py` and `postgres.py` implement it; this
module picks one by the URL's backend, so the base never imports its implementations.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, exc, make_url

from events.errors import StoreUnavailable, UnknownBackend
from events.signing import Signer
from events.store import EventStore
from events.upcasting import Upcasters


def _readable_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def open_store(
    url: str,
    *,
    upcasters: Upcasters | None = None,
    clock: Callable[[], datetime] | None = None,
    signer: Signer | None = None,
    **engine_options: Any,
) -> EventStore:
    """Open (and create if absent) the store at a SQLAlchemy URL: sqlite:/// or postgresql://."""
    try:
        parsed = make_url(url)
    except exc.ArgumentError as err:
        raise UnknownBackend(f"not a database URL: {url!r}") from err
    backend = parsed.get_backend_name()
    # read models may use JSON columns: keep Chinese readable there too
    engine_options.setdefault("json_serializer", _readable_json)
    if backend == "sqlite":
        from events.sqlite import SQLiteEventStore

        store: EventStore = SQLiteEventStore.from_url(parsed, upcasters, **engine_options)
    elif backend == "postgresql":
        from events.postgres import PostgresEventStore

        store = PostgresEventStore.from_url(parsed, upcasters, **engine_options)
    else:
        raise UnknownBackend(f"unknown database backend {backend!r} (use sqlite or postgresql)")
    if clock is not None:
        store.clock = clock  # recording time: real in production, simulated in tests
    store.signer = signer
    try:
        store.create_schema()
    except exc.OperationalError as err:
        where = parsed.render_as_string(hide_password=True)
        raise StoreUnavailable(f"{where}: {err.orig}") from err
    return store


def one_read(engine: Engine) -> Connection:
    """A connection for one read statement (use it as a context manager). On PostgreSQL it
    runs in autocommit: a single SELECT sees one snapshot anyway, and the implicit BEGIN
    and the ROLLBACK at the end would each cost a round trip to the server."""
    conn = engine.connect()
    if engine.dialect.name == "postgresql":
        conn.execution_options(isolation_level="AUTOCOMMIT")
    return conn

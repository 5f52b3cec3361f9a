"""The bare ASGI endpoint of `web_bench.py`: the raw-driver version of one case command.

POST /raw/{case}: in one transaction, read the case stream's rows and decode their JSON
(as the service folds a case), then insert one evidence event with its hash-chain link,
through the plain driver (sqlite3 / psycopg), no framework, no validation, no auth.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from datetime import UTC, datetime
from typing import Any

import anyio

URL = os.environ.get("RAW_DATABASE_URL", "")
GENESIS = "0" * 64
_local = threading.local()


def _connection() -> Any:
    conn = getattr(_local, "conn", None)
    if conn is None:
        if URL.startswith("sqlite:///"):
            conn = sqlite3.connect(URL.removeprefix("sqlite:///"), timeout=60, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
        else:
            import psycopg

            conn = psycopg.connect(URL.replace("postgresql+psycopg", "postgresql"))
        _local.conn = conn
    return conn


def command(case: str) -> int:
    conn = _connection()
    sqlite = isinstance(conn, sqlite3.Connection)
    p = "?" if sqlite else "%s"
    cur = conn.cursor()
    if sqlite:
        cur.execute("BEGIN IMMEDIATE")
    try:
        cur.execute(
            f"SELECT version, data, hash FROM raw_events WHERE stream_id = {p} ORDER BY version",
            (case,),
        )
        rows = cur.fetchall()
        for row in rows:
            json.loads(row[1])
        version, prev = (rows[-1][0], rows[-1][2]) if rows else (0, GENESIS)
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        data = json.dumps(
            {"kind": "书证", "text": "现场照片", "at": now}, ensure_ascii=False, sort_keys=True
        )
        digest = hashlib.sha256((prev + case + data).encode()).hexdigest()
        cur.execute(
            f"INSERT INTO raw_events (stream_id, version, data, recorded_at, prev_hash, hash)"
            f" VALUES ({p}, {p}, {p}, {p}, {p}, {p})",
            (case, version + 1, data, now, prev, digest),
        )
        conn.commit() if not sqlite else cur.execute("COMMIT")
    except BaseException:
        conn.rollback() if not sqlite else cur.execute("ROLLBACK")
        raise
    return version + 1


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    case = scope["path"].rsplit("/", 1)[-1]
    version = await anyio.to_thread.run_sync(command, case)
    body = json.dumps({"case": case, "version": version}).encode()
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json")]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})

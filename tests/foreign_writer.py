"""A second application on the same PostgreSQL server: write transactions held open in
ANOTHER database, over and over, so the suite proves it does not assume it is alone.

    python -m tests.foreign_writer [--hold 2.0] [--gap 0.2]     # until killed

Until events/postgres.py bounded its readers by casework's own writers only, every store
on the server saw its gap-safe head held back while one of these transactions was open
(`pg_snapshot_xmin` is server-wide); tests still compare what they wrote or wait for their
own position. `CASEWORK_TEST_FOREIGN_WRITER=1 pytest …` runs it for the whole
session (tests/conftest.py).
"""

from __future__ import annotations

import argparse
import time

import psycopg

from tests import pg


def database() -> str:
    """A database of its own on the test server (created if missing)."""
    url = pg.make_url(pg.base_url())
    name = f"{url.database}_foreign"
    admin = pg.conninfo(str(url.set(database="postgres")))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return pg.conninfo(str(url.set(database=name)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hold", type=float, default=2.0, help="seconds each transaction stays open")
    parser.add_argument("--gap", type=float, default=0.2, help="seconds between transactions")
    args = parser.parse_args()
    with psycopg.connect(database()) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS load (n bigserial PRIMARY KEY, at timestamptz)")
        conn.commit()
        while True:
            conn.execute("INSERT INTO load (at) VALUES (now())")  # takes a transaction id
            time.sleep(args.hold)
            conn.commit()
            time.sleep(args.gap)


if __name__ == "__main__":
    main()

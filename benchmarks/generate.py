"""Generate a large store for benchmarks: the demo county copied into many counties.

Each copy renames the townships (`taicheng` -> `taicheng17`) in stream ids and data,
and moves the county and catalogue streams to `county-c17` / `catalogue-c17`, so every
copy is a county of its own with the demo's real mix of events. Rows are written with
the store's own hashing (`events.hashing`) through stdlib sqlite3 in big transactions:
a generated store, byte-for-byte what `append` would have written, only faster.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from events import open_store
from events.hashing import GENESIS, canonical_json, canonical_record, chain_hash

INSERT = (
    "INSERT INTO events (position, stream_id, version, event_type, schema_version, data,"
    " metadata, recorded_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def demo_database(path: Path, seed: int = 1) -> None:
    """Run `casework demo` into a SQLite file (the template county)."""
    root = str(Path(__file__).resolve().parent.parent)  # this checkout's code, installed or not
    env = {"CASEWORK_DATABASE_URL": f"sqlite:///{path}", "PATH": "/usr/bin:/bin", "PYTHONPATH": root}
    subprocess.run([sys.executable, "-m", "workflow", "demo", "--seed", str(seed)],
                   check=True, env=env, capture_output=True, cwd=root)  # fmt: skip


def template(path: Path) -> tuple[list[tuple[Any, ...]], list[str]]:
    """The demo's rows in position order and its township codes."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT stream_id, event_type, schema_version, data, metadata, recorded_at"
            " FROM events WHERE stream_id NOT LIKE 'seal-%' ORDER BY position"
        ).fetchall()  # seals are of the template's months: a generated store is unsealed
    codes = [json.loads(r[3])["code"] for r in rows if r[1] == "TownshipRegistered"]
    return rows, codes


def renamer(codes: list[str], copy: int) -> tuple[Any, Any]:
    """Functions renaming stream ids and data of one copy."""
    if copy == 0:
        return (lambda s: s), (lambda d: d)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, codes)) + r")\b")
    people = re.compile(r"\b([a-z]{2,3})-(\d{3})\b")  # officer ids: tc-001 -> tc17-001

    def stream(sid: str) -> str:
        renamed = pattern.sub(lambda m: f"{m.group(1)}{copy}", sid)
        return renamed if renamed != sid else f"{sid}-c{copy}"  # county, catalogue, ...

    def data(text: str) -> str:
        text = people.sub(lambda m: f"{m.group(1)}{copy}-{m.group(2)}", text)
        return pattern.sub(lambda m: f"{m.group(1)}{copy}", text)

    return stream, data


def generate(target: Path, events: int, template_db: Path) -> int:
    """Write about `events` events into a new store at `target`; returns the count."""
    rows, codes = template(template_db)
    open_store(f"sqlite:///{target}").close()
    copies = max(1, -(-events // len(rows)))
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA synchronous=OFF")
    position = 0
    for copy in range(copies):
        stream_of, data_of = renamer(codes, copy)
        heads: dict[str, tuple[int, str]] = {}
        batch = []
        for sid, etype, sv, data, meta, at in rows:
            sid = stream_of(sid)
            data = canonical_json(json.loads(data_of(data)))
            meta = canonical_json(json.loads(data_of(meta)))
            version, prev = heads.get(sid, (0, GENESIS))
            version += 1
            digest = chain_hash(prev, canonical_record(sid, version, etype, sv, data, meta, at))
            heads[sid] = (version, digest)
            position += 1
            batch.append((position, sid, version, etype, sv, data, meta, at, prev, digest))
        conn.executemany(INSERT, batch)
        conn.commit()
    conn.close()
    return position

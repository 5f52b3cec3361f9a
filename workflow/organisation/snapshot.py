"""The directory as commands read it: `load_directory(store)`, from a snapshot.

A snapshot is the folded `Directory` plus the version of every org stream it has folded
(`county`, `catalogue`, `roster-<township>` of the county's townships). Loading one:
1. one indexed query for those streams' current versions;
2. only the streams that grew are read, and only their new events (plus the rosters of
   townships registered since) are folded, in global position order;
3. a process keeps its last snapshot in memory (a worker or the web service folds only
   new events), and a command that had to fold new events writes it back to the
   `directory_snapshot` table (migration 0005), so the next process starts from there.
So a command's cost follows the org events recorded since the snapshot, not the size of
the province's log nor the county's roster history. The snapshot is a cache: it is
ignored (and the streams replayed) when the fold's code changed (a fingerprint of the
modules it depends on), and any failure to read or write it falls back to the replay.
The stored blob is a pickle read back through a whitelist of the directory's own classes.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Engine, Integer, LargeBinary, MetaData, Table, Text, select, text
from sqlalchemy.exc import SQLAlchemyError

from events import EventStore, RecordedEvent
from workflow.organisation import catalogue, directory, directory_fold, events, types
from workflow.organisation.directory import Directory
from workflow.organisation.directory_fold import apply_record, replay
from workflow.organisation.events import CATALOGUE_STREAM, COUNTY_STREAM, roster_stream

TABLE = Table(
    "directory_snapshot", MetaData(),
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("fingerprint", Text, nullable=False),
    Column("versions", Text, nullable=False),  # JSON [[stream, version], ...]
    Column("blob", LargeBinary, nullable=False),
)  # fmt: skip
_FOLD_MODULES = (directory, directory_fold, catalogue, events, types)
_ALLOWED = {"datetime": {"date"}, "events.model": {"AppendResult"}}


@dataclass(frozen=True)
class Snapshot:
    versions: tuple[tuple[str, int], ...]
    blob: bytes

    def directory(self) -> Directory:
        found = _Unpickler(io.BytesIO(self.blob)).load()
        assert isinstance(found, Directory)
        return found


_MEMORY: weakref.WeakKeyDictionary[EventStore, Snapshot] = weakref.WeakKeyDictionary()
_FINGERPRINT: list[str] = []


def load_directory(store: EventStore) -> Directory:
    """The current directory: the last snapshot brought up to date with new org events."""
    snapshot = _MEMORY.get(store) or _stored(store)
    if snapshot is None:
        folded = replay(store)
        return _keep(store, folded, save=bool(folded.version and folded.version[0][1]))
    current = _current_versions(store, [s for s, _ in snapshot.versions])
    try:
        found = snapshot.directory()
    except Exception:  # noqa: BLE001 - a cache that cannot be read is replaced, whatever broke it
        return _keep(store, replay(store), save=True)
    if any(current[s] < v for s, v in snapshot.versions):  # the log is not the one it folded
        return _keep(store, replay(store), save=True)
    if current == dict(snapshot.versions):
        _MEMORY[store] = snapshot
        return found
    _fold_new(store, found, dict(snapshot.versions), current)
    return _keep(store, found, save=True)


def forget(store: EventStore) -> None:
    """Drop the process's snapshot of this store (tests; after a restore)."""
    _MEMORY.pop(store, None)


def _fold_new(
    store: EventStore, found: Directory, had: dict[str, int], now: dict[str, int]
) -> None:
    """Fold the events of the streams that grew, and of new townships' rosters."""
    new = _new_records(store, [(s, had[s]) for s in had if now.get(s, 0) > had[s]])
    registered = [r.data["code"] for r in new if r.type == "TownshipRegistered"]
    rosters = [(roster_stream(c), 0) for c in registered if roster_stream(c) not in had]
    new += _new_records(store, rosters)
    for record in sorted(new, key=lambda r: r.position):
        apply_record(found, record)
    read = {**had, **dict(rosters)}  # exactly what was folded: the streams as read
    for record in new:
        read[record.stream_id] = max(read[record.stream_id], record.version)
    found.version = _ordered(read, found)


def _new_records(store: EventStore, streams: Iterable[tuple[str, int]]) -> list[RecordedEvent]:
    return [r for s, v in streams for r in store.read_stream(s) if r.version > v]


def _ordered(read: dict[str, int], found: Directory) -> tuple[tuple[str, int], ...]:
    """The version tuple in replay's order: county, catalogue, rosters by township code."""
    streams = [COUNTY_STREAM, CATALOGUE_STREAM] + [roster_stream(c) for c in sorted(found.townships)]
    return tuple((s, read.get(s, 0)) for s in streams)


def _current_versions(store: EventStore, streams: list[str]) -> dict[str, int]:
    """Each stream's current version, in one statement over the (stream, version) index."""
    names = ", ".join(f":s{i}" for i in range(len(streams)))
    sql = f"SELECT stream_id, MAX(version) FROM events WHERE stream_id IN ({names}) GROUP BY stream_id"
    with store.engine.connect() as conn:
        rows = conn.execute(text(sql), {f"s{i}": s for i, s in enumerate(streams)})
        found = {str(r[0]): int(r[1]) for r in rows}
    return {s: found.get(s, 0) for s in streams}


def _keep(store: EventStore, found: Directory, save: bool) -> Directory:
    blob = pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)
    snapshot = Snapshot(found.version, blob)
    _MEMORY[store] = snapshot
    if save:
        _save(store, snapshot)
    return found  # the caller may change it (previews): the kept snapshot is the bytes


def _stored(store: EventStore) -> Snapshot | None:
    try:
        with store.engine.connect() as conn:
            row = conn.execute(select(TABLE).where(TABLE.c.id == 1)).first()
    except SQLAlchemyError:
        return None  # no table yet (or not ours to read): replay
    if row is None or row.fingerprint != fingerprint():
        return None
    versions = tuple((str(s), int(v)) for s, v in json.loads(row.versions))
    return Snapshot(versions, bytes(row.blob))


def _save(store: EventStore, snapshot: Snapshot) -> None:
    """Write the snapshot back (a cache: a failure only means the next process folds more)."""
    values = {"fingerprint": fingerprint(), "versions": json.dumps(snapshot.versions),
              "blob": snapshot.blob}  # fmt: skip
    try:
        create_table(store.engine)
        with store.engine.begin() as conn:
            if conn.execute(TABLE.update().where(TABLE.c.id == 1).values(**values)).rowcount == 0:
                conn.execute(TABLE.insert().values(id=1, **values))
    except SQLAlchemyError:
        pass


def create_table(engine: Engine) -> None:
    """The snapshot's table, as migration 0005 makes it (created when first saved)."""
    TABLE.create(engine, checkfirst=True)


def fingerprint() -> str:
    """A digest of the modules the fold depends on: a snapshot of other code is not used."""
    if not _FINGERPRINT:
        digest = hashlib.sha256()
        for module in _FOLD_MODULES:
            digest.update(Path(str(module.__file__)).read_bytes())
        _FINGERPRINT.append(digest.hexdigest()[:32])
    return _FINGERPRINT[0]


class _Unpickler(pickle.Unpickler):
    """Only the directory's own classes, enums and dates: a blob cannot name anything else."""

    def find_class(self, module: str, name: str) -> Any:
        if module.startswith("workflow.organisation.") or name in _ALLOWED.get(module, ()):
            found = super().find_class(module, name)
            if isinstance(found, type):  # classes (dataclasses, enums), never functions
                return found
        raise pickle.UnpicklingError(f"directory snapshot names {module}.{name}")

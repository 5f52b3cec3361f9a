"""Folded cases kept per process (已折叠案件缓存): a command reads only the events after
the version it last folded a case to.

A case stream only grows (events are never edited or deleted), so the fold of versions
1..v stays the fold of those versions: a command takes the cached case at v, reads the
events after v from the store and folds them; whatever another process or thread appended
meanwhile is among them. The cache is never the guard: the append still carries the
version the command decided on (`expected_version`), so a writer that raced past it gets
the usual concurrency conflict. Each caller gets its own copy (the appliers replace
values, they do not change shared ones in place; the deadline dict is copied).
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from events import RecordedEvent
from workflow.cases.case import Case
from workflow.cases.duties import Duties
from workflow.cases.duties import fold as fold_duties
from workflow.messages import from_recorded


@dataclass(frozen=True)
class Folded:
    """A case folded to its version, and the command ids its events carry (retries)."""

    case: Case
    command_ids: frozenset[str]


def _copy(case: Case) -> Case:
    twin = copy.copy(case)
    twin.deadlines = dict(case.deadlines)
    return twin


@dataclass
class FoldedCases:
    """The last folded state of up to `size` case streams (least recently used dropped)."""

    size: int = 2048
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _entries: OrderedDict[str, Folded] = field(default_factory=OrderedDict)
    _duties: dict[str, Duties] = field(default_factory=dict)  # duties-<township> folded
    _calendar: int = 0  # the county's calendar events installed so far (a version)

    @property
    def calendar_version(self) -> int:
        with self._lock:
            return self._calendar

    def calendar_installed(self, version: int) -> None:
        with self._lock:
            self._calendar = max(self._calendar, version)

    def duties(self, stream_id: str) -> Duties | None:
        with self._lock:
            found = self._duties.get(stream_id)
        return None if found is None else _copy_duties(found)

    def put_duties(self, stream_id: str, duties: Duties) -> None:
        with self._lock:
            current = self._duties.get(stream_id)
            if current is None or current.version < duties.version:
                self._duties[stream_id] = _copy_duties(duties)

    def get(self, stream_id: str) -> Folded | None:
        with self._lock:
            found = self._entries.get(stream_id)
            if found is None:
                return None
            self._entries.move_to_end(stream_id)
        return Folded(_copy(found.case), found.command_ids)

    def put(self, stream_id: str, folded: Folded) -> None:
        kept = Folded(_copy(folded.case), folded.command_ids)
        with self._lock:
            current = self._entries.get(stream_id)
            if current is not None and current.case.version >= kept.case.version:
                return  # another thread already folded at least as far
            self._entries[stream_id] = kept
            self._entries.move_to_end(stream_id)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._duties.clear()
            self._calendar = 0


def _copy_duties(duties: Duties) -> Duties:
    return Duties({duty: set(held) for duty, held in duties.holders.items()}, duties.version)


def duties_onto(base: Duties, records: list[RecordedEvent]) -> Duties:
    """`base` with the duty designations after its version folded in (as duties.fold)."""
    if records and records[0].version != base.version + 1:
        raise ValueError(f"{records[0].stream_id}: event {records[0].version} after {base.version}")
    return fold_duties((from_recorded(r) for r in records), into=_copy_duties(base))


def fold_onto(base: Folded | None, records: list[RecordedEvent]) -> Folded:
    """`base` (or an empty case) with `records` (the events after its version) folded in."""
    case = base.case if base is not None else Case()
    ids = set(base.command_ids) if base is not None else set()
    for record in records:
        if record.version != case.version + 1:  # not the next event: refuse to guess
            raise ValueError(
                f"{record.stream_id}: event {record.version} after version {case.version}"
            )
        case.apply(from_recorded(record))
        command_id = record.metadata.get("command_id")
        if command_id:
            ids.add(str(command_id))
    return Folded(case, frozenset(ids))

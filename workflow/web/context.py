"""What every request needs, built once per app: the Casework root, accounts, sessions,
tokens, a directory that is reloaded only when an organisation stream changed."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workflow.accounts.read_marks import ReadMarks
from workflow.accounts.service import AccountService
from workflow.accounts.sessions import Sessions
from workflow.accounts.tokens import ApiTokens, Rider
from workflow.bootstrap import Casework
from workflow.cases.config import load_procedure
from workflow.cases.folded import FoldedCases
from workflow.cases.service import CaseService
from workflow.organisation.directory import Directory
from workflow.organisation.snapshot import load_directory

ORG_EVENTS = (  # the organisation events: the county, the catalogue, any roster
    "stream_id IN ('county', 'catalogue') OR (stream_id >= 'roster-' AND stream_id < 'roster.')"
)


REQUEST_MEMO: ContextVar[dict[str, Any] | None] = ContextVar("casework_request", default=None)
"""Per request (set by the app's middleware, seen by its worker threads): what was already
looked up, e.g. the directory's freshness, asked once per request instead of per call."""


@dataclass
class DirectoryCache:
    """The directory, brought up to date only when an organisation event was recorded.

    A check reads the log from the position it last passed: the county, catalogue and
    roster events after it (a range of the primary key, not every roster stream of the
    database), so its cost follows what was recorded since, not the number of counties
    or their roster history; the store's head is read in the same statement (one round
    trip a request). The position advances to the store's gap-safe head only
    (PostgreSQL: no event can still commit at or below it, so none is skipped); an org
    event already visible above it is folded at once and remembered until the head
    passes it. The directory comes from `load_directory` (the snapshot: only new org
    events are folded)."""

    casework: Casework
    head_every: float = 0.5  # seconds: a rider look asks the head at most this often
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _head_at: float = float("-inf")  # when a rider look last asked the head (monotonic)
    _cached: Directory | None = None
    _position: int = 0  # every org event at or below it is in _cached
    _seen: frozenset[int] = frozenset()  # org events above _position that _cached holds

    def __call__(self) -> Directory:
        memo = REQUEST_MEMO.get()
        if memo is not None and "directory" in memo:  # checked once per request
            return memo["directory"]
        directory = self._fresh()
        if memo is not None:
            memo["directory"] = directory
        return directory

    def _fresh(self) -> Directory:
        store = self.casework.store
        with self._lock:
            after, cached = self._position, self._cached
        if cached is None:
            return self._take(after, store.head(), ())  # head read first: the load covers it
        # one statement, one snapshot: every org event at or below the head is found
        return self._take(after, *store.head_and_positions(after, ORG_EVENTS))

    def _take(self, after: int, head: int | None, positions: Iterable[int]) -> Directory:
        """Bring the directory up to a look's answer: the head (None: not asked, the
        position stays) and the org events above `after` (the position the look read from)."""
        with self._lock:
            found = frozenset(p for p in positions if p > self._position)  # another thread's look
            if self._cached is None or not found <= self._seen:  # an org event not folded yet
                self._cached = load_directory(self.casework.store)  # every org stream to its end
                self._seen |= found
            self._position = max(self._position, head or 0)
            self._seen = frozenset(p for p in self._seen if p > self._position)
            return self._cached

    def rider(self) -> Rider | None:
        """This request's look as a query to run inside another read's statement (the API
        token check: one round trip for both), or None when the request has its answer
        already or nothing is cached yet (then a call looks as usual)."""
        memo = REQUEST_MEMO.get()
        if memo is None or "directory" in memo:
            return None
        now = time.monotonic()
        with self._lock:
            after, cached = self._position, self._cached
            with_head = now - self._head_at >= self.head_every
            if with_head:
                self._head_at = now
        if cached is None:
            return None
        # Every org event visible to the statement is above `after` or folded already, with
        # or without the head; the head only lets the position advance (on PostgreSQL it
        # reads pg_locks, the costliest part of the look), so it is asked at most every
        # `head_every` seconds and the range read in between grows by what was recorded.
        sql = f"SELECT 1 AS kind, position AS value FROM events WHERE position > :after AND ({ORG_EVENTS})"
        if with_head:
            sql = f"SELECT 0 AS kind, ({self.casework.store.head_query()}) AS value UNION ALL " + sql

        def answer(rows: Iterable[tuple[int, int]]) -> None:
            found = list(rows)
            head = next((int(value) for kind, value in found if kind == 0), None)
            memo["directory"] = self._take(after, head, (int(v) for k, v in found if k == 1))

        return Rider(sql, {"after": after}, answer)


@dataclass
class WebContext:
    casework: Casework
    accounts: AccountService
    sessions: Sessions
    tokens: ApiTokens
    directory: DirectoryCache
    evidence_dir: Path
    secure_cookies: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    folded: FoldedCases = field(default_factory=FoldedCases)  # cases folded by commands
    marks: ReadMarks = field(init=False)  # how far each account has read its 提醒

    def __post_init__(self) -> None:
        self.marks = ReadMarks(self.casework.store.engine)

    def close(self) -> None:
        """Stop background work, then release the store (nothing runs on a closed engine)."""
        for listener in self.casework.store.listeners:
            stop = getattr(listener, "stop", None)
            if stop is not None:
                stop()
        self.casework.close()

    def cases(self, channel: str, account: str) -> CaseService:
        """The case command handlers, stamping channel and account into every event."""
        from workflow.execution.closing import guard
        from workflow.execution.service import ExecutionService

        if "config" not in self.extra:  # the county file is read once per process
            self.extra["config"] = load_procedure(self.casework.settings.county_file).config
        return CaseService(
            self.casework.store,
            self.directory,
            config=self.extra["config"],
            max_backdate_hours=self.casework.settings.max_backdate_hours,
            origin={"channel": channel, "account": account},
            close_guard=guard(ExecutionService(self.casework.store, self.directory)),
            folded=self.folded,
        )

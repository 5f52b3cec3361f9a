"""What every request needs, built once per app: the Casework root, accounts, sessions,
tokens, a directory that is reloaded only when an organisation stream changed."""

from __future__ import annotations

import threading
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text

from workflow.accounts.service import AccountService
from workflow.accounts.sessions import Sessions
from workflow.accounts.tokens import ApiTokens
from workflow.bootstrap import Casework
from workflow.cases.config import load_procedure
from workflow.cases.service import CaseService
from workflow.organisation.directory import Directory
from workflow.organisation.snapshot import load_directory

ORG_VERSIONS = (
    "SELECT stream_id, MAX(version) FROM events WHERE stream_id IN ('county', 'catalogue')"
    " OR (stream_id >= 'roster-' AND stream_id < 'roster.') GROUP BY stream_id"
)


REQUEST_MEMO: ContextVar[dict[str, Any] | None] = ContextVar("casework_request", default=None)
"""Per request (set by the app's middleware, seen by its worker threads): what was already
looked up, e.g. the directory's freshness, asked once per request instead of per call."""


@dataclass
class DirectoryCache:
    """The directory, folded again only when a county/catalogue/roster stream grew."""

    casework: Casework
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _cached: Directory | None = None
    _versions: frozenset[tuple[str, int]] = frozenset()

    def __call__(self) -> Directory:
        memo = REQUEST_MEMO.get()
        if memo is not None and "directory" in memo:  # checked once per request
            return memo["directory"]
        directory = self._fresh()
        if memo is not None:
            memo["directory"] = directory
        return directory

    def _fresh(self) -> Directory:
        with self.casework.store.engine.connect() as conn:
            versions = frozenset((r[0], int(r[1])) for r in conn.execute(text(ORG_VERSIONS)))
        with self._lock:
            if self._cached is None or versions != self._versions:
                self._cached = load_directory(self.casework.store)
                self._versions = versions
            return self._cached


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
        )

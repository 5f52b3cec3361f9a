"""Server-side sessions (会话): a random id in an HttpOnly cookie, its SHA-256 in the table.

A session ends on logout (revoked), after `idle` seconds without a request, or
`absolute` seconds after login, whichever comes first. Each session has its own
CSRF token, which every form of the console carries.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import Engine, insert, select, update

from events.connect import one_read
from workflow.accounts.tables import sessions

if TYPE_CHECKING:
    pass

TOUCH_EVERY = 60.0  # seconds: `seen_at` is written at most this often per session


@dataclass(frozen=True)
class Session:
    account_id: str
    csrf: str
    created_at: float


class Sessions(Protocol):
    """What the console needs of a session store (database or Redis)."""

    idle: float
    absolute: float
    clock: Callable[[], float]

    def open(self, account_id: str) -> str: ...
    def get(self, token: str | None) -> Session | None: ...
    def revoke(self, token: str) -> None: ...
    def revoke_all(self, account_id: str) -> None: ...


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class SessionStore:
    """Sessions in the database (revocable, shared by every server process)."""

    def __init__(
        self,
        engine: Engine,
        *,
        idle: float = 30 * 60,
        absolute: float = 12 * 3600,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.engine = engine
        self.idle = idle
        self.absolute = absolute
        self.clock = clock

    def open(self, account_id: str) -> str:
        """A new session (always a new id: no session fixation); returns the cookie value."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self.engine.begin() as conn:
            conn.execute(insert(sessions).values(
                session_hash=digest(token), account_id=account_id, csrf=secrets.token_urlsafe(32),
                created_at=now, seen_at=now, revoked=False,
            ))  # fmt: skip
        return token

    def get(self, token: str | None) -> Session | None:
        """The live session for a cookie value, or None (unknown, revoked, idle, too old)."""
        if not token or len(token) > 100:
            return None
        key = digest(token)
        with one_read(self.engine) as conn:
            row = conn.execute(select(sessions).where(sessions.c.session_hash == key)).first()
        now = self.clock()
        if row is None or row.revoked:
            return None
        if now - row.seen_at > self.idle or now - row.created_at > self.absolute:
            self.revoke(token)
            return None
        if now - row.seen_at > TOUCH_EVERY:
            self._set(sessions.c.session_hash == key, seen_at=now)
        return Session(row.account_id, row.csrf, row.created_at)

    def revoke(self, token: str) -> None:
        """End one session (logout)."""
        self._set(sessions.c.session_hash == digest(token), revoked=True)

    def revoke_all(self, account_id: str) -> None:
        """End every session of an account (locked, password changed elsewhere)."""
        self._set(sessions.c.account_id == account_id, revoked=True)

    def _set(self, where: object, **values: object) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(sessions).where(where).values(**values))  # type: ignore[arg-type]


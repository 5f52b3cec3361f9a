"""Sessions in Redis (when `CASEWORK_REDIS_URL` is set): the same contract as the
database's `SessionStore` — a random id in the cookie, only its SHA-256 stored, idle and
absolute timeouts, revocable one by one or all of an account's at once.

`session:<sha256>` is a hash {account_id, csrf, created_at, seen_at} that Redis expires
after the idle timeout (refreshed on use, never past the absolute one); the clock is also
checked on every read, so a test's clock can move time. `account-sessions:<id>` is the
set of an account's session keys, for `revoke_all`.

`session_store(settings, engine)` picks the store: here, or the database's.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from workflow.accounts.sessions import TOUCH_EVERY, Session, Sessions, SessionStore, digest

if TYPE_CHECKING:
    from workflow.settings import Settings

PREFIX = "casework:"


class RedisSessionStore:
    """Sessions shared by every server process through Redis; deleting a key revokes."""

    def __init__(
        self,
        redis: Any,
        *,
        idle: float = 30 * 60,
        absolute: float = 12 * 3600,
        clock: Callable[[], float] = time.time,
        prefix: str = PREFIX,
    ) -> None:
        self.redis = redis
        self.idle = idle
        self.absolute = absolute
        self.clock = clock
        self.prefix = prefix

    def _key(self, token: str) -> str:
        return f"{self.prefix}session:{digest(token)}"

    def _account(self, account_id: str) -> str:
        return f"{self.prefix}account-sessions:{account_id}"

    def open(self, account_id: str) -> str:
        """A new session (always a new id: no session fixation); returns the cookie value."""
        token = secrets.token_urlsafe(32)
        now, key = self.clock(), self._key(token)
        pipe = self.redis.pipeline()
        pipe.hset(key, mapping={"account_id": account_id, "csrf": secrets.token_urlsafe(32),
                                "created_at": repr(now), "seen_at": repr(now)})  # fmt: skip
        pipe.expire(key, int(self.idle) + 1)
        pipe.sadd(self._account(account_id), key)
        pipe.expire(self._account(account_id), int(self.absolute) + 1)
        pipe.execute()
        return token

    def get(self, token: str | None) -> Session | None:
        """The live session for a cookie value, or None (unknown, revoked, idle, too old)."""
        if not token or len(token) > 100:
            return None
        key = self._key(token)
        row = {_text(k): _text(v) for k, v in self.redis.hgetall(key).items()}
        if not row.get("account_id"):
            return None
        now, created, seen = self.clock(), float(row["created_at"]), float(row["seen_at"])
        if now - seen > self.idle or now - created > self.absolute:
            self.revoke(token)
            return None
        if now - seen > TOUCH_EVERY:
            left = max(1, int(min(self.idle, self.absolute - (now - created))) + 1)
            pipe = self.redis.pipeline()
            pipe.hset(key, "seen_at", repr(now))
            pipe.expire(key, left)
            pipe.execute()
        return Session(row["account_id"], row["csrf"], created)

    def revoke(self, token: str) -> None:
        """End one session (logout)."""
        self.redis.delete(self._key(token))

    def revoke_all(self, account_id: str) -> None:
        """End every session of an account (locked, password changed elsewhere)."""
        keys = list(self.redis.smembers(self._account(account_id)))
        if keys:
            self.redis.delete(*keys)
        self.redis.delete(self._account(account_id))


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def session_store(settings: Settings, engine: Any) -> Sessions:
    """Sessions in Redis when `CASEWORK_REDIS_URL` is set (shared, expiring by themselves),
    else in the database."""
    if not settings.redis_url:
        return SessionStore(engine)
    from redis import Redis

    redis = Redis.from_url(settings.redis_url, socket_connect_timeout=1, socket_timeout=2)
    return RedisSessionStore(redis)

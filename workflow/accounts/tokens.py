"""API tokens (接口令牌) for scripts and the CLI: scoped, expiring, revocable, stored hashed.

A token reads `cw_<token id>_<secret>`; the table keeps the id (to list and revoke)
and the SHA-256 of the whole token. Scopes: `read` (GET) and `write` (commands).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, bindparam, insert, select, text, update

from events import EventStore
from events.connect import one_read
from workflow.accounts import events as ev
from workflow.accounts.service import iso
from workflow.accounts.sessions import digest
from workflow.accounts.tables import accounts, api_tokens
from workflow.errors import CaseworkError, NotFound
from workflow.messages import to_new_event

SCOPES = ("read", "write")
TOKEN_AND_ACCOUNT = (
    select(api_tokens.c.token_id, api_tokens.c.account_id, api_tokens.c.scopes,
           api_tokens.c.expires_at, api_tokens.c.revoked_at, accounts.c.password_hash,
           accounts.c.must_change, accounts.c.locked_until)
    .select_from(api_tokens.outerjoin(accounts, accounts.c.account_id == api_tokens.c.account_id))
    .where(api_tokens.c.token_hash == bindparam("token_hash"))
)  # fmt: skip
MAX_DAYS = 366
TOKEN_AND_RIDER = (  # TOKEN_AND_ACCOUNT's row (kind NULL), then the rider's (kind, value) rows
    "SELECT t.token_id, t.account_id, t.scopes, t.expires_at, t.revoked_at, a.password_hash,"
    " a.must_change, a.locked_until, CAST(NULL AS INTEGER) AS kind, CAST(NULL AS BIGINT) AS value"
    " FROM api_tokens AS t LEFT OUTER JOIN accounts AS a ON a.account_id = t.account_id"
    " WHERE t.token_hash = :token_hash UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
    " NULL, r.kind, r.value FROM ({rider}) AS r"
)


@dataclass(frozen=True)
class Rider:
    """A read that rides in another statement (one round trip for both): `sql` selects
    (kind, value) rows, with named parameters `params`; `answer` takes those rows."""

    sql: str
    params: dict[str, Any]
    answer: Callable[[Iterable[tuple[int, int]]], None]


@dataclass(frozen=True)
class TokenGrant:
    account_id: str
    token_id: str
    scopes: frozenset[str]


class ApiTokens:
    def __init__(self, store: EventStore, *, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.engine: Engine = store.engine
        self.clock = clock

    def issue(
        self, account_id: str, name: str, scopes: list[str], days: int, *, channel: str
    ) -> str:
        """A new token for the account; the secret is returned once and never stored."""
        if not scopes or any(s not in SCOPES for s in scopes):
            raise CaseworkError("权限范围只能是 read 或 write", "scopes are read and/or write")
        if not 1 <= days <= MAX_DAYS:
            raise CaseworkError(
                f"有效期须为 1–{MAX_DAYS} 天", f"a token lasts 1 to {MAX_DAYS} days"
            )
        token_id = secrets.token_hex(6)
        token = f"cw_{token_id}_{secrets.token_urlsafe(32)}"
        now = self.clock()
        expires = now + days * 86400
        with self.engine.begin() as conn:
            conn.execute(insert(api_tokens).values(
                token_id=token_id, token_hash=digest(token), account_id=account_id,
                name=name[:100], scopes=",".join(sorted(set(scopes))), created_at=now,
                expires_at=expires, revoked_at=None,
            ))  # fmt: skip
        event = ev.ApiTokenIssued(account_id, token_id, name[:100], sorted(set(scopes)),
                                  iso(expires), iso(now))  # fmt: skip
        self._record(account_id, event, channel)
        return token

    def check(self, token: str) -> TokenGrant | None:
        """The grant of a live token, or None (unknown, expired, revoked)."""
        if not token.startswith("cw_") or len(token) > 120:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(
                select(api_tokens).where(api_tokens.c.token_hash == digest(token))
            ).first()
        if row is None or row.revoked_at is not None or row.expires_at <= self.clock():
            return None
        return TokenGrant(row.account_id, row.token_id, frozenset(row.scopes.split(",")))

    def check_with_account(self, token: str, rider: Rider | None = None) -> tuple[TokenGrant, Any] | None:
        """`check`, and the token's account row in the same query (one round trip for an
        API call's authentication instead of two); None as `check`, or without an account.
        `rider`: another read sent in the same statement (the web's directory freshness),
        answered whatever the token turns out to be."""
        if not token.startswith("cw_") or len(token) > 120:
            return None
        if rider is None:
            with one_read(self.engine) as conn:
                row = conn.execute(TOKEN_AND_ACCOUNT, {"token_hash": digest(token)}).first()
        else:
            row = self._with_rider(digest(token), rider)
        if row is None or row.revoked_at is not None or row.expires_at <= self.clock():
            return None
        if row.password_hash is None:  # the account is gone
            return None
        grant = TokenGrant(row.account_id, row.token_id, frozenset(row.scopes.split(",")))
        return grant, row

    def _with_rider(self, token_hash: str, rider: Rider) -> Any:
        sql = text(TOKEN_AND_RIDER.format(rider=rider.sql))
        with one_read(self.engine) as conn:
            rows = conn.execute(sql, {**rider.params, "token_hash": token_hash}).all()
        rider.answer((row.kind, row.value) for row in rows if row.kind is not None)
        return next((row for row in rows if row.kind is None), None)

    def revoke(self, account_id: str, token_id: str, *, channel: str) -> None:
        """Revoke one of the account's own tokens."""
        where = (api_tokens.c.token_id == token_id) & (api_tokens.c.account_id == account_id)
        with self.engine.begin() as conn:
            done = conn.execute(update(api_tokens).where(where).values(revoked_at=self.clock()))
        if done.rowcount == 0:
            raise NotFound(f"没有令牌 {token_id}", f"no token {token_id}")
        self._record(
            account_id, ev.ApiTokenRevoked(account_id, token_id, iso(self.clock())), channel
        )

    def revoke_all(self, account_id: str) -> int:
        """Revoke every live token of the account (locked, password changed, removed);
        returns how many. The event that caused it is the record."""
        live = (api_tokens.c.account_id == account_id) & api_tokens.c.revoked_at.is_(None)
        with self.engine.begin() as conn:
            done = conn.execute(update(api_tokens).where(live).values(revoked_at=self.clock()))
        return int(done.rowcount)

    def listing(self, account_id: str) -> list[dict[str, object]]:
        """The account's tokens (never their secrets)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(api_tokens).where(api_tokens.c.account_id == account_id)
            ).all()
        return [
            {"token_id": r.token_id, "name": r.name, "scopes": r.scopes.split(","),
             "expires": iso(r.expires_at), "revoked": r.revoked_at is not None}
            for r in rows
        ]  # fmt: skip

    def _record(self, account_id: str, event: object, channel: str) -> None:
        meta = {"actor": account_id, "channel": channel}
        self.store.append(ev.account_stream(account_id), [to_new_event(event)], metadata=meta)

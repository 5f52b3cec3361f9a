"""Ending every session and API token of an account at once (吊销全部会话与令牌).

An administrator's lock, a password change or reset, and an officer's removal (清退)
or transfer (调离) each end all of the account's console sessions and API tokens, so a
stolen cookie or token dies with the account's old standing. `Revoker` listens to the
store's appends and acts on those events, whatever channel recorded them (console,
API, CLI, an accountability decision): `bootstrap` subscribes one in every process (the
console, the CLI, the workers), so a `casework personnel action … transfer` or an inquiry's
调离 typed at the server's terminal ends the console session at that append, not at the
session's next request. A lock after repeated failed logins does not
revoke: else anyone could log an officer out by guessing wrong passwords.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from events import AppendResult, EventStore
from workflow.accounts.sessions import Sessions
from workflow.accounts.sessions_redis import session_store

if TYPE_CHECKING:
    from workflow.accounts.tokens import ApiTokens
    from workflow.settings import Settings

STREAM_PREFIXES = ("account-", "roster-")


def revoked_account(event_type: str, data: dict[str, Any]) -> str | None:
    """The account whose sessions and tokens this event ends, or None."""
    if event_type == "AccountLocked" and data.get("reason") == "admin":
        return str(data["account_id"])
    if event_type == "PasswordChanged":
        return str(data["account_id"])
    if event_type == "OfficerRemoved":
        return str(data["officer_id"])
    if event_type == "PersonnelActionRecorded" and data.get("action") == "transfer":
        return str(data["officer_id"])
    if event_type == "OfficerPostedAway":  # 调离执法岗位 (an inquiry's decision, a leader)
        return str(data["officer_id"])
    return None


class Revoker:
    """An append listener: revoke all of an account's sessions and tokens on the events
    of `revoked_account`."""

    def __init__(
        self, store: EventStore, sessions: Sessions, tokens: ApiTokens | None = None
    ) -> None:
        self.store = store
        self.sessions = sessions
        self._tokens = tokens

    @property
    def tokens(self) -> ApiTokens:
        if self._tokens is None:  # built on first use: the CLI's start imports no accounts code
            from workflow.accounts.tokens import ApiTokens

            self._tokens = ApiTokens(self.store)
        return self._tokens

    def __call__(self, result: AppendResult) -> None:
        if not result.stream_id.startswith(STREAM_PREFIXES):
            return
        for event in self.store.read_positions(result.positions):
            account = revoked_account(event.type, dict(event.data))
            if account is not None:
                self.revoke(account)

    def revoke(self, account_id: str) -> None:
        self.sessions.revoke_all(account_id)
        self.tokens.revoke_all(account_id)


def revoker_for(settings: Settings, store: EventStore) -> Revoker:
    """The revoker of a process: sessions where the settings keep them (database or Redis)."""
    return Revoker(store, session_store(settings, store.engine))

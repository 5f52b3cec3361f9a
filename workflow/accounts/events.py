"""Events of accounts (账户事件): what happened to an account, never a secret.

Stream `account-<id>` per account; failed logins for names that are no account go to
`account-unknown` without the name typed (it may be a password typed in the wrong box).
"""

from __future__ import annotations

from dataclasses import dataclass

from workflow.messages import domain_event

UNKNOWN_STREAM = "account-unknown"


def account_stream(account_id: str) -> str:
    return f"account-{account_id}"


@domain_event
@dataclass(frozen=True)
class AccountCreated:
    """An account was opened for a person of the roster or a county administrator."""

    account_id: str
    role: str
    township: str | None
    at: str


@domain_event
@dataclass(frozen=True)
class PasswordChanged:
    """The password was changed by its holder, or reset by an administrator (`reset`)."""

    account_id: str
    reset: bool
    at: str


@domain_event
@dataclass(frozen=True)
class AccountLocked:
    """Locked by an administrator, or for a while after repeated failed logins."""

    account_id: str
    reason: str  # "admin" | "failures"
    until: str | None
    at: str


@domain_event
@dataclass(frozen=True)
class LoggedIn:
    """A successful login (a new session) on a channel (web)."""

    account_id: str
    channel: str
    at: str


@domain_event
@dataclass(frozen=True)
class LoginFailed:
    """A refused login: wrong password, locked, or no such account (id not kept)."""

    account_id: str | None
    reason: str  # "password" | "locked" | "unknown" | "throttled"
    at: str


@domain_event
@dataclass(frozen=True)
class ApiTokenIssued:
    """An API token was issued (its secret is never recorded)."""

    account_id: str
    token_id: str
    name: str
    scopes: list[str]
    expires: str
    at: str


@domain_event
@dataclass(frozen=True)
class ApiTokenRevoked:
    """An API token was revoked."""

    account_id: str
    token_id: str
    at: str

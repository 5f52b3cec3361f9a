"""Passwords (口令): Argon2id hashes, first passwords, and the rules a new password meets."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from workflow.errors import CaseworkError

ALPHABET = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I
MIN_LENGTH = 10
MAX_LENGTH = 200


def hasher(*, cheap: bool = False) -> PasswordHasher:
    """Argon2id with the library's defaults (RFC 9106 low-memory profile); `cheap` for tests."""
    if cheap:
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


def first_password() -> str:
    """A random first password, easy to read out and type: xxxx-xxxx-xxxx (≈ 69 bits)."""
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(3))
    return "-".join(groups)


def verify(h: PasswordHasher, stored: str, password: str) -> bool:
    """Whether the password matches the stored hash (never raises on a mismatch)."""
    try:
        return h.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def check_new(password: str, account_id: str, old: str | None = None) -> None:
    """A new password: 10–200 characters, not the account id, not the old one."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise CaseworkError(
            f"新密码长度须为 {MIN_LENGTH}–{MAX_LENGTH} 个字符",
            f"a new password has {MIN_LENGTH} to {MAX_LENGTH} characters",
        )
    if password.strip().lower() == account_id.lower() or password == old:
        raise CaseworkError(
            "新密码不能与账户名或原密码相同",
            "a new password differs from the account id and the old one",
        )

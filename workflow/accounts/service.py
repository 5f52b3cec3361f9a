"""Account commands and login (账户服务): create, reset, lock, change password, authenticate.

Administrators (the county's `admin` people) create, reset and lock accounts; a first
or reset password must be changed at the next login. Login is throttled per account
(lock for `lock_minutes` after `max_failures` failures in a row) and per address; every
refusal says the same thing and costs the same Argon2 verification, so neither the
message nor the timing tells whether an account exists.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import func, insert, select, update

from events import EventStore
from events.connect import one_read
from workflow.accounts import events as ev
from workflow.accounts import passwords
from workflow.accounts.tables import LOCKED_BY_ADMIN, accounts, create_tables, login_attempts
from workflow.errors import CaseworkError, NotAuthorised, NotFound
from workflow.messages import to_new_event
from workflow.organisation.directory import Directory, Person

ACCOUNT_ROLES = {"officer", "leader", "deputy", "supervisor", "admin"}


class LoginRefused(CaseworkError):
    """A login that did not succeed; the message never says why (no user enumeration)."""

    exit_code = 4

    def __init__(self) -> None:
        super().__init__(
            "登录失败：账户或密码错误，或账户暂时被锁定",
            "login failed: wrong account or password, or the account is locked for now",
        )


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    lock_minutes: float = 15.0
    address_failures: int = 20  # failures from one address within the window
    address_window_minutes: float = 10.0


@dataclass(frozen=True)
class Principal:
    """Who is acting, as the roster says now: the account's person, role and township."""

    account_id: str
    name: str
    role: str
    township: str | None
    must_change: bool = False
    township_name: str | None = None
    away: bool = False  # posted away (调离执法岗位): reads their own record and inquiries only


@dataclass(frozen=True)
class AccountState:
    """An account's standing (the administrators' list): epoch seconds, UTC."""

    account_id: str
    must_change: bool
    locked: bool  # by an administrator, until reset
    locked_until: float | None  # after repeated failed logins, until then
    created_at: float
    last_login: float | None


def iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat()


class AccountService:
    """Accounts over the store's engine; events go to the store, secrets to the tables."""

    def __init__(
        self,
        store: EventStore,
        directory: Callable[[], Directory],
        *,
        hasher: PasswordHasher | None = None,
        clock: Callable[[], float] = time.time,
        policy: LoginPolicy | None = None,
    ) -> None:
        self.store = store
        self.engine = store.engine
        self.directory = directory
        self.hasher = hasher or passwords.hasher()
        self.clock = clock
        self.policy = policy or LoginPolicy()
        self._dummy = self.hasher.hash("not-a-password-of-anyone")
        create_tables(self.engine)

    # --- administration ---------------------------------------------------------------
    def create(self, account_id: str, *, by: str, channel: str) -> str:
        """Open an account for a person in the directory; return the first password."""
        admin = self._admin(by)
        person = self._person(account_id)
        if self._row(account_id) is not None:
            raise CaseworkError(f"账户 {account_id} 已存在", f"account {account_id} exists already")
        first = passwords.first_password()
        now = self.clock()
        with self.engine.begin() as conn:
            conn.execute(insert(accounts).values(
                account_id=account_id, password_hash=self.hasher.hash(first), must_change=True,
                failures=0, locked_until=None, created_at=now, changed_at=now,
            ))  # fmt: skip
        role = str(person.role.value)
        self._record(account_id, ev.AccountCreated(account_id, role, person.township, iso(now)),
                     admin, channel)  # fmt: skip
        return first

    def reset(self, account_id: str, *, by: str, channel: str) -> str:
        """A new first password (to be changed at next login); unlocks the account."""
        admin = self._admin(by)
        self._existing(account_id)
        first = passwords.first_password()
        now = self.clock()
        self._update(account_id, password_hash=self.hasher.hash(first), must_change=True,
                     failures=0, locked_until=None, changed_at=now)  # fmt: skip
        self._record(account_id, ev.PasswordChanged(account_id, True, iso(now)), admin, channel)
        return first

    def lock(self, account_id: str, *, by: str, channel: str) -> None:
        """Lock until an administrator resets the password; ends every session."""
        admin = self._admin(by)
        self._existing(account_id)
        self._update(account_id, locked_until=LOCKED_BY_ADMIN)
        now = self.clock()
        self._record(
            account_id, ev.AccountLocked(account_id, "admin", None, iso(now)), admin, channel
        )

    def change_password(self, account_id: str, old: str, new: str, *, channel: str) -> None:
        """The holder changes their password (the old one must be right)."""
        row = self._existing(account_id)
        if not passwords.verify(self.hasher, row.password_hash, old):
            raise CaseworkError("原密码不正确", "the current password is wrong")
        passwords.check_new(new, account_id, old)
        now = self.clock()
        self._update(account_id, password_hash=self.hasher.hash(new), must_change=False,
                     changed_at=now)  # fmt: skip
        self._record(account_id, ev.PasswordChanged(account_id, False, iso(now)),
                     self._person(account_id), channel)  # fmt: skip

    # --- login ------------------------------------------------------------------------
    def authenticate(
        self, account_id: str, password: str, *, address: str, channel: str
    ) -> Principal:
        """The principal, if the password is right and the account may log in; else LoginRefused."""
        now = self.clock()
        row = self._row(account_id) if len(account_id) <= 64 else None
        if self._address_throttled(address, now):
            passwords.verify(self.hasher, self._dummy, password)
            return self._refuse(row.account_id if row else None, "throttled", address, now)
        if row is None:
            passwords.verify(self.hasher, self._dummy, password)
            return self._refuse(None, "unknown", address, now)
        ok = passwords.verify(self.hasher, row.password_hash, password)
        if row.locked_until is not None and row.locked_until > now:
            return self._refuse(row.account_id, "locked", address, now)
        if not ok:
            self._count_failure(row.account_id, row.failures + 1, now)
            return self._refuse(row.account_id, "password", address, now)
        principal = self.principal(row.account_id)  # a person removed for good cannot log in
        self._update(row.account_id, failures=0, locked_until=None)
        self._attempt(row.account_id, address, now, True)
        self._record(row.account_id, ev.LoggedIn(row.account_id, channel, iso(now)),
                     self._person(row.account_id), channel)  # fmt: skip
        return principal

    def principal(self, account_id: str, row: Any = None) -> Principal:
        """Who the account is now; NotAuthorised when locked, removed for good (清退) or gone
        from the roster. An officer posted away (调离执法岗位) still logs in, `away`: they may
        need to read and contest their own record (陈述申辩 on their inquiries); the console
        and the API let them do nothing else, and every domain act refuses them anyway.
        `row`: the account's row if the caller just read it (`ApiTokens.check_with_account`)."""
        row = row if row is not None else self._row(account_id)
        if row is None or (row.locked_until is not None and row.locked_until > self.clock()):
            raise NotAuthorised("账户不存在或已被锁定", "no such account, or it is locked")
        person = self.directory().person(account_id)
        if (
            person is None
            or (person.removed and not person.away)
            or (person.township is None and person.role.value not in ("supervisor", "admin"))
        ):
            raise NotAuthorised(
                f"{account_id} 已不在执法队伍中，账户停用", f"{account_id} is no longer on a team"
            )
        role = str(person.role.value)
        place = self.directory().townships.get(person.township) if person.township else None
        return Principal(account_id, person.name, role, person.township, bool(row.must_change),
                         place.name if place else None, person.away)  # fmt: skip

    def exists(self, account_id: str) -> bool:
        return self._row(account_id) is not None

    def listing(self) -> list[AccountState]:
        """Every account as an administrator sees it: locked (by an administrator: until
        reset; after failed logins: until when), must change its password, last login.
        No secret leaves: no hash, no session, no token."""
        last = (
            select(login_attempts.c.account_id, func.max(login_attempts.c.at).label("at"))
            .where(login_attempts.c.ok.is_(True))
            .group_by(login_attempts.c.account_id)
            .subquery()
        )
        query = (
            select(accounts.c.account_id, accounts.c.must_change, accounts.c.locked_until,
                   accounts.c.created_at, last.c.at)
            .select_from(accounts.outerjoin(last, last.c.account_id == accounts.c.account_id))
            .order_by(accounts.c.account_id)
        )  # fmt: skip
        now = self.clock()
        with one_read(self.engine) as conn:
            rows = conn.execute(query).all()
        return [
            AccountState(
                r.account_id,
                bool(r.must_change),
                r.locked_until is not None and r.locked_until >= LOCKED_BY_ADMIN,
                r.locked_until
                if r.locked_until is not None and now < r.locked_until < LOCKED_BY_ADMIN
                else None,
                r.created_at,
                r.at,
            )
            for r in rows
        ]

    # --- helpers ----------------------------------------------------------------------
    def _refuse(self, account_id: str | None, reason: str, address: str, now: float) -> Principal:
        self._attempt(account_id, address, now, False)
        stream = ev.account_stream(account_id) if account_id else ev.UNKNOWN_STREAM
        event = ev.LoginFailed(account_id, reason, iso(now))
        self.store.append(
            stream, [to_new_event(event)], metadata={"actor": account_id, "channel": "web"}
        )
        raise LoginRefused()

    def _count_failure(self, account_id: str, failures: int, now: float) -> None:
        if failures < self.policy.max_failures:
            self._update(account_id, failures=failures)
            return
        until = now + self.policy.lock_minutes * 60
        self._update(account_id, failures=0, locked_until=until)
        event = ev.AccountLocked(account_id, "failures", iso(until), iso(now))
        self.store.append(ev.account_stream(account_id), [to_new_event(event)],
                          metadata={"actor": None, "channel": "web"})  # fmt: skip

    def _address_throttled(self, address: str, now: float) -> bool:
        since = now - self.policy.address_window_minutes * 60
        query = select(func.count()).select_from(login_attempts).where(
            login_attempts.c.address == address, login_attempts.c.at >= since,
            login_attempts.c.ok.is_(False),
        )  # fmt: skip
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one()) >= self.policy.address_failures

    def _attempt(self, account_id: str | None, address: str, now: float, ok: bool) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(login_attempts).values(
                account_id=account_id, address=address[:64], at=now, ok=ok))  # fmt: skip

    def _row(self, account_id: str) -> Any:
        with one_read(self.engine) as conn:
            return conn.execute(select(accounts).where(accounts.c.account_id == account_id)).first()

    def _existing(self, account_id: str) -> Any:
        row = self._row(account_id)
        if row is None:
            raise NotFound(f"账户 {account_id} 不存在", f"no such account: {account_id}")
        return row

    def _update(self, account_id: str, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(accounts).where(accounts.c.account_id == account_id).values(**values)
            )

    def _person(self, person_id: str) -> Person:
        person = self.directory().person(person_id)
        if person is None or str(person.role.value) not in ACCOUNT_ROLES:
            raise NotFound(f"名录中没有 {person_id}", f"no person {person_id} in the directory")
        return person

    def _admin(self, by: str) -> Person:
        person = self.directory().person(by)
        if person is None or person.removed or person.role.value != "admin":
            raise NotAuthorised(f"{by} 不是县级系统管理员", f"{by} is not a county administrator")
        return person

    def _record(self, account_id: str, event: Any, actor: Person, channel: str) -> None:
        meta = {"actor": actor.id, "role": str(actor.role.value), "channel": channel}
        self.store.append(ev.account_stream(account_id), [to_new_event(event)], metadata=meta)

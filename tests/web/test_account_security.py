"""Accounts beyond test_security (issue 11 §2): API tokens expire and are stored only as
their hash; a session ends at its absolute timeout however busy it is; the session cookie
is `Secure` over TLS; an unknown account and a wrong password give the same answer after
the same work (one Argon2 verification each: no user enumeration by message or timing)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PASSWORD, PEOPLE, WebDesk
from workflow.accounts.tables import api_tokens

OFFICER = PEOPLE["officer"]


class CountingHasher(PasswordHasher):
    """The test's cheap Argon2id, counting verifications (the real hash, not a stub)."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.verified = 0

    def verify(self, hash: Any, password: Any) -> Literal[True]:  # noqa: A002 - the library's name
        self.verified += 1
        return super().verify(hash, password)


class TestAccountSecurity(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def test_an_api_token_stops_working_when_it_expires(self) -> None:
        headers = self.desk.token(OFFICER)  # one day
        client = self.desk.client()
        assert client.get("/api/cases", headers=headers).status_code == 200
        tokens = self.desk.ctx.tokens
        now = tokens.clock()
        tokens.clock = lambda: now + 86400 - 60
        assert client.get("/api/cases", headers=headers).status_code == 200
        tokens.clock = lambda: now + 86400 + 1
        expired = client.get("/api/cases", headers=headers)
        assert expired.status_code == 401 and expired.json()["error"] == "unauthenticated"

    def test_a_token_is_stored_only_as_its_hash(self) -> None:
        secret = self.desk.token(OFFICER)["Authorization"].removeprefix("Bearer ")
        with self.store.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(select(api_tokens))]
        assert len(rows) == 1 and rows[0]["account_id"] == OFFICER
        secret_part = secret.split("_", 2)[2]
        assert all(secret_part not in str(value) for value in rows[0].values())
        events = [r.data for r in self.store.read_stream(f"account-{OFFICER}")]
        assert not any(secret_part in str(data) for data in events)

    def test_a_busy_session_still_ends_at_its_absolute_timeout(self) -> None:
        client = self.desk.login(OFFICER)
        sessions = self.desk.ctx.sessions
        start = sessions.clock()
        sessions.idle = 7200.0  # two hours: a request every hour never idles out
        last = start
        for hours in range(1, int(sessions.absolute // 3600)):
            last = start + hours * 3600 - 600
            sessions.clock = lambda t=last: t
            assert client.get("/my").status_code == 200, hours
        end = start + sessions.absolute + 1
        assert end - last < sessions.idle  # so only the absolute timeout can end it
        sessions.clock = lambda: end
        assert client.get("/my").headers["location"] == "/login"

    def test_the_session_cookie_is_secure_over_tls_only(self) -> None:
        for base, secure in (("https://testserver", True), ("http://testserver", False)):
            client = TestClient(self.desk.app, base_url=base, follow_redirects=False)
            response = self.desk.post_login(client, OFFICER, PASSWORD)
            assert response.status_code == 303
            cookie = next(c for c in response.headers.get_list("set-cookie")
                          if c.startswith("casework_session="))  # fmt: skip
            assert ("; secure" in cookie.lower()) is secure, (base, cookie)

    def test_an_unknown_account_and_a_wrong_password_look_alike(self) -> None:
        counting = CountingHasher()
        self.desk.ctx.accounts.hasher = counting
        answers = {}
        for account in (OFFICER, "nobody-here"):
            before = counting.verified
            response = self.desk.post_login(self.desk.client(), account, "wrong-password")
            assert counting.verified - before == 1, account  # the same Argon2 work
            body = re.sub(r'value="[^"]*"', 'value=""', response.text.replace(account, "ID"))
            answers[account] = (response.status_code, body)
        assert answers[OFFICER] == answers["nobody-here"]
        assert answers[OFFICER][0] == 401

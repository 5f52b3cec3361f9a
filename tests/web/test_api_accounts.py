"""Accounts over the API: administrators open, reset and lock accounts; everyone else is
refused (403), no token is 401, a malformed body 400; a reset or lock ends the account's
sessions and tokens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PEOPLE, WebDesk

ADMIN, OFFICER, LEADER = PEOPLE["admin"], PEOPLE["officer"], PEOPLE["leader"]
NEWCOMER = "tc-006"  # on the roster, no account yet


class TestAccountsApi(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def test_an_administrator_opens_an_account_others_may_not(self) -> None:
        body = {"account_id": NEWCOMER}
        assert self.desk.client().post("/api/accounts", json=body).status_code == 401
        assert self.desk.api(LEADER, "POST", "/api/accounts", json=body).status_code == 403
        assert self.desk.api(ADMIN, "POST", "/api/accounts", json={"id": NEWCOMER}).status_code == 400
        opened = self.desk.api(ADMIN, "POST", "/api/accounts", json=body)
        assert opened.status_code == 201, opened.text
        first = opened.json()["first_password"]
        login = self.desk.post_login(self.desk.client(), NEWCOMER, first)
        assert login.status_code == 303 and login.headers["location"] == "/password"
        assert self.desk.api(ADMIN, "POST", "/api/accounts", json=body).status_code == 400  # exists
        created = [r for r in self.store.read_stream(f"account-{NEWCOMER}") if r.type == "AccountCreated"]
        assert len(created) == 1 and created[0].metadata["channel"] == "api"
        assert first not in str(created[0].data) and first not in str(created[0].metadata)

    def test_a_retried_key_records_nothing_twice_and_shows_no_password_again(self) -> None:
        headers = {"Idempotency-Key": "open-tc-006"}
        body = {"account_id": NEWCOMER}
        first = self.desk.api(ADMIN, "POST", "/api/accounts", json=body, headers=headers)
        assert first.status_code == 201 and first.json()["first_password"]
        again = self.desk.api(ADMIN, "POST", "/api/accounts", json=body, headers=headers)
        assert again.status_code == 201, again.text
        assert again.json()["duplicate"] and again.json()["first_password"] is None
        reset_key = {"Idempotency-Key": "reset-1"}
        reset = self.desk.api(ADMIN, "POST", f"/api/accounts/{NEWCOMER}/reset", headers=reset_key)
        retried = self.desk.api(ADMIN, "POST", f"/api/accounts/{NEWCOMER}/reset", headers=reset_key)
        assert reset.json()["first_password"] and retried.json()["duplicate"]
        login = self.desk.post_login(self.desk.client(), NEWCOMER, reset.json()["first_password"])
        assert login.status_code == 303  # the retry did not replace the reset's password
        types = [r.type for r in self.store.read_stream(f"account-{NEWCOMER}")]
        assert types.count("AccountCreated") == 1 and types.count("PasswordChanged") == 1

    def test_reset_and_lock_end_the_accounts_sessions_and_tokens(self) -> None:
        officer = self.desk.login(OFFICER)
        secret = self.desk.token(OFFICER)
        assert self.desk.api(LEADER, "POST", f"/api/accounts/{OFFICER}/reset").status_code == 403
        reset = self.desk.api(ADMIN, "POST", f"/api/accounts/{OFFICER}/reset")
        assert reset.status_code == 201 and reset.json()["first_password"]
        assert officer.get("/my").headers["location"] == "/login"
        assert self.desk.client().get("/api/cases", headers=secret).status_code == 401
        fresh = self.desk.token(OFFICER)
        assert self.desk.api(ADMIN, "POST", f"/api/accounts/{OFFICER}/lock").json()["locked"] is True
        assert self.desk.client().get("/api/cases", headers=fresh).status_code == 401
        assert self.desk.api(ADMIN, "POST", "/api/accounts/nobody/lock").status_code == 404

"""An account's lock, password change or reset, and an officer's removal or transfer end
all of the account's sessions and API tokens at once (database and Redis sessions)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import redis_server
from tests.integration.backends import SQLiteBackend
from tests.web.desk import PASSWORD, PEOPLE, WebDesk, csrf_of
from workflow.accounts.sessions_redis import RedisSessionStore
from workflow.organisation.service import record_opinion, record_personnel_action
from workflow.organisation.types import PersonnelAction

OFFICER, OTHER = PEOPLE["officer"], PEOPLE["officer2"]
NEW_PASSWORD = "battery-staple-77"


class RevocationCases:
    desk: WebDesk

    def sessions_of(self, person: str) -> tuple[list[str], str]:
        """Two live console sessions and a live write token of the person."""
        cookies = []
        for _ in range(2):
            client = self.desk.login(person)
            assert client.get("/my").status_code == 200
            cookies.append(str(client.cookies.get("casework_session")))
        secret = self.desk.token(person)["Authorization"].split()[1]
        return cookies, secret

    def assert_revoked(self, cookies: list[str], secret: str) -> None:
        ctx = self.desk.ctx
        assert all(ctx.sessions.get(c) is None for c in cookies)  # revoked in the store itself
        assert ctx.tokens.check(secret) is None
        replay = self.desk.client()
        replay.cookies.set("casework_session", cookies[0])
        assert replay.get("/my").headers["location"] == "/login"
        api = self.desk.client().get("/api/cases", headers={"Authorization": f"Bearer {secret}"})
        assert api.status_code == 401

    def assert_alive(self, cookies: list[str], secret: str) -> None:
        assert all(self.desk.ctx.sessions.get(c) is not None for c in cookies)
        assert self.desk.ctx.tokens.check(secret) is not None

    def test_an_administrators_lock_ends_every_session_and_token(self) -> None:
        mine, bystander = self.sessions_of(OFFICER), self.sessions_of(OTHER)
        admin = self.desk.login(PEOPLE["admin"])
        self.desk.ctx.accounts.lock(OFFICER, by=PEOPLE["admin"], channel="web")
        self.assert_revoked(*mine)
        self.assert_alive(*bystander)
        assert self.desk.ctx.sessions.get(str(admin.cookies.get("casework_session"))) is not None

    def test_a_reset_ends_every_session_and_token(self) -> None:
        mine = self.sessions_of(OFFICER)
        self.desk.ctx.accounts.reset(OFFICER, by=PEOPLE["admin"], channel="cli")
        self.assert_revoked(*mine)

    def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(self) -> None:
        mine = self.sessions_of(OFFICER)
        client = self.desk.login(OFFICER)
        form = {"old": PASSWORD, "new": NEW_PASSWORD, "again": NEW_PASSWORD,
                "csrf": csrf_of(client.get("/password").text)}  # fmt: skip
        assert client.post("/password", data=form).status_code == 303
        self.assert_revoked(*mine)
        assert client.get("/my").status_code == 200  # a fresh session for the one who changed it

    def test_a_wrong_old_password_revokes_nothing(self) -> None:
        mine = self.sessions_of(OFFICER)
        client = self.desk.login(OFFICER)
        form = {"old": "wrong", "new": NEW_PASSWORD, "again": NEW_PASSWORD,
                "csrf": csrf_of(client.get("/password").text)}  # fmt: skip
        assert client.post("/password", data=form).status_code == 400
        self.assert_alive(*mine)

    def test_a_removal_through_the_api_ends_every_session_and_token(self) -> None:
        mine = self.sessions_of(OFFICER)
        removal = {"reason": "不作为", "details": "长期不到岗"}
        path = f"/api/officers/{OFFICER}/removal"
        assert self.desk.api(PEOPLE["leader"], "POST", path, json=removal).status_code == 200
        self.assert_revoked(*mine)

    def test_a_transfer_ends_every_session_and_token(self) -> None:
        mine = self.sessions_of(OFFICER)
        store = self.desk.ctx.casework.store
        record_opinion(store, PEOPLE["leader"], officer_id=OFFICER,
                       action=PersonnelAction.TRANSFER, opinion="同意调离")  # fmt: skip
        self.assert_alive(*mine)  # an opinion is not yet a transfer
        record_personnel_action(store, PEOPLE["admin"], officer_id=OFFICER,
                                action=PersonnelAction.TRANSFER, details="调往县局")  # fmt: skip
        self.assert_revoked(*mine)

    def test_a_posting_away_ends_every_session_and_token(self) -> None:
        from workflow.organisation.posting import post_away

        mine, bystander = self.sessions_of(OFFICER), self.sessions_of(OTHER)
        post_away(self.desk.ctx.casework.store, PEOPLE["leader"], officer_id=OFFICER,
                  details="调离执法岗位")  # fmt: skip
        self.assert_revoked(*mine)
        self.assert_alive(*bystander)

    def test_a_lock_after_failed_logins_does_not_log_the_holder_out(self) -> None:
        mine = self.sessions_of(OFFICER)
        for _ in range(self.desk.ctx.accounts.policy.max_failures):
            self.desk.post_login(self.desk.client(), OFFICER, "wrong")
        self.assert_alive(*mine)


class TestRevocationWithDatabaseSessions(RevocationCases, SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()


class TestRevocationWithRedisSessions(RevocationCases, SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        from redis import Redis

        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        redis = Redis.from_url(redis_server.shared_url())
        sessions = RedisSessionStore(redis, prefix=f"test-{uuid.uuid4().hex}:")
        self.desk.ctx.sessions = self.desk.app.state.revoker.sessions = sessions
        yield
        self.desk.close()


class TestRevocationFromTheCli(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def test_casework_account_lock_ends_the_console_session_and_token(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from workflow.cli.app import main

        cookies, secret = RevocationCases.sessions_of(self, OFFICER)  # type: ignore[arg-type]
        monkeypatch.setenv("CASEWORK_DATABASE_URL", self.url)
        monkeypatch.delenv("CASEWORK_REDIS_URL", raising=False)
        try:
            main(["--as", PEOPLE["admin"], "account", "lock", OFFICER])
        except SystemExit as exit_:
            assert not exit_.code
        RevocationCases.assert_revoked(self, cookies, secret)  # type: ignore[arg-type]

    def cli(self, *argv: str) -> None:
        from workflow.cli.app import main

        try:
            main(list(argv))
        except SystemExit as exit_:
            assert not exit_.code, argv

    def test_a_transfer_typed_at_the_terminal_ends_the_session_at_its_append(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """调离 from the CLI (another process than the console's): the session and token are
        revoked in the session store by the CLI's own append, before any console request."""
        cookies, secret = RevocationCases.sessions_of(self, OFFICER)  # type: ignore[arg-type]
        monkeypatch.setenv("CASEWORK_DATABASE_URL", self.url)
        monkeypatch.delenv("CASEWORK_REDIS_URL", raising=False)
        self.cli("--as", PEOPLE["leader"], "personnel", "opinion", OFFICER, "--action", "transfer",
                 "--opinion", "同意调离")  # fmt: skip
        RevocationCases.assert_alive(self, cookies, secret)  # type: ignore[arg-type]
        self.cli("--as", PEOPLE["admin"], "personnel", "action", OFFICER, "--action", "transfer",
                 "--details", "调往县局")  # fmt: skip
        ctx = self.desk.ctx
        assert all(ctx.sessions.get(c) is None for c in cookies)  # no request was needed
        assert ctx.tokens.check(secret) is None
        RevocationCases.assert_revoked(self, cookies, secret)  # type: ignore[arg-type]

"""The service around the console: sessions in Redis when configured (revocable, expiring),
login throttling per address (not only per account), the access log without personal data."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests import redis_server
from tests.integration.backends import SQLiteBackend
from tests.web.desk import PASSWORD, PEOPLE, WebDesk
from workflow.accounts.sessions import SessionStore
from workflow.accounts.sessions_redis import RedisSessionStore, session_store
from workflow.settings import Settings

OFFICER = PEOPLE["officer"]


def redis_sessions(**kw: object) -> RedisSessionStore:
    from redis import Redis

    url = redis_server.shared_url()
    return RedisSessionStore(Redis.from_url(url), prefix=f"test-{uuid.uuid4().hex}:", **kw)  # type: ignore[arg-type]


def test_sessions_go_to_redis_only_when_it_is_configured(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.db'}"
    assert isinstance(session_store(Settings(database_url=db), None), SessionStore)
    configured = Settings(database_url=db, redis_url=redis_server.shared_url())
    assert isinstance(session_store(configured, None), RedisSessionStore)


def test_redis_sessions_are_revocable_and_expire() -> None:
    store = redis_sessions(idle=600, absolute=3600)
    first, second = store.open("tc-004"), store.open("tc-004")
    other = store.open("tc-005")
    assert first != second and store.get(first).account_id == "tc-004"  # type: ignore[union-attr]
    assert store.redis.ttl(store._key(first)) <= 601  # Redis forgets an idle session by itself
    store.revoke(first)
    assert store.get(first) is None and store.get(second) is not None
    store.revoke_all("tc-004")
    assert store.get(second) is None and store.get(other) is not None
    now = store.clock()
    store.clock = lambda: now + 601
    assert store.get(other) is None  # idle too long
    assert store.get("x" * 101) is None and store.get(None) is None


class TestService(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def test_the_console_keeps_its_sessions_in_redis(self) -> None:
        self.desk.ctx.sessions = redis_sessions()
        client = self.desk.login(OFFICER)
        assert client.get("/my").status_code == 200
        token = client.cookies.get("casework_session")
        assert token and self.desk.ctx.sessions.redis.exists(self.desk.ctx.sessions._key(token))
        csrf = client.get("/my").text.split('name="csrf" value="')[1].split('"')[0]
        assert client.post("/logout", data={"csrf": csrf}).status_code == 303
        replay = self.desk.client()
        replay.cookies.set("casework_session", token)  # the old cookie, kept by an attacker
        assert replay.get("/my").headers["location"] == "/login"

    def test_login_is_throttled_per_address_across_accounts(self) -> None:
        limit = self.desk.ctx.accounts.policy.address_failures
        attacker = TestClient(self.desk.app, follow_redirects=False, client=("203.0.113.7", 4000))
        for n in range(limit):  # a different account each time: no account reaches its lockout
            assert self.desk.post_login(attacker, f"guess-{n}", "wrong").status_code == 401
        refused = self.desk.post_login(attacker, OFFICER, PASSWORD)
        assert refused.status_code == 401  # even the right password, from that address
        failed = [
            r.data for r in self.store.read_stream(f"account-{OFFICER}") if r.type == "LoginFailed"
        ]
        assert failed[-1]["reason"] == "throttled"
        elsewhere = TestClient(self.desk.app, follow_redirects=False, client=("198.51.100.9", 4000))
        assert self.desk.post_login(elsewhere, OFFICER, PASSWORD).status_code == 303

    def test_the_access_log_carries_no_query_string_cookie_or_name(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        case = self.desk.dispatched(party="王小明")
        client = self.desk.login(PEOPLE["supervisor"])
        with caplog.at_level(logging.INFO, logger="casework.access"):
            client.get("/audit", params={"case": case, "actor": "王小明"})
        lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "casework.access"]
        assert lines and lines[-1]["path"] == "/audit" and lines[-1]["status"] == 200
        text = "\n".join(r.getMessage() for r in caplog.records)
        assert "王小明" not in text and "actor=" not in text
        assert client.cookies.get("casework_session") not in text


def test_casework_serve_writes_a_json_access_log_without_personal_data(tmp_path: Path) -> None:
    import time

    import httpx

    from tests.e2e.test_web_browser import free_port

    port = free_port()
    env = {**os.environ, "CASEWORK_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
           "CASEWORK_EVIDENCE_DIR": str(tmp_path / "evidence")}  # fmt: skip
    env.pop("CASEWORK_REDIS_URL", None)
    subprocess.run(
        [sys.executable, "-m", "workflow", "init"], env=env, check=True, capture_output=True
    )
    proc = subprocess.Popen([sys.executable, "-m", "workflow", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/health", timeout=1)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and proc.poll() is None, proc.stderr.read()  # type: ignore[union-attr]
                time.sleep(0.2)
        cookies = {"casework_session": "SECRET-COOKIE-VALUE"}
        httpx.get(
            f"{base}/audit", params={"actor": "王小明", "case": "13800138000"}, cookies=cookies
        )
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=20)
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    audit = [line for line in lines if line["path"] == "/audit"]
    assert audit and audit[0]["method"] == "GET" and audit[0]["status"] == 303
    assert set(audit[0]) == {"at", "method", "path", "status", "ms"}
    for secret in (
        "王小明",
        "13800138000",
        "SECRET-COOKIE-VALUE",
        "actor=",
        '"GET /',
    ):  # "GET / is uvicorn's own line
        assert secret not in out and secret not in err, secret


class TestRequestMemo(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def test_the_directory_is_checked_once_per_request_and_again_on_the_next(self) -> None:
        case = self.desk.dispatched()
        cache = self.desk.ctx.directory
        checks: list[int] = []
        take = cache._take  # every look ends here: a call's own (_fresh) or the token check's rider
        cache._take = lambda *a: (checks.append(1), take(*a))[1]  # type: ignore[method-assign]
        body = {"kind": "书证", "text": "照片"}
        for _ in range(2):
            response = self.desk.api(
                OFFICER, "POST", f"/api/cases/{case}/record-evidence", json=body
            )
            assert response.status_code == 200
        assert len(checks) == 2  # token holder, case rules and roster: one look per request


def test_casework_account_imports_no_web_app(tmp_path: Path) -> None:
    """`casework account …` opens the store and the accounts, never FastAPI or the console."""
    probe = (
        "import sys\n"
        "from workflow.cli.app import main\n"
        "try:\n"
        "    main(['--as', 'ad-001', 'account', 'create', 'tc-004'])\n"
        "except SystemExit as exit_:\n"
        "    assert not exit_.code, exit_.code\n"
        "print('LOADED', sorted(m for m in sys.modules if m.startswith(('fastapi', 'starlette',"
        " 'uvicorn', 'jinja2', 'workflow.web'))))\n"
    )  # a fresh interpreter: this one has imported the web app already
    env = {**os.environ, "CASEWORK_DATABASE_URL": f"sqlite:///{tmp_path / 'account.db'}"}
    env.pop("CASEWORK_REDIS_URL", None)
    subprocess.run([sys.executable, "-m", "workflow", "init"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    run = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "first password" in run.stdout  # it did open the account
    assert run.stdout.rsplit("LOADED", 1)[1].strip() == "[]"

"""Security of the console, through the ASGI client on a real SQLite store: CSRF, session
fixation, lockout, a removed officer, markup inert, personal data masked, headers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PASSWORD, PEOPLE, WebDesk, csrf_of
from workflow.cli.app import main
from workflow.organisation.service import remove_officer
from workflow.organisation.types import RemovalReason

OFFICER = PEOPLE["officer"]
ID_NUMBER = "110101199003071234"


class TestConsoleSecurity(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def test_a_form_post_without_the_csrf_token_is_refused(self) -> None:
        case = self.desk.dispatched()
        client = self.desk.login(OFFICER)
        data = {"kind": "书证", "text": "照片", "expected_version": "2"}
        response = client.post(f"/cases/{case}/acts/record-evidence", data=data)
        assert response.status_code == 403
        assert self.store.stream_version(f"case-{case}") == 2
        page = client.get(f"/cases/{case}")
        data["csrf"] = csrf_of(page.text)
        assert client.post(f"/cases/{case}/acts/record-evidence", data=data).status_code == 303
        assert self.store.stream_version(f"case-{case}") == 3

    def test_login_gives_a_new_session_id(self) -> None:
        client = self.desk.client()
        client.cookies.set("casework_session", "planted-by-an-attacker")
        response = self.desk.post_login(client, OFFICER, PASSWORD)
        assert response.status_code == 303
        issued = response.cookies.get("casework_session")
        assert issued and issued != "planted-by-an-attacker"
        assert "httponly" in response.headers["set-cookie"].lower()
        assert "samesite=lax" in response.headers["set-cookie"].lower()

    def test_cookies_are_secure_over_tls_as_the_trusted_proxy_says_it(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Behind deploy/nginx (same machine) the request's scheme is X-Forwarded-Proto, taken
        from the proxy's address only (`casework serve` runs uvicorn with proxy_headers and
        its forwarded_allow_ips, 127.0.0.1 unless FORWARDED_ALLOW_IPS says otherwise); the
        login form's and the session's cookies are Secure exactly when it says https, or
        always when the deployment sets CASEWORK_SECURE_COOKIES."""
        from fastapi.testclient import TestClient
        from uvicorn.config import Config
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        from workflow.cli.web import serve_options
        from workflow.settings import from_env

        assert serve_options("127.0.0.1", 8000, 1)["proxy_headers"] is True
        monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
        served = ProxyHeadersMiddleware(self.desk.app, trusted_hosts=Config(app="x").forwarded_allow_ips)

        def cookies(peer: str, proto: str | None) -> list[str]:
            client = TestClient(served, follow_redirects=False, client=(peer, 50000))
            headers = {"x-forwarded-proto": proto} if proto else {}
            form = client.get("/login", headers=headers)
            data = {"account": OFFICER, "password": PASSWORD, "csrf": csrf_of(form.text)}
            client.cookies.set("casework_login_csrf", data["csrf"])
            done = client.post("/login", data=data, headers=headers)
            assert done.status_code == 303
            return [form.headers["set-cookie"].lower(),
                    next(c.lower() for c in done.headers.get_list("set-cookie") if "casework_session=" in c)]  # fmt: skip

        assert all("; secure" in c for c in cookies("127.0.0.1", "https"))  # the proxy, over TLS
        assert not any("; secure" in c for c in cookies("127.0.0.1", None))  # the proxy, plain
        assert not any("; secure" in c for c in cookies("203.0.113.9", "https"))  # anyone else
        monkeypatch.setenv("CASEWORK_SECURE_COOKIES", "on")
        assert from_env().secure_cookies and not from_env(secure_cookies=False).secure_cookies
        self.desk.ctx.secure_cookies = True  # as create_app sets it from the settings
        assert all("; secure" in c for c in cookies("127.0.0.1", None))

    def test_repeated_failures_lock_the_account_and_say_nothing_more(self) -> None:
        client = self.desk.client()
        wrong = [self.desk.post_login(client, OFFICER, "wrong-password") for _ in range(5)]
        unknown = self.desk.post_login(client, "nobody-here", "wrong-password")
        assert {r.status_code for r in wrong} == {401}
        assert wrong[0].text.count("登录失败") == unknown.text.count("登录失败") == 1
        locked = self.desk.post_login(client, OFFICER, PASSWORD)
        assert locked.status_code == 401
        types = [r.type for r in self.store.read_stream(f"account-{OFFICER}")]
        assert "AccountLocked" in types and types.count("LoginFailed") >= 5

    def test_a_removed_officers_session_stops_working(self) -> None:
        client = self.desk.login(OFFICER)
        assert client.get("/my").status_code == 200
        remove_officer(
            self.store,
            "tc-001",
            officer_id=OFFICER,
            reason=RemovalReason.INACTION,
            details="不作为",
        )
        response = client.get("/my")
        assert response.status_code == 303 and response.headers["location"] == "/login"

    def test_logout_ends_the_session(self) -> None:
        client = self.desk.login(OFFICER)
        csrf = csrf_of(client.get("/my").text)
        assert client.post("/logout", data={"csrf": csrf}).status_code == 303
        client.cookies.clear()
        assert client.get("/my").status_code == 303

    def test_markup_in_free_text_is_inert(self) -> None:
        evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
        case = self.desk.dispatched(party=evil, summary=evil)
        page = self.desk.login(OFFICER).get(f"/cases/{case}").text
        assert "<script>alert(1)" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    def test_no_id_number_for_those_who_do_not_need_it(self) -> None:
        case = self.desk.dispatched(party=f"王五 身份证 {ID_NUMBER}")
        own = self.desk.login(OFFICER).get(f"/cases/{case}").text
        assert ID_NUMBER in own
        other = self.desk.login(PEOPLE["other"]).get(f"/cases/{case}")
        assert other.status_code == 403 and ID_NUMBER not in other.text
        supervisor = self.desk.login(PEOPLE["supervisor"]).get(f"/cases/{case}").text
        assert ID_NUMBER not in supervisor and "110101********1234" in supervisor

    def test_every_page_carries_the_security_headers(self) -> None:
        response = self.desk.login(OFFICER).get("/my")
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "same-origin"

    def test_a_first_password_must_be_changed(self) -> None:
        first = self.desk.ctx.accounts.reset(OFFICER, by="ad-001", channel="cli")
        client = self.desk.client()
        response = self.desk.post_login(client, OFFICER, first)
        assert response.headers["location"] == "/password"
        assert client.get("/my").headers["location"] == "/password"

    def test_cli_case_writes_can_be_forbidden(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setenv("CASEWORK_DATABASE_URL", self.url)
        monkeypatch.setenv("CASEWORK_CLI_WRITES", "off")
        with pytest.raises(SystemExit) as exit_:
            main(["--as", OFFICER, "case", "open", "--township", "taicheng", "--matter",
                  "SC-CF-001", "--party", "张三", "--summary", "s"])  # fmt: skip
        assert exit_.value.code == 4
        assert "CASEWORK_CLI_WRITES" in capsys.readouterr().err

"""账户管理 in the console (county system administrators): the list with each account's
standing and last login in Asia/Shanghai, and create / reset / lock through the services of
`casework account …` — once per form, the one-time password shown once, 403 for others."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PASSWORD, PEOPLE, WebDesk, csrf_of

ADMIN, OFFICER, LEADER = PEOPLE["admin"], PEOPLE["officer"], PEOPLE["leader"]
SECRET = re.compile(r'<code class="secret">([^<]+)</code>')


def row(page: str, account: str) -> str:
    return page.split(f'data-account="{account}"')[1].split("</tr>")[0]


class TestAccountsPage(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def test_only_administrators_open_it(self) -> None:
        for role in ("officer", "leader", "supervisor"):
            client = self.desk.as_(PEOPLE[role])
            assert client.get("/accounts").status_code == 403, role
            refused = client.post("/accounts/reset", data={
                "csrf": csrf_of(client.get("/tokens").text), "account_id": OFFICER})  # fmt: skip
            assert refused.status_code == 403, role
        assert self.desk.client().get("/accounts").headers["location"] == "/login"
        admin = self.desk.as_(ADMIN)
        assert admin.get("/").headers["location"] == "/accounts"
        assert '<a href="/accounts">账户管理</a>' in admin.get("/accounts").text

    def test_the_list_says_who_each_account_is_its_standing_and_last_login(self) -> None:
        self.desk.login(OFFICER)  # a login now: shown in Asia/Shanghai, not UTC
        page = self.desk.as_(ADMIN).get("/accounts").text
        mine = row(page, OFFICER)
        assert "姜欣" in mine or "tc-004" in mine
        assert "执法人员" in mine and "台城镇" in mine and "正常" in mine
        assert (
            re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", mine)
            and "T" not in mine.split("最近登录")[1][:40]
        )
        assert "县级" in row(page, PEOPLE["supervisor"])
        assert "修改本人密码" in row(page, ADMIN)  # no lock or reset of oneself

    def test_create_shows_the_first_password_once_and_it_logs_in(self) -> None:
        admin = self.desk.as_(ADMIN)
        page = admin.get("/accounts", params={"township": "taicheng"}).text
        assert '<option value="tc-006">' in page  # on the roster, no account yet
        data = {
            "csrf": csrf_of(page),
            "form_id": "f1-c",
            "account_id": "tc-006",
            "township": "taicheng",
        }
        done = admin.post("/accounts/create", data=data)
        assert done.status_code == 200, done.text
        first = SECRET.search(done.text).group(1)  # type: ignore[union-attr]
        assert "待修改初始密码" in row(done.text, "tc-006")
        again = admin.post("/accounts/create", data=data)  # the same form again: nothing twice
        assert again.status_code == 303 and "done=again" in again.headers["location"]
        shown = admin.get(again.headers["location"]).text
        assert first not in shown and "没有重复办理" in shown
        created = [
            r for r in self.store.read_stream("account-tc-006") if r.type == "AccountCreated"
        ]
        assert len(created) == 1
        assert created[0].metadata["channel"] == "web" and created[0].metadata["account"] == ADMIN
        login = self.desk.client()
        assert self.desk.post_login(login, "tc-006", first).headers["location"] == "/password"

    def test_lock_then_reset_unlocks_with_a_new_password(self) -> None:
        officer = self.desk.login(OFFICER)
        admin = self.desk.as_(ADMIN)
        page = admin.get("/accounts").text
        locked = admin.post("/accounts/lock", data={"csrf": csrf_of(page), "form_id": "f2-l",
                                                   "account_id": OFFICER})  # fmt: skip
        assert locked.status_code == 303
        page = admin.get(locked.headers["location"]).text
        assert "已锁定" in row(page, OFFICER) and "解锁（重置密码）" in row(page, OFFICER)
        assert officer.get("/my").headers["location"] == "/login"  # its session ended
        refused = self.desk.post_login(self.desk.client(), OFFICER, PASSWORD)
        assert refused.status_code == 401
        reset = admin.post("/accounts/reset", data={"csrf": csrf_of(page), "form_id": "f2-r",
                                                   "account_id": OFFICER})  # fmt: skip
        assert reset.status_code == 200 and "待修改初始密码" in row(reset.text, OFFICER)
        first = SECRET.search(reset.text).group(1)  # type: ignore[union-attr]
        assert self.desk.post_login(self.desk.client(), OFFICER, first).status_code == 303

    def test_a_refusal_is_one_clear_line_and_records_nothing(self) -> None:
        admin = self.desk.as_(ADMIN)
        csrf = csrf_of(admin.get("/accounts").text)
        before = self.store.head()
        twice = admin.post("/accounts/create", data={"csrf": csrf, "account_id": OFFICER})
        assert twice.status_code == 400 and f"账户 {OFFICER} 已存在" in twice.text
        nobody = admin.post("/accounts/reset", data={"csrf": csrf, "account_id": "zz-999"})
        assert nobody.status_code == 404 and "账户 zz-999 不存在" in nobody.text
        forged = admin.post("/accounts/lock", data={"csrf": "x", "account_id": OFFICER})
        assert forged.status_code == 403
        assert self.store.head() == before

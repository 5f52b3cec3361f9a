"""A web app over a real store with the wutai county, accounts with known passwords,
and helpers to log in through the console or call the API with a token."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from events import EventStore
from tests import demo_cache
from workflow.accounts.passwords import hasher
from workflow.accounts.service import AccountService
from workflow.organisation.service import init_county
from workflow.organisation.snapshot import load_directory
from workflow.settings import Settings
from workflow.web.app import create_app

PASSWORD = "correct-horse-9"
PEOPLE = {
    "officer": "tc-004",
    "officer2": "tc-005",
    "leader": "tc-001",
    "deputy": "tc-002",
    "other": "gz-004",
    "supervisor": "sv-001",
    "admin": "ad-001",
}
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
BASIS = "《价格法》第四十二条"
FINE = [{"kind": "fine", "amount": 500}]


def set_up(store: EventStore) -> None:
    """The county and an account with PASSWORD for each of PEOPLE. An empty SQLite store
    gets a copy of what this wrote once a run (tests/demo_cache.py `copied_sqlite`, keyed
    by the clock): the same events, ~0.05 s instead of ~0.8 s a desk."""
    init_county(store)
    # the test's own store has no read-model listener: setting up accounts stays quick
    accounts = AccountService(store, lambda: load_directory(store), hasher=hasher(cheap=True))
    for person in PEOPLE.values():
        first = accounts.create(person, by="ad-001", channel="cli")
        accounts.change_password(person, first, PASSWORD, channel="cli")


class WebDesk:
    """The app, its context and a client per person."""

    def __init__(self, store: EventStore, url: str, evidence: Path, **settings: Any) -> None:
        if not demo_cache.copied_sqlite(url, store, "desk", set_up):
            set_up(store)
        self.store = store
        self.app = create_app(Settings(database_url=url, **settings), hasher=hasher(cheap=True),
                              evidence_dir=evidence)  # fmt: skip
        self.ctx = self.app.state.web
        self.clients: dict[str, TestClient] = {}

    def as_(self, person: str) -> TestClient:
        """The person's logged-in client, one a desk (`clients.clear()` logs everyone out)."""
        if person not in self.clients:
            self.clients[person] = self.login(person)
        return self.clients[person]

    def form(self, person: str, path: str, data: dict[str, Any]) -> Any:
        """A console form posted as the person, with their session's CSRF token."""
        client = self.as_(person)
        return client.post(path, data={"csrf": csrf_of(client.get("/tokens").text), **data})

    def close(self) -> None:
        self.ctx.close()

    def client(self) -> TestClient:
        return TestClient(self.app, follow_redirects=False)

    def login(self, person: str, password: str = PASSWORD) -> TestClient:
        client = self.client()
        response = self.post_login(client, person, password)
        assert response.status_code == 303, response.text
        return client

    def post_login(self, client: TestClient, person: str, password: str) -> Any:
        page = client.get("/login")
        csrf = csrf_of(page.text)
        return client.post("/login", data={"account": person, "password": password, "csrf": csrf})

    def token(self, person: str, scopes: tuple[str, ...] = ("read", "write")) -> dict[str, str]:
        secret = self.ctx.tokens.issue(person, "tests", list(scopes), 1, channel="cli")
        return {"Authorization": f"Bearer {secret}"}

    def api(self, person: str, method: str, path: str, **kw: Any) -> Any:
        headers = {**self.token(person), **kw.pop("headers", {})}
        return self.client().request(method, path, headers=headers, **kw)

    def open_case(self, party: str = "张三", summary: str = "占道经营") -> str:
        body = {"township": "taicheng", "matter": "SC-CF-001", "party": party, "summary": summary}
        response = self.api(PEOPLE["officer"], "POST", "/api/cases", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["case_id"])

    def dispatched(self, **kw: Any) -> str:
        case = self.open_case(**kw)
        body = {"officers": [PEOPLE["officer"], PEOPLE["officer2"]]}
        response = self.api(PEOPLE["leader"], "POST", f"/api/cases/{case}/dispatch", json=body)
        assert response.status_code == 200, response.text
        return case

    def licence_case(self, tag: str = "licence") -> str:
        """A licence application received and accepted (受理 opens its case) by the officer in
        the console, the case dispatched to two officers by the leader."""
        officer = self.login(PEOPLE["officer"])
        page = officer.get("/applications").text
        data = {"csrf": csrf_of(page), "form_id": f"{tag}-recv", "township": "taicheng",
                "matter": "CG-XK-001", "applicant": "某建筑公司"}  # fmt: skip
        where = officer.post("/applications/new/receive", data=data).headers["location"].split("?")[0]
        page = officer.get(where).text
        form = {"csrf": csrf_of(page), "form_id": f"{tag}-acc"}
        case = officer.post(f"{where}/accept", data=form).headers["location"].split("?")[0].split("/")[2]
        body = {"officers": [PEOPLE["officer"], PEOPLE["officer2"]]}
        response = self.api(PEOPLE["leader"], "POST", f"/api/cases/{case}/dispatch", json=body)
        assert response.status_code == 200, response.text
        return case

    def decided(self) -> str:
        """A case with the party's identity and address, decided (through the API, by the
        leader) with a 500-yuan fine after the officer's notice, the defence waived."""
        body = {"township": "taicheng", "matter": "SC-CF-003", "party": "张三", "summary": "未明码标价",
                "party_id_number": "11010519491231002X", "party_address": "台城镇东街 1 号"}  # fmt: skip
        case = str(self.api(PEOPLE["officer"], "POST", "/api/cases", json=body).json()["case_id"])
        officer, leader = PEOPLE["officer"], PEOPLE["leader"]
        steps = [(leader, "dispatch", {"officers": [officer, PEOPLE["officer2"]]}),
                 (officer, "record-evidence", {"kind": "书证", "text": "照片"}),
                 (officer, "notify-penalty", {"basis": BASIS, "circumstance": "一般", "sanctions": FINE}),
                 (officer, "waive-defence", {}), (leader, "decide-penalty", {"basis": BASIS, "sanctions": FINE})]  # fmt: skip
        for who, act, data in steps:
            response = self.api(who, "POST", f"/api/cases/{case}/{act}", json=data)
            assert response.status_code == 200, (act, response.text)
        return case


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def key() -> dict[str, str]:
    return {"Idempotency-Key": uuid.uuid4().hex}

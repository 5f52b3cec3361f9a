"""Every operation of the OpenAPI spec, not a sample (issue 11 §4): without credentials it
answers 401 whatever its body, never a success and never a 404 that would
tell a stranger which case exists; every write refuses a read-only token (403, or 400 first
for an unreadable body) and a malformed JSON body (4xx, never 5xx); none of them appends.

The per-endpoint success, stale version (409) and idempotent retry need each command's own
body: they are in api_contract, api_more_contract, test_api_org, test_api_execution and
test_api_accounts, and the spec-driven fuzz (test_api_fuzz) checks every operation for
5xx and spec conformance.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PEOPLE, WebDesk

WRITES = ("post", "put", "patch", "delete")
PUBLIC = {"/api/openapi.json"}


class TestEveryEndpoint(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        self.case = self.desk.dispatched()
        self.operations = self._operations()
        yield
        self.desk.close()

    def _operations(self) -> list[tuple[str, str, str]]:
        """(method, spec path, a concrete path: the real case, other parameters `x`)."""
        found = []
        for path, ops in self.desk.app.openapi()["paths"].items():
            concrete = re.sub(r"\{[^}]+\}", "x", path.replace("{case}", self.case))
            found += [(m, path, concrete) for m in ops if m in (*WRITES, "get")]
        assert len(found) > 90
        return found

    def _head(self) -> int:
        return int(self.store.status().last_position)

    def _call(self, method: str, path: str, **kw: Any) -> Any:
        return self.desk.client().request(method.upper(), path, **kw)

    def test_without_credentials_nothing_is_answered_or_appended(self) -> None:
        """Who first, then the body: no credentials and an empty `{}` body is 401 on every
        operation (it was 400 on 70 of them: FastAPI validated the body first)."""
        before, wrong = self._head(), []
        for method, path, concrete in self.operations:
            if path in PUBLIC:
                continue
            response = self._call(method, concrete, json={})
            if response.status_code != 401 or response.json().get("error") != "unauthenticated":
                wrong.append((method, path, response.status_code))
        assert not wrong, wrong
        assert self._head() == before

    def test_an_unreadable_body_or_a_false_token_is_still_401(self) -> None:
        false = {"Authorization": "Bearer cw_nobody_0000", "content-type": "application/json"}
        before, wrong = self._head(), []
        for method, path, concrete in self.operations:
            if method in WRITES:
                for headers in ({"content-type": "application/json"}, false):
                    response = self._call(method, concrete, content=b"{not json", headers=headers)
                    if response.status_code != 401:
                        wrong.append((method, path, headers.get("Authorization"), response.status_code))
        assert not wrong, wrong
        assert self._head() == before

    def test_a_read_only_token_writes_nothing(self) -> None:
        read_only = self.desk.token(PEOPLE["leader"], ("read",))
        before, wrong = self._head(), []
        for method, path, concrete in self.operations:
            if method in WRITES:
                response = self._call(method, concrete, json={}, headers=read_only)
                if response.status_code not in (400, 403):
                    wrong.append((method, path, response.status_code))
        assert not wrong, wrong
        assert self._head() == before

    def test_a_malformed_body_is_refused_without_a_5xx(self) -> None:
        headers = {**self.desk.token(PEOPLE["leader"]), "content-type": "application/json"}
        before, wrong = self._head(), []
        for method, path, concrete in self.operations:
            if method in WRITES:
                response = self._call(method, concrete, content=b"{not json", headers=headers)
                if not 400 <= response.status_code < 500 or "error" not in response.json():
                    wrong.append((method, path, response.status_code))
        assert not wrong, wrong
        assert self._head() == before

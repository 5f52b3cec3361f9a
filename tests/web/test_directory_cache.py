"""The web service's directory (`DirectoryCache`): folded again only when an organisation
event was recorded, found by reading the log from the position its last look passed (not
by asking every roster stream of the database), on both backends; on PostgreSQL an org
event is seen at once even while a foreign transaction holds the gap-safe head back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import event

from events import NewEvent
from tests import pg
from tests.integration.backends import PostgresBackend, SQLiteBackend, settle
from tests.web.desk import WebDesk
from workflow.organisation import service as org_service
from workflow.organisation.types import Origin
from workflow.web import context
from workflow.web.context import DirectoryCache


class DirectoryCacheContract:
    store: Any
    url: str

    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        self.cache: DirectoryCache = self.desk.ctx.directory
        self.loads: list[int] = []
        load = context.load_directory
        monkeypatch.setattr(context, "load_directory", lambda s: (self.loads.append(1), load(s))[1])
        yield
        self.desk.close()

    def enlist(self, officer_id: str) -> None:
        org_service.enlist(self.store, "ad-001", officer_id=officer_id, name="新队员",
                           township="taicheng", origin=Origin.TOWNSHIP_STAFF)  # fmt: skip

    def looks(self) -> list[int]:
        """The position each org-events query the cache sends from now on reads after."""
        seen: list[int] = []

        def note(conn: Any, cursor: Any, statement: str, params: Any, *rest: Any) -> None:
            if "stream_id >= 'roster-'" in statement:
                seen.append(params["after"] if isinstance(params, dict) else params[0])

        event.listen(self.desk.ctx.casework.store.engine, "before_cursor_execute", note)
        return seen

    def test_only_an_org_event_folds_the_directory_again(self) -> None:
        first = self.cache()
        self.store.append("case-elsewhere", [NewEvent("T", {"n": 1})], expected_version=0)
        assert self.cache() is first and self.loads == [1]  # a case event: nothing to fold
        self.enlist("tc-098")
        again = self.cache()
        assert "tc-098" in again.people and "tc-098" not in first.people
        assert self.loads == [1, 1]
        assert self.cache() is again and self.loads == [1, 1]

    def test_a_look_reads_from_the_position_the_last_one_passed(self) -> None:
        self.cache()
        self.enlist("tc-097")
        settle(self.store)
        self.cache()  # folds the enlistment; the head passes it
        passed = self.store.head()
        looks = self.looks()
        for n in range(3):
            self.store.append("case-elsewhere", [NewEvent("T", {"n": n})], expected_version=n)
        settle(self.store)
        self.cache()
        self.cache()
        assert len(looks) == 2
        assert looks[0] >= passed  # never the whole log, never every roster stream
        assert looks[1] >= passed + 3  # the next look starts past the case events
        assert "tc-097" in self.cache().people

    def test_an_api_command_reads_its_token_and_the_directory_look_in_one_statement(self) -> None:
        case = self.desk.dispatched()
        headers = {**self.desk.token("tc-004"), "Idempotency-Key": "k-1"}
        sent: list[str] = []
        event.listen(self.desk.ctx.casework.store.engine, "before_cursor_execute",
                     lambda conn, cursor, statement, *rest: sent.append(statement))  # fmt: skip
        path = f"/api/cases/{case}/record-evidence"
        body = {"kind": "书证", "text": "照片"}
        assert self.desk.client().post(path, json=body, headers=headers).status_code == 200
        tokens = [s for s in sent if "api_tokens" in s]
        looks = [s for s in sent if "stream_id >= 'roster-'" in s]
        assert len(tokens) == 1 and looks == tokens  # one statement, no second look
        self.enlist("tc-095")  # an org event recorded meanwhile: the next call's look folds it
        settle(self.store)
        headers["Idempotency-Key"] = "k-2"
        assert self.desk.client().post(path, json=body, headers=headers).status_code == 200
        assert self.cache._cached is not None and "tc-095" in self.cache._cached.people
        unknown = {"Authorization": "Bearer cw_nobody_x", "Idempotency-Key": "k-3"}
        assert self.desk.client().post(path, json=body, headers=unknown).status_code == 401

    def test_a_riding_look_asks_the_head_at_most_every_head_every_seconds(self) -> None:
        """Between two heads a look still finds every org event above its position (folded
        at once); only the position waits for the next head."""
        token = self.desk.ctx.tokens.issue("tc-004", "t", ["read"], 1, channel="cli")

        def look() -> tuple[str, Any]:
            memo: dict[str, Any] = {}
            reset = context.REQUEST_MEMO.set(memo)
            try:
                rider = self.cache.rider()
                assert rider is not None
                assert self.desk.ctx.tokens.check_with_account(token, rider) is not None
                return rider.sql, memo["directory"]
            finally:
                context.REQUEST_MEMO.reset(reset)

        self.cache()
        self.cache.head_every = 3600
        assert look()[0].startswith("SELECT 0 AS kind")  # the first asks the head
        settle(self.store)
        position = self.cache._position
        self.enlist("tc-094")
        settle(self.store)
        sql, directory = look()
        assert not sql.startswith("SELECT 0") and "tc-094" in directory.people
        assert self.cache._position == position and self.loads == [1, 1]
        self.cache.head_every = 0
        sql, directory = look()
        assert sql.startswith("SELECT 0") and self.cache._position > position
        assert "tc-094" in directory.people and self.loads == [1, 1]


class TestSQLiteDirectoryCache(SQLiteBackend, DirectoryCacheContract):
    pass


@pytest.mark.postgres
class TestPostgresDirectoryCache(PostgresBackend, DirectoryCacheContract):
    def test_an_org_event_is_seen_while_a_foreign_transaction_holds_the_head(self) -> None:
        self.cache()
        admin = pg.conninfo(str(pg.make_url(pg.base_url()).set(database="postgres")))
        with psycopg.connect(admin) as other:
            other.execute("SELECT pg_current_xact_id()")  # a write transaction, left open
            self.enlist("tc-096")
            held = self.store.head()
            assert "tc-096" in self.cache().people  # visible above the held head: folded
            assert self.cache().people["tc-096"] and self.loads == [1, 1]  # and only once
            assert self.cache._position <= held  # the position waits for the head
            other.rollback()
        settle(self.store)
        assert "tc-096" in self.cache().people and self.loads == [1, 1]

"""The JSON API's contract, run on SQLite and PostgreSQL (`test_api_sqlite/postgres.py`).

Each command endpoint: authorised, 401, 403, 400, 422 with rule and statute, 409 with
what changed, idempotent retry; reads scoped by township; the chain re-hashes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from events.hashing import GENESIS, canonical_record
from tests.integration.backends import settle
from tests.web.desk import PEOPLE, WebDesk, key

OFFICER, LEADER, SUPERVISOR = PEOPLE["officer"], PEOPLE["leader"], PEOPLE["supervisor"]


class ApiContract:
    url: str
    store: object

    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")  # type: ignore[arg-type]
        yield
        self.desk.close()

    def test_a_command_records_channel_and_account(self) -> None:
        case = self.desk.dispatched()
        records = self.desk.store.read_stream(f"case-{case}")  # type: ignore[attr-defined]
        assert [r.type for r in records] == ["CaseOpened", "CaseDispatched"]
        assert records[1].metadata["channel"] == "api"
        assert records[1].metadata["account"] == LEADER
        assert records[1].metadata["actor"] == LEADER

    def test_without_a_token_is_401_and_appends_nothing(self) -> None:
        case = self.desk.open_case()
        response = self.desk.client().post(f"/api/cases/{case}/dispatch", json={"officers": []})
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert self.desk.store.stream_version(f"case-{case}") == 1  # type: ignore[attr-defined]

    def test_a_role_that_may_not_is_403(self) -> None:
        case = self.desk.open_case()
        body = {"officers": [OFFICER, PEOPLE["officer2"]]}
        response = self.desk.api(OFFICER, "POST", f"/api/cases/{case}/dispatch", json=body)
        assert response.status_code == 403
        assert response.json()["error"] == "forbidden"
        assert "dispatch" in response.json()["en"].lower()

    def test_a_read_only_token_may_not_write(self) -> None:
        case = self.desk.open_case()
        headers = self.desk.token(LEADER, ("read",))
        response = self.desk.client().post(f"/api/cases/{case}/dispatch", headers=headers,
                                           json={"officers": [OFFICER, PEOPLE["officer2"]]})  # fmt: skip
        assert response.status_code == 403

    def test_malformed_body_is_400(self) -> None:
        case = self.desk.open_case()
        for body in ({}, {"officers": "tc-004"}, {"officers": [OFFICER], "surprise": 1}):
            response = self.desk.api(LEADER, "POST", f"/api/cases/{case}/dispatch", json=body)
            assert response.status_code == 400, body
            assert response.json()["error"] == "invalid"

    def test_a_rule_refusal_is_422_with_rule_and_statute(self) -> None:
        case = self.desk.open_case()
        response = self.desk.api(LEADER, "POST", f"/api/cases/{case}/dispatch",
                                 json={"officers": [OFFICER]})  # fmt: skip
        assert response.status_code == 422
        body = response.json()
        assert body["rule"] and "第四十二条" in body["statute"]
        assert body["zh"] and body["en"]
        assert self.desk.store.stream_version(f"case-{case}") == 1  # type: ignore[attr-defined]

    @pytest.mark.violation_date_required
    def test_opening_a_penalty_case_needs_its_violation_date(self) -> None:
        body = {"township": "taicheng", "matter": "SC-CF-001", "party": "张三", "summary": "s"}
        headers = self.desk.token(OFFICER)  # issuing a token appends; the refusal must not
        before = self.desk.store.head()  # type: ignore[attr-defined]
        response = self.desk.client().post("/api/cases", headers=headers, json=body)
        assert response.status_code == 422, response.text
        assert response.json()["rule"] == "violation-date-required"
        assert "第三十六条" in response.json()["statute"]
        assert self.desk.store.head() == before  # type: ignore[attr-defined]
        dated = self.desk.client().post("/api/cases", headers=headers,
                                        json={**body, "violation_date": "2026-01-05"})  # fmt: skip
        assert dated.status_code == 201, dated.text
        unknown = self.desk.api(OFFICER, "POST", "/api/cases",
                                json={**body, "violation_unknown": "举报人记不清日期"})  # fmt: skip
        assert unknown.status_code == 201, unknown.text

    def test_opening_takes_no_source_fields_and_no_licence_without_application(self) -> None:
        """The same rule as `case open`: a lead's or an application's fields are set by
        their acceptance, never by the client; a licensing item needs an application."""
        body = {"township": "taicheng", "matter": "SC-CF-001", "party": "张三", "summary": "s",
                "violation_date": "2026-01-05"}  # fmt: skip
        headers = self.desk.token(OFFICER)
        before = self.desk.store.head()  # type: ignore[attr-defined]
        for extra in ({"source": "taicheng-S-2026-1"}, {"source_channel": "群众举报"},
                      {"clock_start": "2026-01-02"}, {"discovered_on": "2026-01-06"}):  # fmt: skip
            response = self.desk.client().post("/api/cases", headers=headers,
                                               json={**body, **extra})  # fmt: skip
            assert response.status_code == 400, (extra, response.text)
        licence = {**body, "matter": "CG-XK-001", "source": "taicheng-A-2026-1"}
        assert self.desk.client().post("/api/cases", headers=headers,
                                       json=licence).status_code == 400  # fmt: skip
        del licence["source"]
        refused = self.desk.client().post("/api/cases", headers=headers, json=licence)
        assert refused.status_code == 422, refused.text
        assert refused.json()["rule"] == "licence-application"
        assert "第三十二条" in refused.json()["statute"]
        assert self.desk.store.head() == before  # type: ignore[attr-defined]
        opened = self.desk.client().post("/api/cases", headers=headers, json=body)
        assert opened.status_code == 201, opened.text

    def test_a_stale_version_is_409_with_what_changed(self) -> None:
        case = self.desk.dispatched()
        body = {"kind": "书证", "text": "现场照片", "expected_version": 1}
        response = self.desk.api(OFFICER, "POST", f"/api/cases/{case}/record-evidence", json=body)
        assert response.status_code == 409
        answer = response.json()
        assert answer["current_version"] == 2
        assert [c["type"] for c in answer["changes"]] == ["CaseDispatched"]
        assert answer["changes"][0]["actor"] == LEADER

    def test_a_retry_with_the_same_idempotency_key_records_once(self) -> None:
        case = self.desk.dispatched()
        headers = key()
        body = {"kind": "书证", "text": "现场照片"}
        path = f"/api/cases/{case}/record-evidence"
        first = self.desk.api(OFFICER, "POST", path, json=body, headers=headers)
        again = self.desk.api(OFFICER, "POST", path, json=body, headers=headers)
        assert first.status_code == again.status_code == 200
        assert first.json()["duplicate"] is False and again.json()["duplicate"] is True
        assert self.desk.store.stream_version(f"case-{case}") == 3  # type: ignore[attr-defined]

    def test_an_unknown_case_is_404(self) -> None:
        response = self.desk.api(OFFICER, "GET", "/api/cases/taicheng-P-2026-999")
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"

    def test_reads_are_limited_to_ones_township(self) -> None:
        case = self.desk.open_case()
        other = self.desk.api(PEOPLE["other"], "GET", f"/api/cases/{case}")
        assert other.status_code == 403
        listed = self.desk.api(PEOPLE["other"], "GET", "/api/cases").json()
        assert case not in [c["case_id"] for c in listed]
        assert case in [c["case_id"] for c in self.desk.api(SUPERVISOR, "GET", "/api/cases").json()]
        assert self.desk.api(OFFICER, "GET", f"/api/cases/{case}").json()["state"] == "opened"

    def test_the_acts_open_to_the_caller_come_from_the_domain(self) -> None:
        case = self.desk.open_case()
        leader = self.desk.api(LEADER, "GET", f"/api/cases/{case}/acts").json()["acts"]
        officer = self.desk.api(OFFICER, "GET", f"/api/cases/{case}/acts").json()["acts"]
        assert "dispatch" in leader and "dispatch" not in officer
        assert self.desk.api(SUPERVISOR, "GET", f"/api/cases/{case}/acts").json()["acts"] == []

    def test_the_chain_rehashes_from_the_stored_texts(self) -> None:
        case = self.desk.dispatched(party="李四 ID 110101199003071234")
        body = self.desk.api(SUPERVISOR, "GET", f"/api/cases/{case}/chain").json()
        prev = GENESIS
        for r in body["records"]:
            record = canonical_record(body["stream_id"], r["version"], r["type"],
                                      r["schema_version"], r["data"], r["metadata"], r["recorded_at"])  # fmt: skip
            prev = hashlib.sha256((prev + record).encode()).hexdigest()
            assert prev == r["hash"]
        assert len(body["records"]) == 2

    def test_history_and_supervisor_reads(self) -> None:
        case = self.desk.dispatched()
        rows = self.desk.api(SUPERVISOR, "GET", f"/api/cases/{case}/history").json()
        assert [r["channel"] for r in rows] == ["api", "api"]
        assert self.desk.api(SUPERVISOR, "GET", "/api/verify").json()["ok"] is True
        assert self.desk.api(OFFICER, "GET", "/api/verify").status_code == 403
        assert self.desk.api(SUPERVISOR, "GET", "/api/status").json()["last_position"] > 0
        settle(self.desk.store)  # a search reads what is readable: wait for what it wrote
        by_actor = self.desk.api(SUPERVISOR, "GET", "/api/history", params={"actor": LEADER}).json()
        assert any(r["type"] == "CaseDispatched" for r in by_actor)
        assert self.desk.api(LEADER, "GET", "/api/roster").json()[0]["township"] == "taicheng"
        assert self.desk.api(LEADER, "GET", "/api/deadlines").status_code == 200
        assert self.desk.api(LEADER, "GET", "/api/accountability").status_code == 200

"""The JSON API's organisation and paper writes through the ASGI client: authorised,
403, 401, 400, an idempotent retry, events stamped `api` + account, and the spec."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.backends import PostgresBackend, SQLiteBackend
from tests.web.desk import PEOPLE, WebDesk, key

OFFICER, LEADER, ADMIN, SUPERVISOR = (PEOPLE[r] for r in ("officer", "leader", "admin", "supervisor"))
ENLIST = {"officer_id": "tc-099", "name": "新人", "township": "台城镇", "origin": "township_staff"}


class OrganisationApiContract:
    store: Any
    url: str

    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def test_enlist_authorised_refused_unauthenticated_invalid_and_retried(self) -> None:
        roster = "roster-taicheng"
        before = self.store.stream_version(roster)
        assert self.desk.api(OFFICER, "POST", "/api/officers", json=ENLIST).status_code == 403
        assert self.desk.client().post("/api/officers", json=ENLIST).status_code == 401
        bad = self.desk.api(LEADER, "POST", "/api/officers", json={**ENLIST, "origin": "nobody"})
        assert bad.status_code == 400 and bad.json()["error"] == "invalid"
        assert self.store.stream_version(roster) == before
        headers = key()
        first = self.desk.api(LEADER, "POST", "/api/officers", json=ENLIST, headers=headers)
        again = self.desk.api(LEADER, "POST", "/api/officers", json=ENLIST, headers=headers)
        assert first.status_code == again.status_code == 201, first.text
        assert first.json()["duplicate"] is False and again.json()["duplicate"] is True
        assert self.store.stream_version(roster) == before + 1
        event = self.store.read_stream(roster)[-1]
        assert event.type == "MemberEnlisted"
        assert (event.metadata["channel"], event.metadata["account"]) == ("api", LEADER)
        twice = self.desk.api(LEADER, "POST", "/api/officers", json=ENLIST)
        assert twice.status_code == 422 and twice.json()["rule"]

    def test_a_stale_roster_version_is_a_conflict(self) -> None:
        roster = "roster-taicheng"
        read = self.store.stream_version(roster)
        headers = {"If-Match": str(read), **key()}
        first = self.desk.api(LEADER, "POST", "/api/officers", json=ENLIST, headers=headers)
        assert first.status_code == 201 and first.json()["version"] == read + 1
        again = self.desk.api(LEADER, "POST", "/api/officers", json=ENLIST, headers=headers)
        assert again.status_code == 201 and again.json()["duplicate"] is True  # a retry, not stale
        removal = {"reason": "不作为", "details": "长期不到岗"}
        path = "/api/officers/tc-099/removal"
        stale = self.desk.api(LEADER, "POST", path, json=removal, headers={"If-Match": str(read)})
        assert stale.status_code == 409 and stale.json()["current_version"] == read + 1
        assert self.store.stream_version(roster) == read + 1  # nothing appended
        bad = self.desk.api(LEADER, "POST", path, json=removal, headers={"If-Match": "v1"})
        assert bad.status_code == 400
        fresh = {"If-Match": str(read + 1)}
        assert self.desk.api(LEADER, "POST", path, json=removal, headers=fresh).status_code == 200

    def test_certificates_and_removal_follow_the_org_rules(self) -> None:
        cert = {"change": "issue", "number": "JZ-2026-99", "valid_until": "2030-01-01"}
        self.desk.api(LEADER, "POST", "/api/officers", json=ENLIST)
        path = "/api/officers/tc-099/certificates"
        assert self.desk.api(LEADER, "POST", path, json=cert).status_code == 403  # admins only
        assert self.desk.api(ADMIN, "POST", path, json=cert).status_code == 200
        removal = {"reason": "不作为", "details": "长期不到岗"}
        assert self.desk.api(LEADER, "POST", "/api/officers/tc-099/removal", json=removal).status_code == 200
        assert self.desk.api(LEADER, "POST", "/api/officers/nobody/removal", json=removal).status_code == 404
        opinion = {"action": "promotion", "opinion": "同意"}
        refused = self.desk.api(LEADER, "POST", "/api/officers/tc-099/personnel-opinions", json=opinion)
        assert refused.status_code in (404, 422)  # removed: no longer on the team

    def test_the_spec_documents_the_organisation_and_paper_writes(self) -> None:
        spec = self.desk.client().get("/api/openapi.json").json()
        for path in ("/api/officers", "/api/officers/{officer_id}/certificates",
                     "/api/officers/{officer_id}/removal", "/api/catalogue",
                     "/api/officers/{officer_id}/personnel-actions",
                     "/api/cases/{case}/documents", "/api/cases/{case}/service",
                     "/api/cases/{case}/payments", "/api/cases/{case}/publication",
                     "/api/circulars/{month}"):  # fmt: skip
            assert path in spec["paths"], path
        assert "Idempotency-Key" in str(spec["paths"]["/api/officers"]["post"]["parameters"])

    def test_papers_through_the_api(self) -> None:
        case = self.desk.decided()
        docs = f"/api/cases/{case}/documents"
        assert self.desk.api(SUPERVISOR, "POST", docs, json={"kind": "decision"}).status_code == 403
        assert self.desk.api(OFFICER, "POST", docs, json={"kind": "nonsense"}).status_code == 400
        headers = key()
        issued = self.desk.api(OFFICER, "POST", docs, json={"kind": "decision"}, headers=headers)
        assert issued.status_code == 201, issued.text
        number = issued.json()["number"]
        listed = self.desk.api(SUPERVISOR, "GET", docs)
        assert listed.status_code == 200 and [d["number"] for d in listed.json()] == [number]
        assert self.desk.api(PEOPLE["other"], "GET", docs).status_code == 403
        pdf = self.desk.api(SUPERVISOR, "GET", f"/api/cases/{case}/document.pdf", params={"number": number})
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        served = {"document": number, "method": "直接送达"}
        assert self.desk.api(OFFICER, "POST", f"/api/cases/{case}/service", json=served).status_code == 201
        pay = {"amount": 500, "receipt": "B-API-1"}
        assert self.desk.api(OFFICER, "POST", f"/api/cases/{case}/payments", json=pay, headers=key()).status_code == 201
        assert self.desk.api(OFFICER, "POST", f"/api/cases/{case}/publication").status_code == 201
        records = self.store.read_stream(f"execution-{case}")
        assert [r.type for r in records] == ["DocumentServed", "PaymentRecorded"]
        assert {(r.metadata["channel"], r.metadata["account"]) for r in records} == {("api", OFFICER)}

    def test_circulars_as_json_for_leaders_and_supervisors(self) -> None:
        from workflow import clock

        month = clock.local(clock.now()).strftime("%Y-%m")
        assert self.desk.api(SUPERVISOR, "GET", f"/api/circulars/{month}").status_code == 200
        assert self.desk.api(OFFICER, "GET", f"/api/circulars/{month}").status_code == 403
        assert self.desk.api(SUPERVISOR, "GET", "/api/circulars/2026-1").status_code == 400


class TestOrganisationApiSQLite(SQLiteBackend, OrganisationApiContract):
    pass


@pytest.mark.postgres
class TestOrganisationApiPostgres(PostgresBackend, OrganisationApiContract):
    pass

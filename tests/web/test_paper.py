"""The paper side in the console: issue a document and download its PDF, record service,
payment and publication through the same services as the CLI; evidence files and the
review bundle downloaded by those allowed, by what the case records (never a path)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PEOPLE, WebDesk, csrf_of

OFFICER, LEADER, SUPERVISOR, OTHER = (PEOPLE[r] for r in ("officer", "leader", "supervisor", "other"))
BASIS = "《价格法》第四十二条"


class TestPaperConsole(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.evidence = tmp_path / "evidence"
        self.desk = WebDesk(self.store, self.url, self.evidence)
        yield
        self.desk.close()

    def decided(self) -> str:
        body = {"township": "taicheng", "matter": "SC-CF-003", "party": "张三", "summary": "未明码标价",
                "party_id_number": "11010519491231002X", "party_address": "台城镇东街 1 号"}  # fmt: skip
        opened = self.desk.api(OFFICER, "POST", "/api/cases", json=body)
        assert opened.status_code == 201, opened.text
        case = opened.json()["case_id"]
        dispatch = {"officers": [OFFICER, PEOPLE["officer2"]]}
        assert self.desk.api(LEADER, "POST", f"/api/cases/{case}/dispatch", json=dispatch).status_code == 200
        steps = [(OFFICER, "record-evidence", {"kind": "书证", "text": "照片"}),
                 (OFFICER, "notify-penalty", {"basis": BASIS, "circumstance": "一般", "sanctions": [{"kind": "fine", "amount": 500}]}),
                 (OFFICER, "waive-defence", {}),
                 (LEADER, "decide-penalty", {"basis": BASIS, "sanctions": [{"kind": "fine", "amount": 500}]})]  # fmt: skip
        for who, act, body in steps:
            response = self.desk.api(who, "POST", f"/api/cases/{case}/{act}", json=body)
            assert response.status_code == 200, response.text
        return case

    def post(self, client: Any, case: str, act: str, **data: str) -> Any:
        csrf = csrf_of(client.get(f"/cases/{case}").text)
        return client.post(f"/cases/{case}/paper/{act}", data={"csrf": csrf, **data})

    def test_issue_serve_pay_publish_from_the_console(self) -> None:
        case = self.decided()
        officer = self.desk.login(OFFICER)
        page = officer.get(f"/cases/{case}").text
        assert 'data-act="issue"' in page and 'value="decision"' in page
        assert 'data-act="publish"' not in page  # no decision document yet
        assert self.post(officer, case, "issue", kind="decision", form_id="d1").status_code == 303
        page = officer.get(f"/cases/{case}").text
        number = page.split('name="document"><option value="')[1].split('"')[0]
        pdf = officer.get(f"/cases/{case}/document.pdf", params={"number": number})
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert "attachment" in pdf.headers["content-disposition"]
        csrf = csrf_of(officer.get(f"/cases/{case}").text)
        proof = b"%PDF-1.4 signed receipt"
        data = {"csrf": csrf, "document": number, "method": "直接送达", "form_id": "s1"}
        files = {"upload": ("回证.pdf", proof, "application/pdf")}
        served = officer.post(f"/cases/{case}/paper/serve", data=data, files=files)
        assert served.status_code == 303, served.text
        digest = hashlib.sha256(proof).hexdigest()
        assert f"/cases/{case}/evidence/{digest}" in officer.get(f"/cases/{case}").text
        got = officer.get(f"/cases/{case}/evidence/{digest}")
        assert got.content == proof and got.headers["content-type"] == "application/pdf"
        assert "filename*=UTF-8''%E5%9B%9E%E8%AF%81.pdf" in got.headers["content-disposition"]
        served_event = self.store.read_stream(f"execution-{case}")[-1]
        assert served_event.data["proof_name"] == "回证.pdf"  # a display name, never a path
        paid = self.post(officer, case, "pay", amount="500", receipt="B-1", form_id="p1")
        assert paid.status_code == 303, paid.text
        again = self.post(officer, case, "pay", amount="500", receipt="B-1", form_id="p1")
        assert again.status_code == 303  # a double submit: the first result, nothing twice
        second = self.post(officer, case, "pay", amount="500", receipt="B-1", form_id="p2")
        assert second.status_code == 422  # a new payment: nothing is owed any more, refused
        assert self.post(officer, case, "publish", form_id="u1").status_code == 303
        page = officer.get(f"/cases/{case}").text
        assert "已缴" in page and "500.00 元" in page and "公示" in page and "直接送达" in page
        execution = self.store.read_stream(f"execution-{case}")
        assert [r.type for r in execution] == ["DocumentServed", "PaymentRecorded"]
        assert {(r.metadata["channel"], r.metadata["account"]) for r in execution} == {("web", OFFICER)}

    def test_a_refused_paper_act_says_the_rule_and_appends_nothing(self) -> None:
        case = self.desk.dispatched()
        officer = self.desk.login(OFFICER)
        head = self.store.head()
        refused = self.post(officer, case, "issue", kind="decision", form_id="x1")
        assert refused.status_code == 422 and "本案尚无可据以制作" in refused.text
        assert self.post(officer, case, "pay", amount="abc", receipt="r").status_code == 400
        assert self.post(officer, case, "nonsense").status_code == 400
        assert self.store.head() == head

    def test_papers_are_for_the_team_and_supervisors_only(self) -> None:
        case = self.decided()
        officer = self.desk.login(OFFICER)
        self.post(officer, case, "issue", kind="decision", form_id="d1")
        number = officer.get(f"/cases/{case}").text.split('name="document"><option value="')[1]
        number = number.split('"')[0]
        other = self.desk.login(OTHER)
        assert other.get(f"/cases/{case}/document.pdf", params={"number": number}).status_code == 403
        supervisor = self.desk.login(SUPERVISOR)
        assert supervisor.get(f"/cases/{case}/document.pdf", params={"number": number}).status_code == 200
        assert 'data-act="issue"' not in supervisor.get(f"/cases/{case}").text
        refused = self.post(supervisor, case, "issue", kind="notice", form_id="n1")
        assert refused.status_code == 403
        missing = officer.get(f"/cases/{case}/document.pdf", params={"number": "台城镇综执罚决字〔2026〕第99号"})
        assert missing.status_code in (404, 422)

    def test_evidence_is_downloaded_by_its_recorded_sha256_only(self) -> None:
        case = self.desk.dispatched()
        officer = self.desk.login(OFFICER)
        csrf = csrf_of(officer.get(f"/cases/{case}").text)
        content = b"%PDF-1.4 scene"
        digest = hashlib.sha256(content).hexdigest()
        files = {"upload": ("现场.pdf", content, "application/pdf")}
        data = {"csrf": csrf, "kind": "现场照片", "text": "见附件"}
        officer.post(f"/cases/{case}/acts/record-evidence", data=data, files=files)
        assert f"/cases/{case}/evidence/{digest}" in officer.get(f"/cases/{case}").text
        got = officer.get(f"/cases/{case}/evidence/{digest}")
        assert got.status_code == 200 and got.content == content
        assert got.headers["content-type"] == "application/pdf"
        (self.evidence / "ab").mkdir(parents=True, exist_ok=True)
        (self.evidence / "ab" / ("ab" * 32)).write_bytes(b"not of this case")
        assert officer.get(f"/cases/{case}/evidence/{'ab' * 32}").status_code == 404
        assert officer.get(f"/cases/{case}/evidence/..%2F..%2Fetc%2Fpasswd").status_code == 404
        assert self.desk.login(OTHER).get(f"/cases/{case}/evidence/{digest}").status_code == 403

    def test_the_review_bundle_as_casework_export_allows_it(self) -> None:
        """One rule with `casework export`: the case's township team or a county supervisor
        download it (and are offered the link); another township's officer is neither."""
        case = self.desk.dispatched()
        for who in (SUPERVISOR, LEADER):
            client = self.desk.login(who)
            assert "/export.zip" in client.get(f"/cases/{case}").text
            got = client.get(f"/cases/{case}/export.zip")
            assert got.status_code == 200 and got.headers["content-type"] == "application/zip"
            names = zipfile.ZipFile(io.BytesIO(got.content)).namelist()
            assert "events.jsonl" in names and "chain.json" in names
        other = self.desk.login(OTHER)
        assert "/export.zip" not in other.get(f"/cases/{case}").text
        assert other.get(f"/cases/{case}/export.zip").status_code == 403

    def test_a_failed_service_is_recorded_and_the_document_stays_unserved(self) -> None:
        case = self.decided()
        officer = self.desk.login(OFFICER)
        self.post(officer, case, "issue", kind="decision", form_id="d1")
        number = officer.get(f"/cases/{case}").text.split('name="document"><option value="')[1]
        number = number.split('"')[0]
        failed = self.post(officer, case, "serve", document=number, method="直接送达",
                           failed="当事人拒绝签收且无见证人", form_id="f1")  # fmt: skip
        assert failed.status_code == 303, failed.text
        records = self.store.read_stream(f"execution-{case}")
        assert [r.type for r in records] == ["ServiceFailed"]
        assert records[-1].data["reason"] == "当事人拒绝签收且无见证人"
        page = officer.get(f"/cases/{case}").text
        assert 'data-act="serve"' in page and "未送达" in page
        refused = self.post(officer, case, "withdraw-publication", reason="x", form_id="w1")
        assert refused.status_code == 422 and len(self.store.read_stream(f"execution-{case}")) == 1

"""The API routes beyond case acts, on SQLite and PostgreSQL (`test_api_more_*.py`): leads
and applications, accountability, the county's records, sealing and checkpoints, the
review bundle; `If-Match` on case acts. Each: what the CLI's command does, who may not
(403), bad input (400), and a retried `Idempotency-Key` recording nothing twice."""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.desk import PEOPLE, WebDesk, key

OFFICER, LEADER, SUPERVISOR, ADMIN = PEOPLE["officer"], PEOPLE["leader"], PEOPLE["supervisor"], PEOPLE["admin"]  # fmt: skip
OTHER = PEOPLE["other"]


class ApiMoreContract:
    url: str
    store: object

    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")  # type: ignore[arg-type]
        yield
        self.desk.close()

    def version(self, case: str) -> int:
        return self.desk.store.stream_version(f"case-{case}")  # type: ignore[attr-defined,no-any-return]

    # --- If-Match on case acts ----------------------------------------------------------
    def test_if_match_carries_the_case_version(self) -> None:
        case = self.desk.open_case()
        body = {"officers": [OFFICER, PEOPLE["officer2"]]}
        path = f"/api/cases/{case}/dispatch"
        stale = self.desk.api(LEADER, "POST", path, json=body, headers={"If-Match": '"0"'})
        assert stale.status_code == 409
        assert stale.json()["current_version"] == 1
        assert [c["type"] for c in stale.json()["changes"]] == ["CaseOpened"]
        bad = self.desk.api(LEADER, "POST", path, json=body, headers={"If-Match": "abc"})
        assert bad.status_code == 400 and "If-Match" in bad.json()["en"]
        both = self.desk.api(LEADER, "POST", path, json={**body, "expected_version": 1},
                             headers={"If-Match": "2"})  # fmt: skip
        assert both.status_code == 400
        assert self.version(case) == 1  # none of those appended
        ok = self.desk.api(LEADER, "POST", path, json=body, headers={"If-Match": '"1"'})
        assert ok.status_code == 200 and ok.json()["version"] == 2

    # --- 线索 leads -----------------------------------------------------------------------
    def test_a_lead_registered_then_accepted_opens_a_case(self) -> None:
        body = {"township": "taicheng", "channel": "群众举报", "summary": "夜间施工扰民",
                "reporter": "王五", "reporter_contact": "13800138000"}  # fmt: skip
        headers = key()
        lead = self.desk.api(OFFICER, "POST", "/api/leads", json=body, headers=headers)
        assert lead.status_code == 201, lead.text
        ref = lead.json()["source_id"]
        assert "王五" not in lead.text and "13800138000" not in lead.text  # an officer: masked
        again = self.desk.api(OFFICER, "POST", "/api/leads", json=body, headers=headers)
        assert again.json()["source_id"] == ref  # the retry registered nothing new
        shown = self.desk.api(LEADER, "GET", f"/api/leads/{ref}").json()
        assert shown["reporter"] == "王五"  # the township's leadership sees who reported
        assert self.desk.api(OFFICER, "GET", f"/api/leads/{ref}").json()["reporter"] != "王五"
        assert self.desk.api(OTHER, "GET", f"/api/leads/{ref}").status_code == 403
        opening = {"matter": "SC-CF-001", "party": "某建筑公司", "summary": "夜间施工"}
        refused = self.desk.api(OFFICER, "POST", f"/api/leads/{ref}/acceptance",
                                json={"case": opening}, headers=key())  # fmt: skip
        assert refused.status_code == 422 and refused.json()["rule"] == "source-by-leader"
        accepted = self.desk.api(LEADER, "POST", f"/api/leads/{ref}/acceptance",
                                 json={"case": opening}, headers=key())  # fmt: skip
        assert accepted.status_code == 201, accepted.text
        case = accepted.json()["case_id"]
        records = self.desk.store.read_stream(f"case-{case}")  # type: ignore[attr-defined]
        assert records[0].type == "CaseOpened"
        assert records[0].metadata["channel"] == "api" and records[0].metadata["account"] == LEADER
        assert self.desk.api(LEADER, "GET", f"/api/leads/{ref}").json()["case_id"] == case

    def test_a_lead_with_a_bad_channel_is_refused_and_appends_nothing(self) -> None:
        body = {"township": "taicheng", "channel": "听说", "summary": "x"}
        response = self.desk.api(OFFICER, "POST", "/api/leads", json=body)
        assert response.status_code in (400, 422), response.text
        assert response.json()["zh"] and response.json()["en"]
        extra = self.desk.api(OFFICER, "POST", "/api/leads", json={**body, "surprise": 1})
        assert extra.status_code == 400
        recorded = self.desk.store.read_all(after=0, limit=10_000)  # type: ignore[attr-defined]
        assert not [r for r in recorded if r.stream_id.startswith("source")]

    # --- 许可申请 applications ------------------------------------------------------------
    def test_an_application_received_corrected_resubmitted_and_accepted(self) -> None:
        body = {"township": "taicheng", "matter": "CG-XK-001", "applicant": "李四",
                "summary": "临时占道堆放建材"}  # fmt: skip
        received = self.desk.api(OFFICER, "POST", "/api/applications", json=body, headers=key())
        assert received.status_code == 201, received.text
        ref = received.json()["application_id"]
        path = f"/api/applications/{ref}"
        empty = self.desk.api(OFFICER, "POST", f"{path}/correction", json={"materials": []})
        assert empty.status_code == 400
        corrected = self.desk.api(OFFICER, "POST", f"{path}/correction",
                                  json={"materials": ["占道平面图"]}, headers=key())  # fmt: skip
        assert corrected.status_code == 200, corrected.text
        assert self.desk.api(OFFICER, "GET", path).json()["missing"] == ["占道平面图"]
        assert self.desk.api(OFFICER, "POST", f"{path}/resubmission", json={}).status_code == 200
        accepted = self.desk.api(OFFICER, "POST", f"{path}/acceptance", json={}, headers=key())
        assert accepted.status_code == 201, accepted.text
        view = self.desk.api(SUPERVISOR, "GET", path).json()
        assert view["case_id"] == accepted.json()["case_id"]
        assert self.desk.api(OTHER, "GET", path).status_code == 403

    # --- accountability -----------------------------------------------------------------
    def test_an_inspection_planned_and_listed(self) -> None:
        body = {"township": "taicheng", "scope": ["case_files"], "planned_for": "2099-01-05",
                "inspectors": [SUPERVISOR]}  # fmt: skip
        assert self.desk.api(OFFICER, "POST", "/api/inspections", json=body).status_code == 403
        headers = key()
        planned = self.desk.api(SUPERVISOR, "POST", "/api/inspections", json=body, headers=headers)
        assert planned.status_code == 201, planned.text
        retried = self.desk.api(SUPERVISOR, "POST", "/api/inspections", json=body, headers=headers)
        assert retried.json()["duplicate"] and retried.json()["ref"] == planned.json()["ref"]
        listed = self.desk.api(SUPERVISOR, "GET", "/api/inspections").json()
        assert [r for r in listed if planned.json()["ref"] in str(r)]
        bad = self.desk.api(SUPERVISOR, "POST", "/api/inspections", json={**body, "scope": ["x"]})
        assert bad.status_code == 400

    def test_an_inquiry_opened_shown_and_listed_for_those_who_may_see_it(self) -> None:
        body = {"ground": "不担当", "details": "接到举报后三日未出警", "officer": OFFICER}
        refused = self.desk.api(PEOPLE["officer2"], "POST", "/api/inquiries", json=body)
        assert refused.status_code == 403
        opened = self.desk.api(SUPERVISOR, "POST", "/api/inquiries", json=body, headers=key())
        assert opened.status_code == 201, opened.text
        ref = opened.json()["ref"]
        shown = self.desk.api(SUPERVISOR, "GET", f"/api/inquiries/{ref}").json()
        assert shown["officer_id"] == OFFICER and shown["ground"] == "不担当"
        assert self.desk.api(PEOPLE["officer2"], "GET", f"/api/inquiries/{ref}").status_code == 403
        mine = self.desk.api(OFFICER, "GET", "/api/inquiries").json()
        assert [r for r in mine if ref in str(r)]
        assert not [r for r in self.desk.api(OTHER, "GET", "/api/inquiries").json() if ref in str(r)]
        stated = self.desk.api(OFFICER, "POST", f"/api/inquiries/{ref}/statement",
                               json={"statement": "当日在外执勤"}, headers=key())  # fmt: skip
        assert stated.status_code == 200, stated.text
        record = self.desk.store.read_stream(stated.json()["stream"])[-1]  # type: ignore[attr-defined]
        assert record.metadata["channel"] == "api" and record.metadata["account"] == OFFICER

    def test_the_assessment_is_for_leaders_and_supervisors(self) -> None:
        assert self.desk.api(OFFICER, "GET", "/api/assessment/2026").status_code == 403
        mine = self.desk.api(LEADER, "GET", "/api/assessment/2026")
        assert mine.status_code == 200, mine.text
        assert {o["township"] for o in mine.json()["officers"]} <= {"taicheng"}
        every = self.desk.api(SUPERVISOR, "GET", "/api/assessment/2026").json()
        assert len(every["officers"]) > len(mine.json()["officers"])
        not_over = self.desk.api(SUPERVISOR, "POST", "/api/assessment/2999/issue", headers=key())
        assert not_over.status_code == 422 and not_over.json()["rule"]
        reward = self.desk.api(OFFICER, "POST", "/api/rewards", json={"officer": OFFICER, "year": 2026})
        assert reward.status_code in (403, 404, 422), reward.text  # not issued yet, not an admin
        assert isinstance(self.desk.api(SUPERVISOR, "GET", "/api/assessment-policy").json(), list)
        assert self.desk.api(SUPERVISOR, "GET", "/api/failed-assessments").json() == []  # none issued
        for person in (LEADER, OFFICER, ADMIN):  # the notices are to the county's supervisors
            assert self.desk.api(person, "GET", "/api/failed-assessments").status_code == 403, person
        shown = self.desk.api(LEADER, "GET", f"/api/duty/{OFFICER}/2026").json()
        assert shown["officer_id"] == OFFICER and shown["votes"] == 0
        assert self.desk.api(OTHER, "GET", f"/api/duty/{OFFICER}/2026").status_code == 403
        assert self.desk.api(PEOPLE["officer2"], "GET", f"/api/duty/{OFFICER}/2026").status_code == 403  # not named
        assert self.desk.api(OFFICER, "GET", f"/api/duty/{OFFICER}/2026").json()["text"] == ""  # own, none yet

    def test_a_duty_report_file_is_kept_by_hash_and_named_to_its_readers(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`POST /api/duty/reports/file`: a team member only (checked before the file is kept),
        once; the report's readers see its name and SHA-256 (`duty show`)."""
        import hashlib

        monkeypatch.setenv("CASEWORK_NOW", "2026-12-05T10:00:00")
        content = "述职报告全文".encode()
        upload = {"upload": ("述职报告.docx", content, "application/octet-stream")}
        kept = tmp_path / "evidence"
        refused = self.desk.api(ADMIN, "POST", "/api/duty/reports/file", data={"year": "2026"}, files=upload)
        assert refused.status_code == 403 and not kept.exists()
        done = self.desk.api(OFFICER, "POST", "/api/duty/reports/file", data={"year": "2026", "text": "见附件"},
                             files=upload, headers=key())  # fmt: skip
        assert done.status_code == 201, done.text
        digest = hashlib.sha256(content).hexdigest()
        assert (kept / digest[:2] / digest).read_bytes() == content
        again = self.desk.api(OFFICER, "POST", "/api/duty/reports/file", data={"year": "2026"}, files=upload)
        assert again.status_code == 422 and again.json()["rule"] == "duty-once"
        shown = self.desk.api(LEADER, "GET", f"/api/duty/{OFFICER}/2026").json()
        assert (shown["file_name"], shown["file_sha256"], shown["text"]) == ("述职报告.docx", digest, "见附件")
        assert self.desk.api(PEOPLE["officer2"], "GET", f"/api/duty/{OFFICER}/2026").status_code == 403

    # --- the county's records -----------------------------------------------------------
    def test_officers_and_catalogue_listed(self) -> None:
        mine = self.desk.api(OFFICER, "GET", "/api/officers").json()
        assert mine and {r["township"] for r in mine} == {"taicheng"}
        every = self.desk.api(SUPERVISOR, "GET", "/api/officers").json()
        assert len({r["township"] for r in every}) > 1
        items = self.desk.api(OFFICER, "GET", "/api/catalogue").json()
        assert any(i["code"] == "SC-CF-001" for i in items["items"])
        licensing = self.desk.api(OFFICER, "GET", "/api/catalogue?kind=licensing").json()
        assert licensing["items"] and all(i["kind"] == "licensing" for i in licensing["items"])
        assert self.desk.api(OFFICER, "GET", "/api/catalogue?on=1999-01-01").status_code == 404

    def test_the_calendar_shown_and_loaded_by_an_administrator(self) -> None:
        shown = self.desk.api(OFFICER, "GET", "/api/calendar/2026")
        assert shown.status_code == 200 and "holidays_on_weekdays" in shown.json()
        toml = 'year = 2031\nsource = "国务院办公厅通知（测试）"\nholidays = ["2031-01-01"]\n'
        assert self.desk.api(LEADER, "POST", "/api/calendar", json={"toml": toml}).status_code == 403
        bad = self.desk.api(ADMIN, "POST", "/api/calendar", json={"toml": "year = 'x'"})
        assert bad.status_code == 400 and bad.json()["zh"]
        loaded = self.desk.api(ADMIN, "POST", "/api/calendar", json={"toml": toml}, headers=key())
        assert loaded.status_code == 201, loaded.text
        assert loaded.json()["year"] == 2031 and not loaded.json()["duplicate"]
        again = self.desk.api(ADMIN, "POST", "/api/calendar", json={"toml": toml}, headers=key())
        assert again.json()["duplicate"]
        assert "2031-01-01" in self.desk.api(OFFICER, "GET", "/api/calendar/2031").json()["holidays_on_weekdays"]

    # --- integrity ----------------------------------------------------------------------
    def test_sealing_and_checkpoints_are_for_the_county(self) -> None:
        self.desk.open_case()
        assert self.desk.api(LEADER, "POST", "/api/seals", json={}).status_code == 403
        assert self.desk.api(LEADER, "POST", "/api/checkpoints").status_code == 403
        assert self.desk.api(SUPERVISOR, "POST", "/api/seals", json={"month": "2026-13"}).status_code == 400
        month = {"month": "2000-01"}
        first = self.desk.api(SUPERVISOR, "POST", "/api/seals", json=month, headers=key())
        assert first.status_code == 201, first.text
        second = self.desk.api(SUPERVISOR, "POST", "/api/seals", json=month, headers=key())
        assert first.json()["sealed_now"] and not second.json()["sealed_now"]
        assert second.json()["root"] == first.json()["root"]
        admin = self.desk.api(ADMIN, "POST", "/api/seals", json={"month": "2000-02"}, headers=key())
        assert admin.status_code == 403 and "县级监督人员" in admin.json()["zh"]  # as the CLI
        assert self.desk.store.read_stream("seal-2000-02") == []
        point = self.desk.api(ADMIN, "POST", "/api/checkpoints", headers=key())
        assert point.status_code == 201, point.text
        assert "recorded" in point.json()
        sealed = self.desk.store.read_stream(f"seal-{month['month']}")
        assert [(e.metadata["actor"], e.metadata["channel"]) for e in sealed] == [(SUPERVISOR, "api")]

    def test_the_review_bundle_is_for_the_cases_team_and_supervisors(self) -> None:
        """The rule of `casework export` (reports.export.authorise_export): the case's
        township team or a county supervisor; another township's officer, an administrator: 403."""
        case = self.desk.dispatched()
        for refused in (OTHER, ADMIN):
            got = self.desk.api(refused, "GET", f"/api/cases/{case}/bundle.zip")
            assert got.status_code == 403 and "当事人身份证件号码" in got.json()["zh"]
        for allowed in (SUPERVISOR, LEADER, OFFICER):
            bundle = self.desk.api(allowed, "GET", f"/api/cases/{case}/bundle.zip")
            assert bundle.status_code == 200 and bundle.headers["content-type"] == "application/zip"
            names = zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()
            assert "events.jsonl" in names and "chain.json" in names, names
        missing = self.desk.api(SUPERVISOR, "GET", f"/api/cases/{uuid.uuid4().hex}/bundle.zip")
        assert missing.status_code in (400, 404)

    # --- 当场处罚, 备案, 指定职责, 送达回证 -------------------------------------------------------
    def test_on_the_spot_then_filed_and_its_receipt_form(self) -> None:
        body = {"township": "taicheng", "matter": "SC-CF-001", "party": "李四",
                "facts": "在东街人行道上摆摊销售水果", "statement": "承认", "place": "台城镇东街",
                "sanctions": [{"kind": "fine", "amount": 50}]}  # fmt: skip
        unnamed = self.desk.api(OFFICER, "POST", "/api/on-the-spot", json=body, headers=key())
        assert unnamed.status_code == 422 and "第三十四条" in unnamed.json()["statute"]  # 裁量基准
        body["circumstance"] = "轻微"
        headers = key()
        spot = self.desk.api(OFFICER, "POST", "/api/on-the-spot", json=body, headers=headers)
        assert spot.status_code == 201, spot.text
        case, number = spot.json()["case_id"], spot.json()["document"]["number"]
        assert spot.json()["filing_due"]
        again = self.desk.api(OFFICER, "POST", "/api/on-the-spot", json=body, headers=headers)
        assert again.status_code == 201, again.text
        assert again.json()["case_id"] == case and again.json()["document"]["number"] == number
        receipt = self.desk.api(OFFICER, "GET", f"/api/cases/{case}/receipt.pdf", params={"number": number})
        assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
        assert self.desk.api(OTHER, "GET", f"/api/cases/{case}/receipt.pdf",
                             params={"number": number}).status_code == 403  # fmt: skip
        filed = self.desk.api(OFFICER, "POST", f"/api/cases/{case}/filing", json={}, headers=key())
        assert filed.status_code == 201, filed.text
        assert filed.json()["event"] == "SpotDecisionFiled"
        bad = self.desk.api(OFFICER, "POST", "/api/on-the-spot", json={**body, "sanctions": "x"})
        assert bad.status_code == 400

    def test_a_duty_is_designated_by_the_team_leader(self) -> None:
        body = {"township": "taicheng", "person": PEOPLE["deputy"], "duty": "decider"}
        refused = self.desk.api(OFFICER, "POST", "/api/duties", json=body)
        assert refused.status_code in (403, 422), refused.text
        assert self.desk.api(LEADER, "POST", "/api/duties", json={**body, "duty": "boss"}).status_code == 400
        done = self.desk.api(LEADER, "POST", "/api/duties", json=body, headers=key())
        assert done.status_code == 201, done.text
        assert done.json()["person"] == PEOPLE["deputy"] and done.json()["granted"]

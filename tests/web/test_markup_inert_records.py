"""Markup typed into the remaining free-text records is shown as text (issue 11 §2: output
escaping everywhere), each on the page that shows it: hearing notes and a collective
discussion's conclusion on the case page; an inspection's findings and requirement, a
rectification report, an inquiry's details, statement (陈述申辩) and opinion on the
accountability pages; a duty report (述职) on the duty page. Written through the console's
forms and the API, as the people who may write them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PASSWORD, PEOPLE, WebDesk
from workflow.cases import commands as cmd

EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'>'
RAW = ("<script>alert(1)", "<img src=x")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
OFFICER, LEADER, DEPUTY = PEOPLE["officer"], PEOPLE["leader"], PEOPLE["deputy"]
SUPERVISOR = PEOPLE["supervisor"]
WHERE = re.compile(r"/accountability/(?:inspections|inquiries)/[a-z0-9-]+")


class TestMarkupInertRecords(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
        monkeypatch.setenv("CASEWORK_NOW", "2026-12-05T02:00:00")
        self.monkeypatch = monkeypatch
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        self.as_ = self.desk.as_
        yield
        self.desk.close()

    def post(self, person: str, path: str, data: dict[str, Any]) -> str:
        """A console form, as the person; the page it leads to."""
        response = self.desk.form(person, path, data)
        assert response.status_code == 303, (path, response.status_code, response.text[:300])
        return str(response.headers["location"])

    def inert(self, person: str, path: str, times: int = 1) -> None:
        """The page shows the markup as text (`times` times at least), never as markup."""
        page = self.as_(person).get(path)
        assert page.status_code == 200, (path, page.status_code)
        assert not any(raw in page.text for raw in RAW), path
        assert page.text.count(ESCAPED) >= times, (path, page.text.count(ESCAPED))

    def act(self, person: str, case: str, act: str, body: dict[str, Any]) -> None:
        response = self.desk.api(person, "POST", f"/api/cases/{case}/{act}", json=body)
        assert response.status_code == 200, (act, response.text)

    def test_hearing_notes_and_a_discussions_conclusion_are_inert(self) -> None:
        case = self.desk.dispatched()
        notice = {"basis": "《价格法》第四十二条", "circumstance": "严重",
                  "sanctions": [{"kind": "fine", "amount": 60000}]}  # fmt: skip
        self.act(OFFICER, case, "record-evidence", {"kind": "书证", "text": "照片"})
        self.act(OFFICER, case, "notify-penalty", notice)
        self.act(OFFICER, case, "request-hearing", {})
        self.act(LEADER, case, "schedule-hearing", {"on": "2026-12-20", "place": "会议室", "chair": DEPUTY})
        self.monkeypatch.setenv("CASEWORK_NOW", "2026-12-20T02:00:00")
        self.act(DEPUTY, case, "hold-hearing", {"notes": EVIL, "record_file": "听证笔录.pdf",
                                                "record_sha256": "ab" * 32})  # fmt: skip
        self.inert(OFFICER, f"/cases/{case}")
        reviewer = self.desk.ctx.accounts  # tc-003, the township's designated legal reviewer
        reviewer.change_password("tc-003", reviewer.create("tc-003", by="ad-001", channel="cli"),
                                 PASSWORD, channel="cli")  # fmt: skip
        self.desk.ctx.cases("cli", LEADER).designate(cmd.DesignateDuty(
            actor=LEADER, township="taicheng", person="tc-003", duty="legal_reviewer"))  # fmt: skip
        self.act("tc-003", case, "record-legal-review", {"result": "passed", "opinion": "同意"})
        self.act(LEADER, case, "hold-discussion", {"participants": [LEADER, DEPUTY, "tc-003"],
                                                   "conclusion": EVIL, "result": "penalty"})  # fmt: skip
        self.inert(LEADER, f"/cases/{case}", times=2)
        self.inert(SUPERVISOR, f"/audit?case={case}", times=0)  # the audit lists events, not texts

    def test_an_inspections_findings_and_report_are_inert(self) -> None:
        plan = {"township": "taicheng", "planned_for": "2026-12-05", "scope": ["case_files", "on_site"]}
        base = self.post(SUPERVISOR, "/accountability/inspections", plan)
        self.post(SUPERVISOR, f"{base}/record", {
            "finding_scope": "on_site", "finding_text": EVIL, "finding_officers": OFFICER,
            "finding_cases": "", "rectify_by": "2026-12-20", "requirement": EVIL})  # fmt: skip
        self.post(LEADER, f"{base}/report", {"report": EVIL})
        self.inert(LEADER, base, times=3)
        self.inert(SUPERVISOR, base, times=3)

    def test_an_inquirys_details_statement_and_opinion_are_inert(self) -> None:
        data = {"officer": OFFICER, "ground": "不作为", "details": EVIL}
        base = self.post(SUPERVISOR, "/accountability/inquiries", data)
        self.post(OFFICER, f"{base}/statement", {"statement": EVIL})
        self.inert(OFFICER, base, times=2)
        self.inert(SUPERVISOR, base, times=2)
        ref = base.rsplit("/", 1)[1]
        opinion = self.desk.api(LEADER, "POST", f"/api/inquiries/{ref}/opinion",
                                json={"opinion": EVIL})  # fmt: skip
        assert opinion.status_code == 200, opinion.text  # the township's opinion
        self.inert(SUPERVISOR, base, times=3)
        self.inert(OFFICER, f"/accountability/record/{OFFICER}", times=0)

    def test_a_duty_report_is_inert(self) -> None:
        self.post(OFFICER, "/accountability/duty/report", {"year": "2026", "text": EVIL})
        naming = {"year": "2026", "township": "taicheng", "evaluator": [LEADER, DEPUTY, PEOPLE["officer2"]],
                  "representatives": EVIL}  # fmt: skip
        self.post(LEADER, "/accountability/duty/evaluators", naming)
        self.inert(LEADER, "/accountability/duty?year=2026", times=2)
        self.inert(OFFICER, "/accountability/duty?year=2026")

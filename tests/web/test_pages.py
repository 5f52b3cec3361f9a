"""The console's pages through the ASGI client on a real SQLite store: each role's pages,
a stale form (409 with what changed), a double submit, evidence upload, tokens, timeouts."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PEOPLE, WebDesk, csrf_of

OFFICER, LEADER, SUPERVISOR = PEOPLE["officer"], PEOPLE["leader"], PEOPLE["supervisor"]
PAGES = {
    "officer": ["/my", "/cases/new", "/tokens"],
    "leader": ["/team", "/queue", "/cases/new", "/circulars"],
    "supervisor": ["/county", "/queue", "/audit", "/verify?run=1", "/status", "/circulars"],
    "admin": ["/accounts", "/tokens"],
}


class TestConsolePages(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.evidence = tmp_path / "evidence"
        self.desk = WebDesk(self.store, self.url, self.evidence)
        yield
        self.desk.close()

    def test_each_role_reaches_its_pages_and_not_the_supervisors(self) -> None:
        case = self.desk.dispatched()
        for role, paths in PAGES.items():
            client = self.desk.login(PEOPLE[role])
            for path in paths:
                assert client.get(path).status_code == 200, (role, path)
            home = client.get("/")
            assert home.status_code == 303 and home.headers["location"] in paths
        officer = self.desk.login(OFFICER)
        assert officer.get("/county").status_code == 403
        assert officer.get("/audit").status_code == 403
        supervisor = self.desk.login(SUPERVISOR)
        audit = supervisor.get("/audit", params={"case": case}).text
        assert "指派办案人员" in audit and "CaseDispatched" in audit and "接口 / tc-001" in audit
        assert 'data-label="业务时间"' in audit  # a phone shows each cell with its name
        assert self.desk.client().get("/my").headers["location"] == "/login"

    def test_the_deadline_board_marks_a_case_whose_limitation_was_not_checked(self) -> None:
        """Art. 36: a case opened without its violation date is marked on the board."""
        body = {"township": "taicheng", "matter": "SC-CF-001", "party": "李四", "summary": "s"}
        unknown = self.desk.api(OFFICER, "POST", "/api/cases",
                                json={**body, "violation_unknown": "举报人记不清日期"})  # fmt: skip
        dated = self.desk.api(OFFICER, "POST", "/api/cases",
                              json={**body, "violation_date": "2026-05-20"})  # fmt: skip
        assert unknown.status_code == dated.status_code == 201
        for person in (LEADER, SUPERVISOR):
            board = self.desk.login(person).get("/deadlines").text
            assert "追责时效未核对（《行政处罚法》第三十六条）：1 件" in board
            row = board.split(f'href="/cases/{unknown.json()["case_id"]}"')[1].split("</tr>")[0]
            assert "时效未核对" in row and "举报人记不清日期" in row
            other = board.split(f'href="/cases/{dated.json()["case_id"]}"')[1].split("</tr>")[0]
            assert "时效未核对" not in other

    def test_the_case_page_offers_only_the_acts_open_to_the_visitor(self) -> None:
        case = self.desk.open_case()
        leader = self.desk.login(LEADER).get(f"/cases/{case}").text
        officer = self.desk.login(OFFICER).get(f"/cases/{case}").text
        assert 'data-act="dispatch"' in leader
        assert 'data-act="dispatch"' not in officer and "data-act=" not in officer
        form = leader.split('data-act="dispatch"')[1].split("</form>")[0]
        assert form.index('name="officers"') < form.index('name="late_reason"')  # 补录原因 last

    def test_the_evidence_form_offers_the_statutory_kinds(self) -> None:
        case = self.desk.dispatched()
        page = self.desk.login(OFFICER).get(f"/cases/{case}").text
        form = page.split('data-act="record-evidence"')[1].split("</form>")[0]
        assert "第四十六条" in form and '<select name="kind">' in form
        kinds = ["书证", "物证", "视听资料", "电子数据", "证人证言", "当事人的陈述", "鉴定意见", "勘验笔录", "现场笔录"]
        assert [k for k in kinds if f'<option value="{k}">' in form] == kinds
        assert form.count("<option") == len(kinds)

    def test_the_timeline_and_the_team_board_speak_chinese(self) -> None:
        """People read 立案 and 指派办案人员, not CaseOpened; the channel as 接口; the
        team's 7+9+N gaps without the CLI's English half."""
        case = self.desk.dispatched()
        page = self.desk.login(OFFICER).get(f"/cases/{case}").text
        timeline = page.split("办案记录（时间线）")[1]
        assert "v1 立案</strong>" in timeline and "v2 指派办案人员</strong>" in timeline
        assert "渠道 接口" in timeline and "渠道 api" not in timeline
        waiting = page.split("本阶段可办理：")[1].split("</p>")[0]
        assert "调查取证" in waiting and "许可" not in waiting  # a penalty case: no 准予许可
        assert "<details class=\"data\"><summary>记录内容</summary>" in timeline
        team = self.desk.login(LEADER).get("/team").text
        gaps = team.split("不合规</strong>：")[1].split("</p>")[0]
        assert "执法人员均无有效执法证件" in gaps
        assert not any(word in gaps for word in ("seconded", "uncertified", "certified", "deputies"))

    def test_a_stale_form_is_409_and_says_what_changed(self) -> None:
        case = self.desk.dispatched()
        client = self.desk.login(OFFICER)
        csrf = csrf_of(client.get(f"/cases/{case}").text)
        data = {
            "csrf": csrf,
            "kind": "书证",
            "text": "照片",
            "expected_version": "1",
            "form_id": "f1",
        }
        response = client.post(f"/cases/{case}/acts/record-evidence", data=data)
        assert response.status_code == 409
        assert "CaseDispatched" in response.text and "请刷新" in response.text
        assert self.store.stream_version(f"case-{case}") == 2

    def test_submitting_the_same_form_twice_records_once(self) -> None:
        case = self.desk.dispatched()
        client = self.desk.login(OFFICER)
        csrf = csrf_of(client.get(f"/cases/{case}").text)
        data = {"csrf": csrf, "kind": "书证", "text": "照片", "form_id": "same-form"}
        for _ in range(2):
            assert client.post(f"/cases/{case}/acts/record-evidence", data=data).status_code == 303
        assert self.store.stream_version(f"case-{case}") == 3

    def test_evidence_upload_is_kept_by_its_sha256(self) -> None:
        case = self.desk.dispatched()
        client = self.desk.login(OFFICER)
        csrf = csrf_of(client.get(f"/cases/{case}").text)
        content = b"%PDF-1.4 scene photo record"
        digest = hashlib.sha256(content).hexdigest()
        data = {"csrf": csrf, "kind": "现场照片", "text": "见附件"}
        files = {"upload": ("../../etc/现场.pdf", content, "application/pdf")}
        assert (
            client.post(f"/cases/{case}/acts/record-evidence", data=data, files=files).status_code
            == 303
        )
        event = self.store.read_stream(f"case-{case}")[-1]
        assert event.data["file_sha256"] == digest and event.data["file_name"] == "现场.pdf"
        assert (self.evidence / digest[:2] / digest).read_bytes() == content
        bad = {"upload": ("run.exe", b"MZ", "application/octet-stream")}
        refused = client.post(f"/cases/{case}/acts/record-evidence", data=data, files=bad)
        assert refused.status_code == 400 and self.store.stream_version(f"case-{case}") == 3

    def test_a_token_issued_in_the_console_works_until_revoked(self) -> None:
        client = self.desk.login(OFFICER)
        csrf = csrf_of(client.get("/tokens").text)
        page = client.post("/tokens", data={"csrf": csrf, "name": "脚本", "days": "7"}).text
        secret = page.split('class="secret">')[1].split("<")[0]
        headers = {"Authorization": f"Bearer {secret}"}
        assert self.desk.client().get("/api/cases", headers=headers).status_code == 200
        token_id = secret.split("_")[1]
        assert client.post(f"/tokens/{token_id}/revoke", data={"csrf": csrf}).status_code == 303
        assert self.desk.client().get("/api/cases", headers=headers).status_code == 401

    def test_an_idle_session_ends(self) -> None:
        client = self.desk.login(OFFICER)
        assert client.get("/my").status_code == 200
        sessions = self.desk.ctx.sessions
        later = sessions.clock() + sessions.idle + 1
        sessions.clock = lambda: later
        assert client.get("/my").headers["location"] == "/login"

    def test_a_month_is_checked_against_a_root_typed_from_paper(self) -> None:
        from workflow import clock

        self.desk.dispatched()
        month = clock.local(clock.now()).strftime("%Y-%m")
        client = self.desk.login(SUPERVISOR)
        page = client.get("/verify", params={"month": month}).text
        recomputed = page.split("<dt>重新计算</dt><dd><code>")[1].split("<")[0]
        assert len(recomputed) == 64
        right = client.get("/verify", params={"month": month, "root": recomputed}).text
        assert "与封存一致" in right
        wrong = client.get("/verify", params={"month": month, "root": "0" * 64}).text
        assert "不一致或尚未封存" in wrong
        bad = client.get("/verify", params={"month": month, "root": "not-hex"})
        assert "64 hex" in bad.text

    def test_the_nav_leads_leaders_and_supervisors_to_the_printable_assessment(self) -> None:
        from workflow import clock

        year = clock.local_day(clock.now()).year
        for person in (LEADER, SUPERVISOR):
            client = self.desk.login(person)
            assert 'href="/assessment"' in client.get("/deadlines").text
            moved = client.get("/assessment")
            assert moved.status_code == 303 and moved.headers["location"] == f"/assessment/{year}"
            printable = client.get(moved.headers["location"])
            assert printable.status_code == 200 and "考核" in printable.text
        officer = self.desk.login(OFFICER)
        assert 'href="/assessment"' not in officer.get("/my").text
        assert officer.get("/assessment").status_code == 403


def test_every_act_reaches_the_console_and_every_field_is_labelled_in_chinese() -> None:
    """Each case command has a lifecycle place (or is open while the case is: 登记当事人),
    so the console can offer it (回避, 集体讨论 and 登记当事人 had none and never showed);
    every input a person fills in is labelled in Chinese (法制审核 showed `result`)."""
    import re

    from workflow.cases import acts
    from workflow.cases.commands import RecordParty
    from workflow.web import forms

    assert [c.__name__ for c in acts.case_commands()
            if acts.trigger_of(c) is None and c is not RecordParty] == []  # fmt: skip
    unlabelled = [(c.__name__, i["name"]) for c in acts.case_commands() for i in forms.spec(c)
                  if not re.search(r"[\u4e00-\u9fff]", i["label"])]  # fmt: skip
    assert unlabelled == []
    assert acts.act_name(acts.by_name()["recuse-officer"]) == "recuse-officer"  # API paths kept
    hold = acts.by_name()["hold-hearing"]  # 听证笔录: uploaded and kept by its SHA-256, like evidence
    assert forms.takes_file(hold) and "听证笔录" in forms.file_label(hold)
    assert forms.upload_fields(hold, "笔录.pdf", "ab" * 32) == {"record_file": "笔录.pdf", "record_sha256": "ab" * 32}
    assert {i["name"] for i in forms.spec(hold)}.isdisjoint({"record_file", "record_sha256"})

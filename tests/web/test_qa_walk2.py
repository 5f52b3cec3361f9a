"""Defects found walking the console as its users (QA, 29 Nov 2026): each test fails on the
page as it was and passes on the fix."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import BASIS, FINE, PEOPLE, WebDesk, csrf_of
from workflow import clock
from workflow.cases import commands as cmd

OFFICER, LEADER, SUPERVISOR = PEOPLE["officer"], PEOPLE["leader"], PEOPLE["supervisor"]


class TestWalk2(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def notified(self) -> str:
        case = self.desk.dispatched()
        for act, data in (("record-evidence", {"kind": "书证", "text": "照片"}),
                          ("notify-penalty", {"basis": BASIS, "circumstance": "一般", "sanctions": FINE})):  # fmt: skip
            assert self.desk.api(OFFICER, "POST", f"/api/cases/{case}/{act}", json=data).status_code == 200
        return case

    def test_the_timeline_names_the_demo_and_system_channels_in_chinese(self) -> None:
        """渠道 demo / system were shown as the raw codes on every demo case's timeline."""
        case = self.desk.dispatched()
        built = cmd.RecordEvidence(actor=OFFICER, case=case, kind="书证", text="照片")
        self.desk.ctx.cases("demo", OFFICER).execute(built)
        page = self.desk.as_(OFFICER).get(f"/cases/{case}").text
        assert "渠道 演示模拟" in page and "渠道 demo" not in page

    def test_deadlines_say_how_long_overdue_not_a_negative_count(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """剩余 read "-87 日 / -57 个工作日 已超期" on the case page and "-57 已超期" on the
        boards; `case show` says 已超期 87 天."""
        case = self.desk.dispatched()
        later = clock.now() + timedelta(days=200)
        monkeypatch.setenv("CASEWORK_NOW", later.isoformat())
        page = self.desk.as_(OFFICER).get(f"/cases/{case}").text
        row = page.split('<td data-label="期限">办理期限</td>')[1].split("</tr>")[0]
        assert re.search(r"已超期 \d+ 天", row) and not re.search(r">-\d", row)
        assert '<td data-label="到期日">' in row  # a phone shows each cell with its name
        board = self.desk.as_(LEADER).get("/deadlines").text
        cell = board.split(f'href="/cases/{case}"')[1].split("</tr>")[0]
        assert re.search(r"已超期 \d+ 天", cell) and not re.search(r">-\d", cell)

    def test_next_step_after_the_partys_period_is_the_decision(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """下一步 still said 当事人陈述、申辩或申请听证（当事人），期限 <a past day> months after
        the period ran out (the deadline row beside it said 已不适用)."""
        case = self.notified()
        page = self.desk.as_(OFFICER).get(f"/cases/{case}").text
        assert "下一步：</strong>当事人陈述、申辩或申请听证" in page  # the period runs: the party
        monkeypatch.setenv("CASEWORK_NOW", (clock.now() + timedelta(days=20)).isoformat())
        page = self.desk.as_(OFFICER).get(f"/cases/{case}").text
        step = page.split("下一步：</strong>")[1].split("</p>")[0]
        assert "当事人陈述" not in step and "作出决定" in step

    def test_an_accepted_licence_application_is_listed_as_accepted_not_opened(self) -> None:
        """A licensing case in state opened is 已受理 (GLOSSARY); the boards said 已立案."""
        officer = self.desk.as_(OFFICER)
        page = officer.get("/applications").text
        found = re.search(r'name="form_id" value="([^"]+)"', page)
        assert found
        received = officer.post("/applications/new/receive", data={
            "csrf": csrf_of(page), "form_id": found.group(1), "township": "taicheng",
            "matter": "CG-XK-001", "applicant": "李四", "summary": "临时占道"})  # fmt: skip
        where = received.headers["location"].split("?")[0]
        shown = officer.get(where).text
        found = re.search(r'name="form_id" value="([^"]+)"', shown)
        assert found
        accepted = officer.post(f"{where}/accept", data={"csrf": csrf_of(shown), "form_id": found.group(1)})
        case = accepted.headers["location"].split("/cases/")[1].split("?")[0]
        board = self.desk.as_(LEADER).get("/team").text
        row = board.split(f'href="/cases/{case}"')[1].split("</tr>")[0]
        assert '<td data-label="状态">已受理</td>' in row

    def test_the_team_boards_counts_are_not_links_to_nowhere(self) -> None:
        page = self.desk.as_(LEADER).get("/team").text
        assert 'href="#"' not in page

    def test_tokens_show_expiry_in_beijing_time_and_scopes_in_chinese(self) -> None:
        """接口令牌 listed 到期（UTC） as a raw ISO time and the scopes as read, write."""
        self.desk.ctx.tokens.issue(OFFICER, "巡查助手", ["read", "write"], 30, channel="cli")
        page = self.desk.as_(OFFICER).get("/tokens").text
        row = page.split("巡查助手")[1].split("</tr>")[0]
        assert "UTC" not in page and "T" not in row.split('data-label="到期">')[1][:20]
        assert "只读、可写（办案操作）" in row and "read" not in row
        expected = clock.show(clock.now() + timedelta(days=30))
        assert expected[:10] in row

    def test_a_stale_form_names_what_changed_in_chinese(self) -> None:
        """The 409 list said v3 EvidenceRecorded · tc-004 · …: the event's code, not its name."""
        case = self.desk.dispatched()
        officer = self.desk.as_(OFFICER)
        page = officer.get(f"/cases/{case}").text
        assert self.desk.api(OFFICER, "POST", f"/api/cases/{case}/record-evidence",
                             json={"kind": "书证", "text": "先到"}).status_code == 200  # fmt: skip
        stale = officer.post(f"/cases/{case}/acts/record-evidence", data={
            "csrf": csrf_of(page), "expected_version": "2", "kind": "书证", "text": "后到"})  # fmt: skip
        assert stale.status_code == 409
        changes = stale.text.split('<ul class="changes">')[1].split("</ul>")[0]
        assert "调查取证" in changes and "EvidenceRecorded" not in changes

    def test_the_status_page_names_the_read_models_in_chinese(self) -> None:
        page = self.desk.as_(SUPERVISOR).get("/status").text
        assert "案件列表与期限看板" in page and "监督问责" in page

    def test_every_page_names_an_icon_so_the_browser_asks_for_no_favicon(self) -> None:
        """Each page load logged a 404 for /favicon.ico in the browser's console."""
        assert '<link rel="icon" href="data:,">' in self.desk.as_(OFFICER).get("/my").text

    def test_printed_documents_fit_a_phone_and_lead_back_to_the_console(self) -> None:
        """年度考核 and a month's 通报 are whole documents without the console: no viewport
        (a phone laid them out 980 px wide) and no way back but the browser's."""
        leader = self.desk.as_(LEADER)
        year = clock.local_day(clock.now()).year
        month = clock.local_day(clock.now()).strftime("%Y-%m")
        for path, back in ((f"/assessment/{year}", f"/accountability/assessment/{year}"),
                           (f"/circulars/{month}", "/circulars")):  # fmt: skip
            text = leader.get(path).text
            assert 'name="viewport" content="width=device-width' in text, path
            assert f'<p class="console-back"><a href="{back}">' in text, path

    def test_a_refusal_names_its_article_once_without_the_rule_code_in_chinese(self) -> None:
        """A refused 事先告知 showed the article three times and the code: …（《行政处罚法》第九条）
        / …[notice-sanction; 《行政处罚法》第九条] / 依据 《行政处罚法》第九条（notice-sanction）."""
        case = self.desk.dispatched()
        assert self.desk.api(OFFICER, "POST", f"/api/cases/{case}/record-evidence",
                             json={"kind": "书证", "text": "照片"}).status_code == 200  # fmt: skip
        officer = self.desk.as_(OFFICER)
        page = officer.get(f"/cases/{case}").text
        refused = officer.post(f"/cases/{case}/acts/notify-penalty", data={
            "csrf": csrf_of(page), "basis": BASIS, "circumstance": "一般"})  # fmt: skip
        assert refused.status_code == 422
        alert = refused.text.split('<div class="alert" role="alert">')[1].split("</div>")[0]
        assert "《行政处罚法》第九条" in alert.split("<br>")[0]  # the Chinese line names it
        assert "依据 《行政处罚法》第九条" not in alert and "（notice-sanction）" not in alert

    def test_the_case_timeline_speaks_chinese_to_an_officer(self) -> None:
        """Each timeline entry carried the event's code (CaseOpened) beside its name."""
        case = self.desk.dispatched()
        timeline = self.desk.as_(OFFICER).get(f"/cases/{case}").text.split("办案记录（时间线）")[1]
        entry = timeline.split("<li")[1].split("</div>")[0]
        assert "v1 立案</strong>" in entry and ">CaseOpened<" not in entry

    def test_an_inspection_page_names_the_township_and_leads_back(self) -> None:
        """记录 said 执法队：taicheng (the code) and the page had no way back to 监督问责."""
        data = {"township": "taicheng", "planned_for": "2026-12-05", "scope": ["case_files"],
                "form_id": "qa-plan"}  # fmt: skip
        planned = self.desk.form(SUPERVISOR, "/accountability/inspections", data)
        assert planned.status_code == 303, planned.text
        page = self.desk.as_(SUPERVISOR).get(planned.headers["location"]).text
        history = page.split("<h2>记录</h2>")[1]
        assert "执法队：台城镇" in history and "taicheng" not in history.split("</ol>")[0]
        assert '<a href="/accountability">返回监督问责</a>' in page

    def test_the_duty_report_form_is_offered_only_in_the_countys_window(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """述职 offered the report form in November; the rule then refused it (duty-window)."""
        monkeypatch.setenv("CASEWORK_NOW", "2026-11-20T10:00:00+08:00")
        page = self.desk.as_(OFFICER).get("/accountability/duty?year=2026").text
        assert 'data-act="duty-report"' not in page
        assert "述职时间尚未开始：2026-12-01 起可以提交述职报告" in page
        monkeypatch.setenv("CASEWORK_NOW", "2026-12-02T10:00:00+08:00")
        page = self.desk.as_(OFFICER).get("/accountability/duty?year=2026").text
        assert 'data-act="duty-report"' in page

    def test_the_county_board_says_when_it_lists_only_part_of_the_cases_to_review(self) -> None:
        """待评查 listed the first 50 closed cases with no word that there were more."""
        page = self.desk.as_(SUPERVISOR).get("/county").text
        assert "待评查（已结案，共 0 件）" in page and "此处列出前" not in page

    def test_only_the_cases_officers_are_offered_their_acts(self) -> None:
        """The leader (not dispatched) was offered 调查取证 and refused 未被指派办理本案."""
        case = self.desk.dispatched()
        leader = self.desk.as_(LEADER).get(f"/cases/{case}").text
        assert 'data-act="record-evidence"' not in leader and 'data-act="reassign"' in leader
        assert "调查取证（本案执法人员）" in leader
        assert 'data-act="record-evidence"' in self.desk.as_(OFFICER).get(f"/cases/{case}").text

    def test_an_extension_is_offered_to_the_leader_before_the_deadline_only(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """延期 was offered to a deputy (only the leader extends) and after the deadline
        (an extension comes before it): both refused."""
        monkeypatch.setenv("CASEWORK_NOW", "2026-06-01T10:00:00+08:00")  # due in 2026: not estimated
        case = self.desk.dispatched()
        assert 'data-act="extend-deadline"' in self.desk.as_(LEADER).get(f"/cases/{case}").text
        deputy = self.desk.as_(PEOPLE["deputy"]).get(f"/cases/{case}").text
        assert 'data-act="extend-deadline"' not in deputy and "延期（队长）" in deputy
        monkeypatch.setenv("CASEWORK_NOW", "2026-11-27T10:00:00+08:00")
        assert 'data-act="extend-deadline"' not in self.desk.as_(LEADER).get(f"/cases/{case}").text

    def test_a_deputy_not_authorised_to_decide_is_not_offered_the_leaders_acts(self) -> None:
        """A deputy was offered 决定回避, 集体讨论 and the decisions (不予处罚, 移送, 撤销立案),
        each refused: 回避只能由队长决定, 集体讨论只能由队长主持, 作出决定只能由队长或经队长
        授权的副队长执行 (处罚法 43, 57)."""
        case = self.notified()
        deputy = self.desk.as_(PEOPLE["deputy"]).get(f"/cases/{case}").text
        leader = self.desk.as_(LEADER).get(f"/cases/{case}").text
        for act in ("recuse-officer", "hold-discussion", "decide-no-penalty", "transfer", "withdraw"):
            assert f'data-act="{act}"' not in deputy, act
            assert f'data-act="{act}"' in leader, act
        assert "决定回避（队长）" in deputy and "撤销立案（队长或经授权的副队长）" in deputy

    def test_a_closed_case_says_how_it_was_closed(self) -> None:
        """The case page of a closed case did not say its 结案方式 (`case show` does)."""
        case = self.desk.decided()
        close = cmd.CloseCase(actor=LEADER, case=case, outcome="unexecutable", reason="当事人下落不明")
        self.desk.ctx.cases("web", LEADER).execute(close)
        page = self.desk.as_(SUPERVISOR).get(f"/cases/{case}").text
        assert '<dt>结案方式</dt><dd class="outcome">' in page

    def test_the_accountability_tables_name_each_cell_on_a_phone(self) -> None:
        """述职评议, 监督检查 and 责任追究 rows showed bare values on a phone (未述职 / 0 / —)."""
        duty = self.desk.as_(OFFICER).get("/accountability/duty?year=2026").text
        assert '<td data-label="述职日期">' in duty
        data = {"officer": OFFICER, "ground": "不作为", "details": "接报不出警", "form_id": "qa-inq"}
        assert self.desk.form(SUPERVISOR, "/accountability/inquiries", data).status_code == 303
        overview = self.desk.as_(SUPERVISOR).get("/accountability").text
        assert '<td data-label="被追究人">' in overview

    def test_an_inquiry_names_the_officer_and_the_team(self) -> None:
        """责任追究's 被追究 showed tc-004 (no name), and a team's inquiry "taicheng 执法队"."""
        data = {"officer": OFFICER, "ground": "不作为", "details": "接报不出警", "form_id": "qa-inq1"}
        opened = self.desk.form(SUPERVISOR, "/accountability/inquiries", data)
        assert opened.status_code == 303, opened.text
        page = self.desk.as_(SUPERVISOR).get(opened.headers["location"]).text
        named = page.split("<dt>被追究</dt>")[1].split("</dd>")[0]
        assert "姜欣（tc-004）" in named

    def test_the_timelines_recorded_fields_are_named_in_chinese(self) -> None:
        """记录内容 showed each field as its code with the Python value: officers=['tc-004',
        'tc-005'], rights_told=True, hearing_eligible=False."""
        case = self.notified()
        page = self.desk.as_(OFFICER).get(f"/cases/{case}").text
        timeline = page.split("办案记录（时间线）")[1]
        assert "officers=" not in timeline and "['" not in timeline and "=True" not in timeline
        assert f"执法人员：{OFFICER}、{PEOPLE['officer2']}" in timeline
        assert "法律依据：" in timeline and 'title="basis"' in timeline  # the code stays as a hint

    def test_the_timeline_names_who_acted(self) -> None:
        """The timeline said “v2 指派办案人员 · tc-001（队长）”: a number, where the case's facts
        above it say 姜欣（tc-004）."""
        case = self.desk.dispatched()
        leader = self.desk.ctx.directory().person(LEADER)
        assert leader is not None
        page = self.desk.as_(SUPERVISOR).get(f"/cases/{case}").text
        timeline = page.split("办案记录（时间线）")[1]
        assert f"· {leader.name}（{LEADER}，队长）" in timeline

    def test_past_an_unextended_deadline_no_decision_is_offered_and_the_step_says_why(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Past the 办理期限 with no extension the page offered 作出处罚决定 (and 准予/不予许可)
        and said 下一步：作出决定 by a day long gone; the rule refused the decision
        (已超过办理期限，且无延期记录; 处罚法 60, 许可法 42)."""
        monkeypatch.setenv("CASEWORK_NOW", "2026-06-01T10:00:00+08:00")  # due in 2026: not estimated
        body = {"township": "taicheng", "matter": "SC-CF-003", "party": "张三", "summary": "未明码标价",
                "party_id_number": "11010519491231002X", "party_address": "台城镇东街 1 号"}  # fmt: skip
        case = str(self.desk.api(OFFICER, "POST", "/api/cases", json=body).json()["case_id"])
        steps = [(LEADER, "dispatch", {"officers": [OFFICER, PEOPLE["officer2"]]}),
                 (OFFICER, "record-evidence", {"kind": "书证", "text": "照片"}),
                 (OFFICER, "notify-penalty", {"basis": BASIS, "circumstance": "一般", "sanctions": FINE})]  # fmt: skip
        for who, act, data in steps:
            assert self.desk.api(who, "POST", f"/api/cases/{case}/{act}", json=data).status_code == 200
        monkeypatch.setenv("CASEWORK_NOW", "2026-06-20T10:00:00+08:00")  # the party's period over
        page = self.desk.as_(LEADER).get(f"/cases/{case}").text
        assert 'data-act="decide-penalty"' in page and "下一步：</strong>作出决定" in page
        monkeypatch.setenv("CASEWORK_NOW", "2026-11-27T10:00:00+08:00")
        page = self.desk.as_(LEADER).get(f"/cases/{case}").text
        assert 'data-act="decide-penalty"' not in page and '"pill">作出处罚决定（' not in page
        assert 'data-act="decide-no-penalty"' in page and 'data-act="withdraw"' in page
        assert '"pill">延期' not in page  # an extension comes before the deadline
        step = page.split("下一步：</strong>")[1].split("</p>")[0]
        assert "已超过办理期限（2026-" in step and "第六十条" in step and "移送司法机关" in step
        body = {"basis": BASIS, "sanctions": FINE}
        refused = self.desk.api(LEADER, "POST", f"/api/cases/{case}/decide-penalty", json=body)
        assert refused.status_code == 422 and refused.json()["rule"] == "decision-deadline"
        acts = self.desk.api(LEADER, "GET", f"/api/cases/{case}/acts").json()["acts"]
        assert "decide-penalty" not in acts and "decide-no-penalty" in acts

    def test_past_an_unextended_licensing_deadline_no_licence_decision_is_offered(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The same for a licence application: 准予/不予许可 offered past the 20 working days
        (许可法 art. 42) and refused."""
        monkeypatch.setenv("CASEWORK_NOW", "2026-06-01T10:00:00+08:00")
        case = self.desk.licence_case("late")
        assert 'data-act="grant-licence"' in self.desk.as_(LEADER).get(f"/cases/{case}").text
        monkeypatch.setenv("CASEWORK_NOW", "2026-11-27T10:00:00+08:00")
        page = self.desk.as_(LEADER).get(f"/cases/{case}").text
        assert 'data-act="grant-licence"' not in page and 'data-act="refuse-licence"' not in page
        step = page.split("下一步：</strong>")[1].split("</p>")[0]
        assert "已超过办理期限（2026-" in step and "第四十二条" in step
        refused = self.desk.api(LEADER, "POST", f"/api/cases/{case}/grant-licence", json={})
        assert refused.status_code == 422 and refused.json()["rule"] == "decision-deadline"

    def test_a_hearing_request_is_offered_only_for_a_hearing_sanction_within_the_period(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """申请听证 was offered on a 500-yuan fine (not a sanction 听证 covers, 处罚法 63) and
        after the party's 5 working days (处罚法 64), both refused; 放弃陈述申辩 after the
        period changed nothing."""
        monkeypatch.setenv("CASEWORK_NOW", "2026-06-01T10:00:00+08:00")
        small = self.notified()
        page = self.desk.as_(OFFICER).get(f"/cases/{small}").text
        assert 'data-act="request-hearing"' not in page and 'data-act="waive-defence"' in page
        refused = self.desk.api(OFFICER, "POST", f"/api/cases/{small}/request-hearing", json={})
        assert refused.status_code == 422 and refused.json()["rule"] == "hearing-eligible"
        big = self.desk.dispatched()
        large = [{"kind": "fine", "amount": 20000}]
        for act, data in (("record-evidence", {"kind": "书证", "text": "照片"}),
                          ("notify-penalty", {"basis": BASIS, "circumstance": "一般", "sanctions": large})):  # fmt: skip
            assert self.desk.api(OFFICER, "POST", f"/api/cases/{big}/{act}", json=data).status_code == 200
        page = self.desk.as_(OFFICER).get(f"/cases/{big}").text
        assert 'data-act="request-hearing"' in page and 'data-act="waive-defence"' in page
        monkeypatch.setenv("CASEWORK_NOW", "2026-06-20T10:00:00+08:00")  # 5 working days later
        page = self.desk.as_(OFFICER).get(f"/cases/{big}").text
        assert 'data-act="request-hearing"' not in page and 'data-act="waive-defence"' not in page
        assert '"pill">申请听证' not in self.desk.as_(LEADER).get(f"/cases/{big}").text
        refused = self.desk.api(OFFICER, "POST", f"/api/cases/{big}/request-hearing", json={})
        assert refused.status_code == 422 and refused.json()["rule"] == "hearing-deadline"

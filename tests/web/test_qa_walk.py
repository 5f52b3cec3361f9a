"""Defects found walking the console as its users do (QA): each test fails on the page as it
was and passes on the fix."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PEOPLE, WebDesk, csrf_of

OFFICER = PEOPLE["officer"]


class TestWalk(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def test_opening_a_case_in_the_console_does_not_mark_it_grave_harm(self) -> None:
        """立案 form: 涉及公民生命健康安全… is a checkbox, 当事人类型 a choice; a case opened
        with the box unticked is not recorded as grave harm (art. 36's five years)."""
        client = self.desk.login(OFFICER)
        page = client.get("/cases/new").text
        assert '<input type="checkbox" name="grave_harm" value="true">' in page
        kinds = page.split('name="party_kind"')[1].split("</select>")[0]
        assert '<option value="个人"' in kinds and '<option value="单位"' in kinds
        data = {"csrf": csrf_of(page), "form_id": "qa-open", "matter": "SC-CF-003", "party": "王五",
                "summary": "未明码标价", "violation_date": "2026-05-20", "party_kind": "个人",
                "party_id_number": "", "party_address": "", "party_contact": "", "violation_end": "",
                "violation_unknown": "", "late_reason": ""}  # fmt: skip
        response = client.post("/cases/new", data=data)
        assert response.status_code == 303, response.text
        case = response.headers["location"].split("/cases/")[1].split("?")[0]
        opened = self.store.read_stream(f"case-{case}")[0]
        assert opened.data["grave_harm"] is False

    def test_a_refused_opening_comes_back_as_it_was_typed(self) -> None:
        """A bad ID number refuses the 立案 form: the page says why and keeps what was typed
        (it came back empty, the matter reset to the first of the list)."""
        client = self.desk.login(OFFICER)
        page = client.get("/cases/new").text
        data = {"csrf": csrf_of(page), "form_id": "qa-bad", "matter": "SC-CF-003", "party": "王五",
                "summary": "未明码标价 <b>x</b>", "violation_date": "2026-05-20", "party_kind": "单位",
                "party_id_number": "140922198003150017", "grave_harm": "true"}  # fmt: skip
        refused = client.post("/cases/new", data=data)
        assert refused.status_code == 422 and "校验不通过" in refused.text
        assert '<option value="SC-CF-003" selected>' in refused.text
        assert 'name="party" maxlength="4000" value="王五"' in refused.text
        assert "未明码标价 &lt;b&gt;x&lt;/b&gt;</textarea>" in refused.text
        assert 'value="140922198003150017"' in refused.text and 'value="2026-05-20"' in refused.text
        assert '<option value="单位" selected>' in refused.text
        assert 'name="grave_harm" value="true" checked' in refused.text

    def test_the_page_after_opening_says_what_was_done_in_chinese(self) -> None:
        """After 立案 the notice read “已办理：open”."""
        client = self.desk.login(OFFICER)
        page = client.get("/cases/new").text
        data = {"csrf": csrf_of(page), "form_id": "qa-done", "matter": "SC-CF-003", "party": "王五",
                "summary": "未明码标价", "violation_date": "2026-05-20"}  # fmt: skip
        response = client.post("/cases/new", data=data, follow_redirects=True)
        assert "已办理：立案" in response.text and "已办理：open" not in response.text

    def test_a_requested_hearing_offers_its_next_step_and_says_what_the_case_waits_for(self) -> None:
        """After 申请听证 the leader was offered 举行听证 and 作出处罚决定 (both refused: not
        scheduled, art. 64; not held, art. 65) and the page listed every act of the state as
        等待办理; it now names the next step and who takes it, from the domain (as `case show`)."""
        leader = PEOPLE["leader"]
        case = self.desk.dispatched()
        for act, body in (("record-evidence", {"kind": "书证", "text": "照片"}),
                          ("notify-penalty", {"basis": "《价格法》第四十二条", "circumstance": "一般",
                                              "sanctions": [{"kind": "fine", "amount": 20000}]})):  # fmt: skip
            assert self.desk.api(OFFICER, "POST", f"/api/cases/{case}/{act}", json=body).status_code == 200
        notified = self.desk.login(OFFICER).get(f"/cases/{case}").text
        assert "<strong>下一步：</strong>当事人陈述、申辩或申请听证（当事人）" in notified
        assert 'data-act="request-hearing"' in notified
        assert self.desk.api(OFFICER, "POST", f"/api/cases/{case}/request-hearing", json={}).status_code == 200
        page = self.desk.login(leader).get(f"/cases/{case}").text
        assert "<strong>下一步：</strong>安排听证" in page
        assert 'data-act="schedule-hearing"' in page and 'data-act="request-hearing"' not in page
        for refused in ("hold-hearing", "abandon-hearing", "decide-penalty", "decide-no-penalty"):
            assert f'data-act="{refused}"' not in page, refused
        body = {"on": "2027-01-20", "place": "台城镇政府会议室", "chair": leader}
        response = self.desk.api(leader, "POST", f"/api/cases/{case}/schedule-hearing", json=body)
        assert response.status_code == 200, response.text
        page = self.desk.login(leader).get(f"/cases/{case}").text
        assert "<strong>下一步：</strong>举行听证（听证主持人 孔春雪（tc-001））" in page
        assert 'data-act="decide-penalty"' not in page
        assert 'data-act="hold-hearing"' not in page  # not before the hearing's day

    def test_only_the_chair_is_offered_to_record_the_hearing_on_its_day(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """举行听证 was offered to the investigators and the leader, who were then refused
        (only the chair records it, art. 64); 未出席 is the chair's or the officers'."""
        leader, deputy = PEOPLE["leader"], PEOPLE["deputy"]
        case = self.desk.dispatched()
        for act, body in (("record-evidence", {"kind": "书证", "text": "照片"}),
                          ("notify-penalty", {"basis": "《价格法》第四十二条", "circumstance": "一般",
                                              "sanctions": [{"kind": "fine", "amount": 20000}]}),
                          ("request-hearing", {})):  # fmt: skip
            assert self.desk.api(OFFICER, "POST", f"/api/cases/{case}/{act}", json=body).status_code == 200
        body = {"on": "2027-01-20", "place": "台城镇政府会议室", "chair": deputy}
        assert self.desk.api(leader, "POST", f"/api/cases/{case}/schedule-hearing", json=body).status_code == 200
        monkeypatch.setenv("CASEWORK_NOW", "2027-01-20T10:00:00+08:00")
        chair = self.desk.login(deputy).get(f"/cases/{case}").text
        assert 'data-act="hold-hearing"' in chair and 'data-act="abandon-hearing"' in chair
        officer = self.desk.login(OFFICER).get(f"/cases/{case}").text
        assert 'data-act="hold-hearing"' not in officer and 'data-act="abandon-hearing"' in officer
        boss = self.desk.login(leader).get(f"/cases/{case}").text
        assert 'data-act="hold-hearing"' not in boss and 'data-act="abandon-hearing"' not in boss
        # held: the decision now waits for 法制审核 (a case that went through a hearing, art. 58)
        held = {"notes": "当事人到场陈述", "record_file": "听证笔录.pdf", "record_sha256": "ab" * 32}
        assert self.desk.api(deputy, "POST", f"/api/cases/{case}/hold-hearing", json=held).status_code == 200
        boss = self.desk.login(leader).get(f"/cases/{case}").text
        assert "<strong>下一步：</strong>法制审核（通过后作出决定）（本乡镇指定的法制审核人员）" in boss
        queue = self.desk.login(leader).get("/queue").text
        assert f"/cases/{case}" in queue.split("其他可审核")[0]  # it needs the review, not "other"

    def test_a_general_procedure_decision_offers_no_on_the_spot_document(self) -> None:
        """After 作出处罚决定 the 签发文书 list offered 当场行政处罚决定书; issuing it on a
        general-procedure case was a 500 (its template has no on-the-spot time or place).
        Now not offered, and refused in one line if posted, appending nothing."""
        case = self.desk.decided()
        client = self.desk.login(OFFICER)
        page = client.get(f"/cases/{case}").text
        kinds = page.split('data-act="issue"')[1].split("</select>")[0]
        assert 'value="decision"' in kinds and 'value="on_the_spot"' not in kinds
        before = self.store.read_all(limit=100000)[-1].position
        data = {"csrf": csrf_of(page), "form_id": "qa-spot", "kind": "on_the_spot"}
        refused = client.post(f"/cases/{case}/paper/issue", data=data)
        assert refused.status_code == 422 and "未适用简易程序" in refused.text
        assert self.store.read_all(limit=100000)[-1].position == before

    def test_the_closing_form_offers_the_outcomes_of_the_case_state(self) -> None:
        """结案方式 listed all eight outcomes on a decided penalty case (许可证件已送达 …);
        the rule's refusal said “只能以 executed 结案” in English code."""
        case = self.desk.decided()
        client = self.desk.login(OFFICER)
        page = client.get(f"/cases/{case}").text
        outcomes = page.split('data-act="close"')[1].split("</select>")[0]
        assert outcomes.count("<option") == 2
        assert 'value="executed"' in outcomes and 'value="unexecutable"' in outcomes
        data = {"csrf": csrf_of(page), "form_id": "qa-close", "outcome": "licence_issued"}
        refused = client.post(f"/cases/{case}/acts/close", data=data)
        assert refused.status_code == 422 and "当前状态只能以“处罚决定已执行”结案" in refused.text

    def test_a_licensing_case_page_speaks_of_an_accepted_application(self) -> None:
        """A licensing case after 受理 read 状态 已立案, 下一步 指派办案人员（或不予立案）,
        执法事项 and 立案时间 — the penalty case's words (GLOSSARY: 受理 for an application)."""
        officer = self.desk.login(OFFICER)
        page = officer.get("/applications").text
        data = {"csrf": csrf_of(page), "form_id": "qa-recv", "township": "taicheng",
                "matter": "CG-XK-001", "applicant": "某建筑公司"}  # fmt: skip
        where = officer.post("/applications/new/receive", data=data).headers["location"].split("?")[0]
        page = officer.get(where).text
        accepted = officer.post(f"{where}/accept", data={"csrf": csrf_of(page), "form_id": "qa-acc"})
        case = accepted.headers["location"].split("?")[0].split("/")[2]
        page = self.desk.login(PEOPLE["leader"]).get(f"/cases/{case}", params={"done": "open"}).text
        assert "已办理：受理" in page and '<span class="state">已受理</span>' in page
        assert "<dt>许可事项</dt>" in page and "<dt>受理时间</dt>" in page and "<dt>立案时间</dt>" not in page
        assert "<strong>下一步：</strong>指派办案人员（队长或副队长）" in page and "不予立案" not in page

    def test_the_opening_form_lists_no_licensing_matter(self) -> None:
        """立案 listed the 行政许可 matters too, and opening one was always refused (a
        licensing case opens by 受理 of an application, 《行政许可法》第三十二条): the form
        lists penalty matters and points to 许可申请."""
        page = self.desk.login(OFFICER).get("/cases/new").text
        matters = page.split('name="matter"')[1].split("</select>")[0]
        assert 'value="SC-CF-003"' in matters and "XK-" not in matters and "行政许可" not in matters
        assert 'href="/applications"' in page.split("<main")[1]

    def test_a_granted_licence_waits_for_its_document_in_console_words(self) -> None:
        """After 准予许可 the page said 颁发许可证件（case issue-licence）后结案 — a CLI
        command — and offered 结案, refused until the licence is issued (许可法 art. 44)."""
        leader = PEOPLE["leader"]
        officer = self.desk.login(OFFICER)
        case = self.desk.licence_case("qa2")
        # 移送司法机关 is of a penalty case (处罚法 27): not offered on an application, and
        # refused if posted (it was accepted on one)
        page = self.desk.login(leader).get(f"/cases/{case}").text
        assert 'data-act="grant-licence"' in page and 'data-act="transfer"' not in page
        body = {"organ": "县公安局", "reason": "伪造证件"}
        refused = self.desk.api(leader, "POST", f"/api/cases/{case}/transfer", json=body)
        assert refused.status_code == 422 and refused.json()["rule"] == "penalty-case"
        assert self.desk.api(leader, "POST", f"/api/cases/{case}/grant-licence", json={}).status_code == 200
        page = officer.get(f"/cases/{case}").text
        assert "<strong>下一步：</strong>颁发许可证件后结案" in page and "case issue-licence" not in page
        assert 'data-act="issue-licence"' in page and 'data-act="close"' not in page
        body = {"document_number": "五台临占字〔2026〕第1号"}
        assert self.desk.api(OFFICER, "POST", f"/api/cases/{case}/issue-licence", json=body).status_code == 200
        page = officer.get(f"/cases/{case}").text
        assert 'data-act="close"' in page and 'data-act="issue-licence"' not in page  # issued once

    def test_the_notice_and_decision_forms_ask_for_the_fine_once(self) -> None:
        """事先告知 and 作出处罚决定 had 金额（元） beside 处罚种类 (罚款:N): filling both was
        refused with “（--amount 或 --sanction 罚款:N）”, the CLI's flags."""
        case = self.desk.dispatched()
        assert self.desk.api(OFFICER, "POST", f"/api/cases/{case}/record-evidence",
                             json={"kind": "书证", "text": "照片"}).status_code == 200  # fmt: skip
        page = self.desk.login(OFFICER).get(f"/cases/{case}").text
        form = page.split('data-act="notify-penalty"')[1].split("</form>")[0]
        assert 'name="sanctions"' in form and 'name="amount"' not in form

    def test_a_refused_act_comes_back_open_as_it_was_typed(self) -> None:
        """A refused 事先告知 (a fine with no 违法事实 basis typed wrong) came back with every
        form closed and empty; the refused one is open with what was typed."""
        case = self.desk.dispatched()
        client = self.desk.login(OFFICER)
        page = client.get(f"/cases/{case}").text
        data = {"csrf": csrf_of(page), "form_id": "qa-n1", "basis": "《价格法》第四十二条",
                "sanctions": "罚款:abc", "circumstance": "较重", "facts": "未明码标价 <b>x</b>"}  # fmt: skip
        refused = client.post(f"/cases/{case}/acts/notify-penalty", data=data)
        assert refused.status_code in (400, 422), refused.status_code
        form = refused.text.split('data-act="notify-penalty"')[0].rsplit("<details", 1)[1]
        assert "open" in form.split(">")[0]
        body = refused.text.split('data-act="notify-penalty"')[1].split("</form>")[0]
        assert "《价格法》第四十二条</textarea>" in body and "罚款:abc</textarea>" in body
        assert '<option value="较重" selected>' in body and "未明码标价 &lt;b&gt;x&lt;/b&gt;</textarea>" in body
        assert 'name="rights_told" value="true" >' in body  # unticked as submitted (no value sent)
        other = refused.text.split('data-act="record-evidence"')[0].rsplit("<details", 1)[1]
        assert "open" not in other.split(">")[0]

    def test_an_application_names_its_matter(self) -> None:
        """许可事项 read “CG-XK-001” alone on the application's page and the list."""
        officer = self.desk.login(OFFICER)
        page = officer.get("/applications").text
        data = {"csrf": csrf_of(page), "form_id": "qa-recv3", "township": "taicheng",
                "matter": "CG-XK-001", "applicant": "某建筑公司"}  # fmt: skip
        where = officer.post("/applications/new/receive", data=data).headers["location"].split("?")[0]
        assert "<dd>CG-XK-001 临时占用城市道路许可</dd>" in officer.get(where).text
        assert '<td data-label="许可事项">CG-XK-001 临时占用城市道路许可</td>' in officer.get("/applications").text

    def test_the_dispatch_form_does_not_offer_an_officer_without_a_certificate(self) -> None:
        """指派办案人员 offered every officer of the team; one without a valid 执法证件 was
        refused on submit (art. 42). Listed, marked, not selectable."""
        from workflow import clock

        today = clock.local_day(clock.now())
        staff = self.desk.ctx.directory().team("taicheng")
        lacking = [p.id for p in staff if p.role.value == "officer" and not p.certificate_valid_on(today)]
        assert lacking, "the county file's taicheng team has officers without a certificate"
        case = self.desk.open_case()
        page = self.desk.login(PEOPLE["leader"]).get(f"/cases/{case}").text
        form = page.split('data-act="dispatch"')[1].split("</form>")[0]
        for officer in lacking:
            assert f'name="officers" value="{officer}"' not in form and f"（{officer}）<small>无有效执法证件" in form
        assert f'name="officers" value="{OFFICER}"' in form

    def test_the_notice_form_preselects_no_circumstance(self) -> None:
        """裁量情节 opened on 轻微 (the first of the list): the officer must choose one."""
        case = self.desk.dispatched()
        page = self.desk.login(OFFICER).get(f"/cases/{case}").text
        form = page.split('data-act="notify-penalty"')[1].split("</form>")[0]
        select = form.split('<select name="circumstance"')[1].split("</select>")[0]
        assert select.startswith(" required>") and '<option value="">请选择</option>' in select
        assert select.index('value=""') < select.index('value="轻微"')

    def test_a_case_past_the_partys_hearing_window_is_not_overdue_on_my_board(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """我的期限 listed a notified case by its 听证申请期限, -125 working days 已超期 — the
        party's period, over, binds nobody; the case's 办理期限 is what runs."""
        case = self.desk.dispatched()
        for act, body in (("record-evidence", {"kind": "书证", "text": "照片"}),
                          ("notify-penalty", {"basis": "《价格法》第四十二条", "circumstance": "一般",
                                              "sanctions": [{"kind": "fine", "amount": 500}]})):  # fmt: skip
            assert self.desk.api(OFFICER, "POST", f"/api/cases/{case}/{act}", json=body).status_code == 200
        client = self.desk.login(OFFICER)
        row = client.get("/my").text.split(f'href="/cases/{case}"')[1].split("</tr>")[0]
        assert "听证申请期限" in row  # the window is open: it is what the case waits for
        from workflow import clock

        later = clock.local_day(clock.now()).toordinal() + 20
        monkeypatch.setenv("CASEWORK_NOW", f"{date.fromordinal(later).isoformat()}T10:00:00+08:00")
        row = client.get("/my").text.split(f'href="/cases/{case}"')[1].split("</tr>")[0]
        assert "办理期限" in row and "听证申请期限" not in row and "已超期" not in row
        page = client.get(f"/cases/{case}").text
        window = page.split(">听证申请期限</td>")[1].split("</tr>")[0]
        assert "已不适用" in window and "已超期" not in window

    def test_the_acts_of_the_state_name_who_the_rule_names(self) -> None:
        """本阶段可办理 read 法制审核（副队长/队长/执法人员）: only the designated reviewer
        may record it (art. 58)."""
        case = self.desk.dispatched()
        page = self.desk.login(OFFICER).get(f"/cases/{case}").text
        listed = page.split("本阶段可办理：")[1].split("</p>")[0]
        assert "法制审核（本乡镇指定的法制审核人员）" in listed and "法制审核（副队长" not in listed

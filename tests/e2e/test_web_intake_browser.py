"""线索, 许可申请 and 执行情况 in the browser (Debian's Chromium through Playwright): an
officer registers a lead on a phone, the leader opens a case on it; the officer receives
an application and asks for corrections; a served decision's e-service consent shows as
state with the signed file's own name. Screenshots go to tests/artefacts/screens/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_web_browser import CHROMIUM, Console, browser, server  # noqa: F401 - fixtures
from tests.web.desk import PEOPLE, WebDesk

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed")
BASIS = "《价格法》第四十二条"
FINE = [{"kind": "fine", "amount": 500}]


def test_leads_applications_and_execution_state_in_the_browser(
    server: tuple[str, WebDesk],  # noqa: F811
    browser: object,  # noqa: F811
    tmp_path: Path,
) -> None:
    base, desk = server
    officer = Console(browser, base, PEOPLE["officer"], phone=True)
    officer.go("/leads")
    form = officer.page.locator('form[data-act="register"]')
    form.locator("select[name=channel]").select_option("群众举报")
    form.locator("textarea[name=summary]").fill("东街夜间施工扰民 <b>粗体</b>")
    form.locator("input[name=reporter]").fill("王五")
    form.locator("button[type=submit]").click()
    officer.page.wait_for_load_state()
    lead_url = officer.page.url.split("?")[0]
    assert "东街夜间施工扰民 <b>粗体</b>" in officer.page.locator("#lead-state").inner_text()
    assert "王五" not in officer.page.content()  # the reporter is the leadership's to see
    officer.shot("officer-lead-phone")

    leader = Console(browser, base, PEOPLE["leader"])
    leader.page.goto(lead_url)
    assert "王五" in leader.page.locator("#lead-state").inner_text()
    leader.page.locator('details:has(form[data-act="accept"]) summary').click()
    accept = leader.page.locator('form[data-act="accept"]')
    accept.locator("input[name=matter]").fill("SC-CF-001")
    accept.locator("input[name=party]").fill("某建筑公司")
    accept.locator("textarea[name=summary]").fill("夜间施工")
    leader.shot("leader-lead-decision")
    accept.locator("button[type=submit]").click()
    leader.page.wait_for_load_state()
    assert "/cases/" in leader.page.url

    officer.go("/applications")
    form = officer.page.locator('form[data-act="receive"]')
    form.locator("select[name=matter]").select_option("CG-XK-001")
    form.locator("input[name=applicant]").fill("李四")
    form.locator("button[type=submit]").click()
    officer.page.wait_for_load_state()
    officer.page.locator('details:has(form[data-act="correct"]) summary').click()
    officer.page.locator('form[data-act="correct"] textarea[name=materials]').fill("占道平面图\n安全承诺书")
    officer.page.locator('form[data-act="correct"] button[type=submit]').click()
    officer.page.wait_for_load_state()
    assert "待补正" in officer.page.locator("#application-state").inner_text()
    officer.shot("officer-application-phone")

    # a decision served, then the party's consent to e-service with its signed file
    body = {"township": "taicheng", "matter": "SC-CF-003", "party": "张三", "summary": "未明码标价",
            "party_id_number": "11010519491231002X", "party_address": "台城镇东街 1 号"}  # fmt: skip
    case = desk.api(PEOPLE["officer"], "POST", "/api/cases", json=body).json()["case_id"]
    steps = [(PEOPLE["leader"], "dispatch", {"officers": [PEOPLE["officer"], PEOPLE["officer2"]]}),
             (PEOPLE["officer"], "record-evidence", {"kind": "书证", "text": "照片"}),
             (PEOPLE["officer"], "notify-penalty", {"basis": BASIS, "circumstance": "一般", "sanctions": FINE}),
             (PEOPLE["officer"], "waive-defence", {}),
             (PEOPLE["leader"], "decide-penalty", {"basis": BASIS, "sanctions": FINE})]  # fmt: skip
    for who, act, data in steps:
        assert desk.api(who, "POST", f"/api/cases/{case}/{act}", json=data).status_code == 200
    issued = desk.api(PEOPLE["officer"], "POST", f"/api/cases/{case}/documents", json={"kind": "decision"})
    served = {"document": issued.json()["number"], "method": "直接送达"}
    assert desk.api(PEOPLE["officer"], "POST", f"/api/cases/{case}/service", json=served).status_code == 201
    proof = tmp_path / "张三签字的电子送达确认书.pdf"
    proof.write_bytes(b"%PDF-1.4 signed by the party")
    officer.go(f"/cases/{case}")
    officer.page.locator('details:has(form[data-act="consent"]) summary').click()
    consent = officer.page.locator('form[data-act="consent"]')
    consent.locator("input[name=channel]").fill("短信")
    consent.locator("input[name=upload]").set_input_files(str(proof))
    consent.locator("button[type=submit]").click()
    officer.page.wait_for_load_state()
    state = officer.page.locator("#execution-state").inner_text()
    assert "同意以短信送达" in state and "张三签字的电子送达确认书.pdf" in state
    assert officer.page.locator('form[data-act="consent"]').count() == 0
    officer.page.locator("#execution-state").scroll_into_view_if_needed()
    officer.shot("officer-execution-state-phone")

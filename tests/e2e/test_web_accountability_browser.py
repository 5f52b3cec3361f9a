"""監督问责 in the browser: headless Chromium through Playwright against uvicorn on SQLite.

A supervisor plans an inspection of the 台城 team, records a finding naming an officer and
orders rectification; the team leader reports it; the supervisor accepts it; the officer
reads their 执法责任档案 and sees the finding. Screenshots under tests/artefacts/screens/.
"""

from __future__ import annotations

import pytest

from tests.e2e.test_web_browser import CHROMIUM, Console, browser, server  # noqa: F401
from tests.web.desk import PEOPLE, WebDesk

playwright = pytest.importorskip("playwright.sync_api")
OFFICER, LEADER, SUPERVISOR = PEOPLE["officer"], PEOPLE["leader"], PEOPLE["supervisor"]


def submit(c: Console, act: str, fields: dict[str, str], checks: tuple[str, ...] = ()) -> None:
    form = c.page.locator(f'form[data-act="{act}"]')
    details = c.page.locator(f'details:has(form[data-act="{act}"])')
    if details.count() and details.get_attribute("open") is None:
        details.locator("summary").click()
    for name, value in fields.items():
        target = form.locator(f'[name="{name}"]').first
        if target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)
    for value in checks:
        form.locator(f'input[value="{value}"]').check()
    form.locator("button[type=submit]").click()
    c.page.wait_for_load_state()
    alert = c.page.locator(".alert")
    assert alert.count() == 0, alert.inner_text()


def test_an_inspection_from_plan_to_the_officers_record(
    server: tuple[str, WebDesk],  # noqa: F811
    browser: object,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CASEWORK_NOW", "2026-12-05T02:00:00")
    base, desk = server
    supervisor = Console(browser, base, SUPERVISOR)
    supervisor.page.click("nav >> text=监督问责")
    submit(supervisor, "plan-inspection", {"township": "taicheng", "planned_for": "2026-12-05"},
           checks=("case_files", "on_site"))  # fmt: skip
    assert "已计划" in supervisor.page.locator("#status").inner_text()
    ref = supervisor.page.url.rsplit("/", 1)[-1]
    submit(supervisor, "record", {"finding_text": "执法时未出示执法证件", "finding_officers": OFFICER,
                                  "rectify_by": "2026-12-20", "requirement": "全员持证上岗"})  # fmt: skip
    assert "整改中" in supervisor.page.locator("#status").inner_text()
    leader = Console(browser, base, LEADER)
    leader.go(f"/accountability/inspections/{ref}")
    submit(leader, "report", {"report": "已组织全队核查证件，补办 1 人"})
    supervisor.page.reload()
    submit(supervisor, "verify", {"outcome": "accepted", "comments": "整改到位"})
    assert "已验收" in supervisor.page.locator("#status").inner_text()
    supervisor.shot("accountability-inspection")
    officer = Console(browser, base, OFFICER)
    officer.page.click("nav >> text=我的档案")
    assert "执法时未出示执法证件" in officer.page.locator("#findings").inner_text()
    officer.shot("accountability-record")
    kinds = [e.type for e in desk.store.read_stream(f"inspection-{ref}")]
    assert kinds[-1] == "RectificationVerified" and len(kinds) == 5


def test_an_inquiry_is_told_heard_and_decided_in_the_browser(
    server: tuple[str, WebDesk],  # noqa: F811
    browser: object,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CASEWORK_NOW", "2026-12-05T02:00:00")
    base, desk = server
    supervisor = Console(browser, base, SUPERVISOR)
    supervisor.go("/accountability")
    submit(supervisor, "open-inquiry", {"officer": OFFICER, "ground": "不作为", "details": "接报后两小时未到场"})
    ref = supervisor.page.url.rsplit("/", 1)[-1]
    officer = Console(browser, base, OFFICER, phone=True)
    officer.go(f"/accountability/inquiries/{ref}")
    submit(officer, "statement", {"statement": "当日另有紧急任务，已向队长报告"})
    supervisor.page.reload()
    submit(supervisor, "decide", {"sanction": "circular_criticism", "reasons": "情况属实"})
    assert "通报批评" in supervisor.page.locator("#decision").inner_text()
    supervisor.shot("accountability-inquiry")
    officer.go(f"/accountability/record/{OFFICER}")
    assert "通报批评" in officer.page.locator("#inquiries").inner_text()
    officer.shot("accountability-record-phone")
    kinds = [e.type for e in desk.store.read_stream(f"inquiry-{ref}")]
    assert kinds == ["InquiryOpened", "InquiryStatementRecorded", "InquiryDecided"]

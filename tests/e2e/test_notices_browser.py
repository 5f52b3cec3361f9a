"""提醒 as people meet it: headless Chromium (Debian's) through Playwright, against uvicorn
serving the app on a real SQLite file. The notices come from the real daily sweep with the
clock moved on; an officer reads them on a phone (one card a notice, no sideways scroll),
a supervisor at a desk. Screenshots go to tests/artefacts/screens/ (git-ignored)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.e2e.test_web_browser import Console, browser, server  # noqa: F401 - fixtures
from tests.web.desk import PEOPLE, WebDesk
from workflow.reports.notices import sweep_deadlines


def sweep(desk: WebDesk, monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    monkeypatch.setenv("CASEWORK_NOW", f"{day}T09:00:00")
    sweep_deadlines(desk.store, desk.ctx.casework.projections, date.fromisoformat(day))


def test_notices_on_a_phone_and_at_a_desk(
    server: tuple[str, WebDesk],  # noqa: F811
    browser: object,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base, desk = server
    monkeypatch.setenv("CASEWORK_NOW", "2026-06-01T10:00:00")
    cases = [desk.dispatched(party=name) for name in ("王五", "赵六")]
    sweep(desk, monkeypatch, "2026-08-20")  # 11 days of 90 left: 期限预警
    monkeypatch.setenv("CASEWORK_NOW", "2026-08-25T10:00:00")  # the leader withdraws the second
    withdrawn = desk.api(PEOPLE["leader"], "POST", f"/api/cases/{cases[1]}/withdraw",
                         json={"reason": "违法事实不能成立"})  # fmt: skip
    assert withdrawn.status_code == 200, withdrawn.text
    sweep(desk, monkeypatch, "2026-09-01")  # 超期通知 for the first only
    monkeypatch.setenv("CASEWORK_NOW", "2026-09-01T10:00:00")

    officer = Console(browser, base, PEOPLE["officer"], phone=True)
    officer.go("/my")
    link = officer.page.locator('nav a[href="/notices"]')
    assert link.inner_text().replace("\n", "") == "提醒1"  # today's 超期通知
    link.click()
    officer.page.wait_for_load_state()
    rows = officer.page.locator("table.notices tbody tr")
    assert rows.count() == 3
    first = rows.first.inner_text()
    assert "超期通知" in first and "已超期 1 天" in first and "办理期限" in first and "2026-08-31" in first
    assert "待处理" in first
    assert officer.page.locator("table.notices tbody tr.new").count() == 1  # 新: today's only
    assert rows.first.locator(".new-mark").inner_text() == "新"
    assert link.inner_text().replace("\n", "") == "提醒"  # read: the count is gone
    for n in (1, 2):
        assert "期限预警" in rows.nth(n).inner_text() and "剩 11 天" in rows.nth(n).inner_text()
    handled = officer.page.locator("table.notices tbody tr.done")
    assert handled.count() == 1 and "已处理" in handled.inner_text() and "已撤案" in handled.inner_text()
    assert officer.page.locator("table.notices thead").is_hidden()  # a phone: labelled cells
    label = officer.page.evaluate(
        "getComputedStyle(document.querySelector('table.notices td[data-label=\"期限\"]'), '::before').content")
    assert "期限" in label
    assert officer.page.evaluate("document.documentElement.scrollWidth") <= 390
    officer.shot("officer-notices-phone")
    officer.page.locator(f'table.notices a[href="/cases/{cases[0]}"]').first.click()
    officer.page.wait_for_load_state()
    assert officer.page.url.endswith(f"/cases/{cases[0]}")
    assert officer.page.locator('nav a[href="/notices"]').inner_text() == "提醒"  # and stays gone

    supervisor = Console(browser, base, PEOPLE["supervisor"])
    supervisor.go("/notices")
    assert supervisor.page.locator("table.notices tbody tr").count() == 3
    assert supervisor.page.locator("table.notices thead").is_visible()
    assert "台城镇" in supervisor.page.locator("table.notices tbody tr").first.inner_text()
    supervisor.shot("supervisor-notices")

"""Layout defects found walking the console on a phone (QA), through Debian's Chromium."""

from __future__ import annotations

from datetime import timedelta

from tests.e2e.test_web_browser import Console, browser, server  # noqa: F401  (fixtures)
from tests.web.desk import PEOPLE, WebDesk


def test_the_chain_check_on_a_phone_does_not_widen_the_page(
    server: tuple[str, WebDesk],  # noqa: F811
    browser: object,  # noqa: F811
) -> None:
    """The supervisor's ✓ line carries the 64-hex chain head: it widened a 390-px page to
    ~600 px (the whole case page then scrolled sideways)."""
    base, desk = server
    case = desk.decided()
    supervisor = Console(browser, base, PEOPLE["supervisor"], phone=True)
    supervisor.go(f"/cases/{case}")
    page = supervisor.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("#verify-chain")
    # a locator wait, not wait_for_function("…"): a string predicate is eval'd in the page
    # when it must poll, and the console's CSP (no 'unsafe-eval') refuses it
    page.locator("#chain-result").filter(has_text="✓").wait_for(timeout=10000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_an_administrator_resets_a_password_on_a_phone_and_it_logs_in(
    server: tuple[str, WebDesk],  # noqa: F811
    browser: object,  # noqa: F811
) -> None:
    """账户管理 on a 390-px phone: the list fits the screen, 重置密码 shows the one-time
    password once, and the person logs in with it (then must change it)."""
    base, _desk = server
    admin = Console(browser, base, PEOPLE["admin"], phone=True)
    admin.go("/accounts?township=taicheng")
    page = admin.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator('tr[data-account="tc-004"] form[action="/accounts/reset"] button').click()
    page.wait_for_load_state()
    first = page.locator("code.secret").inner_text().strip()
    assert first and "待修改初始密码" in page.locator('tr[data-account="tc-004"]').inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    officer = admin.context.browser.new_context(viewport={"width": 390, "height": 844})
    tab = officer.new_page()
    tab.goto(f"{base}/login")
    tab.fill("input[name=account]", "tc-004")
    tab.fill("input[name=password]", first)
    tab.click("button[type=submit]")
    tab.wait_for_load_state()
    assert tab.url.endswith("/password")


def test_a_months_circular_fits_a_phone(
    server: tuple[str, WebDesk],  # noqa: F811
    browser: object,  # noqa: F811
) -> None:
    """月度通报 in the console on a 390-px phone: laid out 980 px wide (no viewport), then
    583 px (its 核验 line carries the 64-hex root and the wide tables), a sideways page."""
    from workflow import clock
    from workflow.reports.seals import seal_month

    base, desk = server
    desk.decided()
    today = clock.local_day(clock.now())
    month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")  # last month, sealed:
    seal_month(desk.store, month, today)  # its 核验 line names the 64-hex root
    leader = Console(browser, base, PEOPLE["leader"], phone=True)
    leader.go(f"/circulars/{month}")
    assert "核验：casework verify" in leader.page.content()
    page = leader.page
    assert page.locator("p.console-back a").get_attribute("href") == "/circulars"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

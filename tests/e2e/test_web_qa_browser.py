"""Layout defects found walking the console on a phone (QA), through Debian's Chromium."""

from __future__ import annotations

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

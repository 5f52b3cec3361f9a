"""The console as people meet it: headless Chromium (Debian's) through Playwright, against
`uvicorn` serving the app on a real SQLite file.

An officer opens a case, the leader dispatches, the officer records evidence, notifies
and records the waiver, the leader decides, the officer closes, a supervisor reviews and
checks the chain in the browser. One screenshot of each role's main page is kept under
tests/artefacts/screens/ (git-ignored).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from events import open_store
from tests.web.desk import PASSWORD, PEOPLE, WebDesk

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENS = Path(__file__).resolve().parents[1] / "artefacts" / "screens"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, WebDesk]]:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    store = open_store(url)
    desk = WebDesk(store, url, tmp_path / "evidence")
    port = free_port()
    config = uvicorn.Config(desk.app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", desk
    running.should_exit = True
    thread.join(10)
    desk.close()
    store.close()


@pytest.fixture
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


class Console:
    """One person's browser tab on the console."""

    def __init__(self, browser: object, base: str, person: str, phone: bool = False) -> None:
        size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
        self.context = browser.new_context(viewport=size, locale="zh-CN")  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.base = base
        self.page.goto(f"{base}/login")
        self.page.fill("input[name=account]", person)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state()

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def act(
        self, case: str, name: str, fields: dict[str, str], checks: tuple[str, ...] = ()
    ) -> None:
        self.go(f"/cases/{case}")
        form = self.page.locator(f'form[data-act="{name}"]')
        details = self.page.locator(f'details:has(form[data-act="{name}"])')
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        for field, value in fields.items():
            target = form.locator(f'[name="{field}"]')
            if target.evaluate("e => e.tagName") == "SELECT":
                target.select_option(value)
            else:
                target.fill(value)
        for value in checks:
            form.locator(f'input[value="{value}"]').check()
        form.locator("button[type=submit]").click()
        self.page.wait_for_load_state()
        alert = self.page.locator(".alert")
        assert alert.count() == 0, alert.inner_text()
        assert "已办理" in self.page.locator(".notice").inner_text()

    def shot(self, name: str) -> None:
        SCREENS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def test_a_case_from_opening_to_review_in_the_browser(
    server: tuple[str, WebDesk], browser: object
) -> None:
    base, desk = server
    officer = Console(browser, base, PEOPLE["officer"], phone=True)
    officer.go("/cases/new")
    # on a phone the menu is one sideways-scrolling row: the header stays a small strip
    header = officer.page.evaluate("document.querySelector('header.top').offsetHeight")
    assert header < 0.12 * 844, header
    assert officer.page.evaluate("getComputedStyle(document.querySelector('nav')).overflowX") == "auto"
    officer.page.select_option("select[name=matter]", "SC-CF-003")
    officer.page.fill("input[name=party]", "张三 <b>粗体</b>")
    officer.page.fill("textarea[name=summary]", "商品未明码标价")
    officer.page.fill("input[name=party_id_number]", "11010519491231002X")
    officer.page.fill("input[name=party_address]", "台城镇东街 1 号")
    officer.page.click('form[action="/cases/new"] button[type=submit]')
    officer.page.wait_for_load_state()
    case = officer.page.url.split("/cases/")[1].split("?")[0]
    assert "张三 <b>粗体</b>" in officer.page.locator(".party").inner_text()

    leader = Console(browser, base, PEOPLE["leader"])
    leader.shot("leader-team-board")
    leader.act(case, "dispatch", {}, checks=(PEOPLE["officer"], PEOPLE["officer2"]))

    officer.act(case, "record-evidence", {"kind": "现场笔录", "text": "已拍照取证"})
    officer.act(case, "notify-penalty", {"basis": "《价格法》第四十二条", "circumstance": "一般",
                                     "sanctions": "罚款:500"})
    officer.act(case, "waive-defence", {})
    officer.go("/my")
    officer.shot("officer-my-cases-phone")

    leader.act(case, "decide-penalty", {"basis": "《价格法》第四十二条", "sanctions": "罚款:500"})
    officer.act(case, "issue", {"kind": "decision"})
    number = officer.page.locator("select[name=document] option").first.get_attribute("value")
    officer.act(case, "serve", {"document": str(number), "method": "直接送达"})
    officer.act(case, "pay", {"amount": "500", "receipt": "B-WEB-1"})
    officer.page.locator("#paper").scroll_into_view_if_needed()
    officer.shot("officer-case-papers-phone")
    officer.act(case, "close", {"outcome": "executed"})

    deputy = Console(browser, base, PEOPLE["deputy"])
    deputy.go("/queue")
    deputy.shot("legal-reviewer-queue")

    supervisor = Console(browser, base, PEOPLE["supervisor"])
    supervisor.shot("supervisor-county-board")
    supervisor.act(case, "review", {"verdict": "qualified", "findings": "程序合法"})
    supervisor.page.click("#verify-chain")
    result = supervisor.page.locator("#chain-result")
    result.filter(has_text="哈希链").wait_for(timeout=10000)
    assert "✓ 哈希链完整" in result.inner_text()
    assert "已评查" in supervisor.page.locator(".state").inner_text()
    supervisor.shot("supervisor-case-verified")
    supervisor.go(f"/audit?case={case}")
    supervisor.shot("supervisor-audit")
    supervisor.go("/deadlines")
    supervisor.shot("supervisor-deadline-board")

    admin = Console(browser, base, PEOPLE["admin"])
    admin.shot("admin-tokens")
    records = desk.store.read_stream(f"case-{case}")
    assert {r.metadata.get("channel") for r in records} == {"web"}
    paid = desk.store.read_stream(f"execution-{case}")
    assert [(r.type, r.metadata.get("channel")) for r in paid] == [
        ("DocumentServed", "web"), ("PaymentRecorded", "web")]

"""下一步 on a phone (headless Chromium, 390 px wide): the officer's 我的案件 and the leader's
期限看板 show, on each open case's card, what it waits for and who does it; the page does
not scroll sideways. A supervisor's desktop board has the column too.
The leader's 本队看板 too. Screenshots: tests/artefacts/screens/next-step-*.png."""

from __future__ import annotations

import pytest

from tests.e2e.test_web_browser import Console, browser, server  # noqa: F401 - fixtures
from tests.web.desk import PEOPLE, WebDesk
from tests.web.test_next_step_pages import INVESTIGATE, build


def cards(console: Console) -> dict[str, str]:
    """Case id -> the visible text of its 下一步 cell."""
    found = console.page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('td.next-step')].map(td =>
             [td.closest('tr').querySelector('a[href^="/cases/"]').getAttribute('href').slice(7),
              td.innerText]))"""
    )
    assert isinstance(found, dict)
    return {str(k): str(v) for k, v in found.items()}


def test_next_step_on_a_phone(
    server: tuple[str, WebDesk],  # noqa: F811
    browser: object,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base, desk = server
    cases = build(desk, monkeypatch)
    officer = Console(browser, base, PEOPLE["officer"], phone=True)
    officer.go("/my")
    shown = cards(officer)
    assert INVESTIGATE in shown[cases["dispatched"]]
    assert "当事人陈述、申辩或申请听证" in shown[cases["in_period"]]
    assert "已超过办理期限" in shown[cases["overdue"]]
    assert officer.page.locator("td.next-step").first.is_visible()
    assert officer.page.evaluate("document.documentElement.scrollWidth") <= 390
    officer.shot("next-step-my-phone")
    leader = Console(browser, base, PEOPLE["leader"], phone=True)
    leader.go("/deadlines")
    board = cards(leader)
    assert set(board) == set(cases.values())
    assert "作出决定" in board[cases["period_over"]]
    assert leader.page.evaluate("document.documentElement.scrollWidth") <= 390
    leader.shot("next-step-deadlines-phone")
    desk_view = Console(browser, base, PEOPLE["supervisor"])  # a desktop: the column in the table
    desk_view.go("/deadlines")
    assert desk_view.page.locator("th", has_text="下一步").is_visible()
    assert set(cards(desk_view)) == set(cases.values())
    desk_view.shot("next-step-deadlines-desktop")


def test_the_team_board_on_a_phone(
    server: tuple[str, WebDesk],  # noqa: F811
    browser: object,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """本队看板 at 390 px: 待指派 and 临近期限与超期 show each case's 下一步 on its card, under
    its label, and the page does not scroll sideways. Screenshot: next-step-team-phone.png."""
    base, desk = server
    cases = build(desk, monkeypatch)
    waiting = desk.open_case()
    leader = Console(browser, base, PEOPLE["leader"], phone=True)
    leader.go("/team")
    shown = cards(leader)
    assert "指派办案人员" in shown[waiting]
    assert "已超过办理期限" in shown[cases["overdue"]]
    assert "当事人陈述、申辩或申请听证" in shown[cases["in_period"]]
    label = leader.page.evaluate(
        "getComputedStyle(document.querySelector('td.next-step'), '::before').content"
    )
    assert "下一步" in str(label)  # the phone layout's card label (data-label)
    assert leader.page.evaluate("document.documentElement.scrollWidth") <= 390
    leader.shot("next-step-team-phone")

"""下一步 on 我的案件 (/my) and 期限看板 (/deadlines): each open case says what it waits for
and who does it, as the case page does (`waiting.waiting_for` on the folded case, today):
dispatched, notified within the party's period, notified after it, and past the 办理期限.
The column never shows the party; the board folds only the cases of the page it shows."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import BASIS, FINE, PEOPLE, WebDesk
from workflow.cases.numbering import parse_case_ref
from workflow.web import steps

OFFICER, OFFICER2, LEADER = PEOPLE["officer"], PEOPLE["officer2"], PEOPLE["leader"]
SUPERVISOR = PEOPLE["supervisor"]
TODAY = "2026-11-27T10:00:00"
DECIDERS = "队长或经授权的副队长"
INVESTIGATE = "调查取证、事先告知（或不予处罚、移送、撤案）"
LATE = ("已超过办理期限（2026-08-31）且无延期记录，不能再作出处罚决定（行政处罚法第六十条）；"
        "可作出不予处罚决定、移送司法机关或撤销立案")  # fmt: skip
PARTY = {
    "party": "王小明",
    "party_id_number": "11010519491231002X",
    "party_address": "台城镇东街 1 号",
}


def expected_steps(officers: str) -> dict[str, tuple[str, str]]:
    """下一步 (act, who) of each case `build` makes, the case's officers named `officers`."""
    return {
        "dispatched": (INVESTIGATE, officers),
        "in_period": ("当事人陈述、申辩或申请听证", "当事人"),
        "period_over": ("作出决定", DECIDERS),
        "overdue": (LATE, DECIDERS),
        "stalled": (LATE, DECIDERS),  # no decision can follow the investigation now
    }


def build(desk: WebDesk, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Five cases of 台城镇 on TODAY (Asia/Shanghai): notified and past the 办理期限, dispatched
    and past it, notified after the party's period, notified within it, dispatched."""

    def opened(now: str, **party: str) -> str:
        monkeypatch.setenv("CASEWORK_NOW", now)
        body = {"township": "taicheng", "matter": "SC-CF-001", "party": "张三",
                "summary": "占道经营", **party}  # fmt: skip
        made = desk.api(OFFICER, "POST", "/api/cases", json=body)
        assert made.status_code == 201, made.text
        case = str(made.json()["case_id"])
        act(LEADER, case, "dispatch", {"officers": [OFFICER, OFFICER2]})
        return case

    def act(who: str, case: str, name: str, data: dict[str, object]) -> None:
        done = desk.api(who, "POST", f"/api/cases/{case}/{name}", json=data)
        assert done.status_code == 200, (name, done.text)

    def notified(now: str, **party: str) -> str:
        case = opened(now, **party)
        act(OFFICER, case, "record-evidence", {"kind": "书证", "text": "照片"})
        act(
            OFFICER,
            case,
            "notify-penalty",
            {"basis": BASIS, "circumstance": "一般", "sanctions": FINE},
        )
        return case

    cases = {
        "overdue": notified("2026-06-01T10:00:00"),  # 90 days ran out in August
        "stalled": opened("2026-06-02T10:00:00"),  # still investigating past them
        "period_over": notified("2026-11-09T10:00:00"),  # 5 working days ran out on 11-16
        "in_period": notified("2026-11-26T10:00:00", **PARTY),
        "dispatched": opened("2026-11-26T11:00:00"),
    }
    monkeypatch.setenv("CASEWORK_NOW", TODAY)
    return cases


def next_cells(page: str, section: str | None = None) -> dict[str, str]:
    """Case id -> the text of its 下一步 cell (tags dropped), in the order shown."""
    found: dict[str, str] = {}
    for row in re.findall(r"<tr class=\"[^\"]*\">(.*?)</tr>", section or page, re.S):
        case = re.search(r'href="/cases/([^"]+)"', row)
        cell = re.search(r'<td data-label="下一步" class="next-step">(.*?)</td>', row, re.S)
        if case and cell:
            text = html.unescape(re.sub(r"<[^>]+>", " ", cell.group(1)))
            found[case.group(1)] = " ".join(text.split())
    return found


class TestNextStepPages(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(
        self, tmp_path: Path, _store: None, monkeypatch: pytest.MonkeyPatch
    ) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        self.cases = build(self.desk, monkeypatch)
        d = self.desk.ctx.directory()
        self.officers = "、".join(f"{d.person(o).name}（{o}）" for o in (OFFICER, OFFICER2))  # type: ignore[union-attr]
        yield
        self.desk.close()

    def expected(self) -> dict[str, tuple[str, str]]:
        return expected_steps(self.officers)

    def test_my_cases_say_what_each_waits_for(self) -> None:
        page = self.desk.login(OFFICER).get("/my")
        assert page.status_code == 200
        assert "<th>下一步</th>" in page.text
        due = page.text.split("我的期限（超期在前）")[1].split("<h1>我的案件</h1>")[0]
        shown = next_cells(page.text, due)
        assert list(shown)[0] == self.cases["overdue"]  # overdue first, as before
        for name, (act, who) in self.expected().items():
            assert shown[self.cases[name]] == f"{act} {who}", name
        everything = next_cells(page.text, page.text.split("<h1>我的案件</h1>")[1])
        assert everything == shown

    def test_the_board_says_it_too_and_matches_the_case_page(self) -> None:
        leader = self.desk.login(LEADER)
        board = leader.get("/deadlines")
        assert board.status_code == 200
        assert re.findall(r"<h1>(.*?)</h1>", board.text) == ["期限看板（5 件，超期 2 件）"]
        shown = next_cells(board.text)
        for name, (act, who) in self.expected().items():
            assert shown[self.cases[name]] == f"{act} {who}", name
            case_page = leader.get(f"/cases/{self.cases[name]}").text
            assert f"<strong>下一步：</strong>{html.escape(act)}（{html.escape(who)}）" in case_page

    def test_the_column_never_shows_the_party(self) -> None:
        board = self.desk.login(SUPERVISOR).get("/deadlines")
        assert board.status_code == 200
        assert self.cases["in_period"] in board.text
        for secret in PARTY.values():  # a supervisor reads the name, no identity number
            assert secret not in " ".join(next_cells(board.text).values())
        assert PARTY["party_id_number"] not in board.text
        mine = self.desk.login(OFFICER).get("/my").text
        assert "王小明" in mine  # the officer of the case reads the party…
        for cell in next_cells(mine).values():  # …but never in 下一步
            assert not any(secret in cell for secret in PARTY.values())

    def test_a_page_of_the_board_folds_only_its_cases(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(steps, "PAGE", 3)
        leader = self.desk.login(LEADER)
        self.desk.ctx.folded.clear()  # the commands above folded every case
        first = leader.get("/deadlines")
        assert first.status_code == 200 and "第 1/2 页（共 5 件）" in first.text
        assert 'href="/deadlines?township=&amp;page=2" rel="next"' in first.text
        on_first = list(next_cells(first.text))
        assert on_first[:2] == [self.cases["overdue"], self.cases["stalled"]] and len(on_first) == 3
        folded = {
            c
            for c in self.cases.values()
            if self.desk.ctx.folded.get(parse_case_ref(c).stream_id) is not None
        }
        assert folded == set(on_first)
        second = leader.get("/deadlines?page=2")
        rest = set(self.cases.values()) - set(on_first)
        assert set(next_cells(second.text)) == rest and 'rel="prev"' in second.text
        mine = self.desk.login(OFFICER).get("/my?page=2")
        assert mine.status_code == 200 and "第 2/2 页（共 5 件）" in mine.text

    def test_a_bad_page_number_is_refused(self) -> None:
        leader = self.desk.login(LEADER)
        for bad in ("0", "x", "-1"):
            response = leader.get(f"/deadlines?page={bad}")
            assert response.status_code == 400, (bad, response.status_code)
            assert "请求格式有误" in response.text and "invalid request" in response.text

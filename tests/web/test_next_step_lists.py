"""下一步, round two: the leader's 本队看板 (/team: 待指派, 临近期限与超期) has the column; the
JSON API's `GET /api/cases` and `GET /api/deadlines` carry `next` on each row (the spec
documents it), page with `limit`/`offset` (folding only the rows returned) and refuse a bad
value in one Chinese and English line; and a row the read model has not caught up with
(an event recorded between its read and the fold) shows the state of the case's events,
as its 下一步 does, on the pages and in the API alike."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PEOPLE, WebDesk
from tests.web.test_next_step_pages import (
    INVESTIGATE,
    build,
    expected_steps,
    next_cells,
)
from workflow.cases import commands as c
from workflow.cases import next_steps as ns
from workflow.cases.numbering import parse_case_ref
from workflow.cases.service import CaseService
from workflow.organisation.snapshot import load_directory

OFFICER, OFFICER2, LEADER = PEOPLE["officer"], PEOPLE["officer2"], PEOPLE["leader"]
ASSIGN = ("指派办案人员（或不予立案）", "队长或副队长")


def section(page: str, heading: str) -> str:
    """The card under the <h2> that starts with `heading`."""
    return page.split(f"<h2>{heading}")[1].split("</section>")[0]


def state_cells(page: str) -> dict[str, str]:
    """Case id -> the text of its 状态 cell."""
    found = {}
    for row in re.findall(r"<tr class=\"[^\"]*\">(.*?)</tr>", page, re.S):
        case = re.search(r'href="/cases/([^"]+)"', row)
        cell = re.search(r'<td data-label="状态">(.*?)</td>', row, re.S)
        if case and cell:
            found[case.group(1)] = cell.group(1).strip()
    return found


class TestNextStepLists(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(
        self, tmp_path: Path, _store: None, monkeypatch: pytest.MonkeyPatch
    ) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        self.cases = build(self.desk, monkeypatch)  # five dispatched or notified, on TODAY
        self.cases["unassigned"] = self.desk.open_case()
        d = self.desk.ctx.directory()
        self.officers = "、".join(f"{d.person(o).name}（{o}）" for o in (OFFICER, OFFICER2))  # type: ignore[union-attr]
        yield
        self.desk.close()

    def expected(self) -> dict[str, tuple[str, str]]:
        return {**expected_steps(self.officers), "unassigned": ASSIGN}

    def api(self, path: str) -> Any:
        response = self.desk.api(LEADER, "GET", path)
        assert response.status_code == 200, response.text
        return response

    def test_the_team_board_says_what_each_case_waits_for(self) -> None:
        board = self.desk.login(LEADER).get("/team")
        assert board.status_code == 200
        unassigned = section(board.text, "待指派")
        near = section(board.text, "临近期限")
        assert "<th>下一步</th>" in unassigned and "<th>下一步</th>" in near
        assert next_cells(board.text, unassigned) == {self.cases["unassigned"]: " ".join(ASSIGN)}
        shown = next_cells(board.text, near)
        names = {"overdue", "stalled", "in_period"}  # overdue, or due within 5 working days
        assert set(shown) == {self.cases[n] for n in names}
        for name in names:
            assert shown[self.cases[name]] == " ".join(self.expected()[name]), name
        assert not any("王小明" in cell for cell in shown.values())  # never the party

    def test_the_api_rows_carry_next_as_the_pages_do(self) -> None:
        listed = self.api("/api/cases")
        rows = {r["case_id"]: r for r in listed.json()}
        assert listed.headers["X-Total-Count"] == "6" and set(rows) == set(self.cases.values())
        for name, (act, who) in self.expected().items():
            step = rows[self.cases[name]]["next"]
            assert (step["act"], step["who"]) == (act, who), name
        period = rows[self.cases["in_period"]]
        assert period["next"]["by"] == next(
            d["due"] for d in period["deadlines"] if d["name"] == "hearing_request"
        )
        assert rows[self.cases["overdue"]]["next"]["by"] is None
        board = self.api("/api/deadlines").json()
        page = next_cells(self.desk.login(LEADER).get("/deadlines").text)
        assert {r["case_id"]: f"{r['next']['act']} {r['next']['who']}" for r in board} == page
        other = self.desk.api(PEOPLE["other"], "GET", "/api/cases")  # 耿镇镇's officer
        assert other.status_code == 200 and other.json() == []

    def test_a_page_of_the_api_folds_only_its_rows(self) -> None:
        whole = [r["case_id"] for r in self.api("/api/deadlines").json()]
        assert len(whole) == 6
        self.desk.ctx.folded.clear()  # the commands above folded every case
        page = self.api("/api/deadlines?limit=2&offset=1")
        assert page.headers["X-Total-Count"] == "6"
        assert [r["case_id"] for r in page.json()] == whole[1:3]
        folded = {x for x in whole if self.desk.ctx.folded.get(parse_case_ref(x).stream_id)}
        assert folded == set(whole[1:3])
        assert [r["case_id"] for r in self.api("/api/cases?offset=4").json()] == [
            r["case_id"] for r in self.api("/api/cases").json()
        ][4:]
        assert self.api("/api/cases?offset=50&limit=5").json() == []

    @pytest.mark.parametrize(
        "query", ["limit=0", "limit=x", "offset=-1", "limit=10001", "offset=1000001", "limit="]
    )
    def test_a_bad_page_is_refused_in_one_line(self, query: str) -> None:
        headers = self.desk.token(LEADER)
        before = self.store.head()
        for path in ("/api/cases", "/api/deadlines"):
            refused = self.desk.client().get(f"{path}?{query}", headers=headers)
            assert refused.status_code == 400, (path, query, refused.text)
            body = refused.json()
            assert body["zh"].startswith("请求格式有误") and body["en"].startswith("invalid request")
            assert "\n" not in body["zh"] + body["en"]
        assert self.store.head() == before

    def test_the_spec_documents_next_and_the_page(self) -> None:
        spec = self.desk.client().get("/api/openapi.json").json()
        schemas = spec["components"]["schemas"]
        row = schemas["CaseRowOut"]
        assert {"case_id", "state", "state_zh", "next_deadline", "next"} <= set(row["properties"])
        assert set(schemas["NextStepOut"]["properties"]) == {"act", "who", "by"}
        for path in ("/api/cases", "/api/deadlines"):
            get = spec["paths"][path]["get"]
            ok = get["responses"]["200"]
            assert ok["content"]["application/json"]["schema"]["items"] == {
                "$ref": "#/components/schemas/CaseRowOut"
            }
            assert "X-Total-Count" in ok["headers"]
            params = {p["name"]: p for p in get["parameters"]}
            assert {"limit", "offset"} <= set(params), path
            assert params["limit"]["schema"]["anyOf"][0]["minimum"] == 1

    def test_a_row_behind_the_events_agrees_with_its_next_step(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A dispatch recorded after the list's read and before its fold (through the test's
        own store: no read model runs on it), once per list: the row shows the events' state
        (调查中) beside their 下一步, and 待指派 no longer lists the case."""
        first, second = self.desk.open_case(), self.desk.open_case()
        racing = [self.cases["unassigned"], first, second]
        directory = load_directory(self.store)
        service = CaseService(self.store, lambda: directory)  # type: ignore[arg-type]
        fold = ns.fold_cases

        def dispatched_meanwhile(*args: Any, **kw: Any) -> Any:
            if racing:
                service.execute(c.DispatchCase(actor=LEADER, case=racing.pop(0),
                                               officers=(OFFICER, OFFICER2)))  # fmt: skip
            return fold(*args, **kw)

        monkeypatch.setattr(ns, "fold_cases", dispatched_meanwhile)
        leader = self.desk.login(LEADER)
        team = leader.get("/team").text
        assert self.cases["unassigned"] not in section(team, "待指派")
        assert {first, second} <= set(next_cells(team, section(team, "待指派")))

        board = leader.get("/deadlines").text  # `first` dispatched between read and fold
        assert state_cells(board)[first] == "调查中"
        assert next_cells(board)[first] == f"{INVESTIGATE} {self.officers}"
        assert state_cells(board)[second] == "已立案"  # not yet: the next list's race
        assert next_cells(board)[second] == " ".join(ASSIGN)

        rows = {r["case_id"]: r for r in self.api("/api/cases").json()}  # `second` now
        assert (rows[second]["state"], rows[second]["state_zh"]) == ("dispatched", "调查中")
        assert rows[second]["next"]["act"] == INVESTIGATE
        assert not racing
        caught = {r["case_id"]: r for r in self.api("/api/cases").json()}  # the model caught up
        assert caught[second]["state"] == "dispatched"
        assert caught[second]["next"] == rows[second]["next"]

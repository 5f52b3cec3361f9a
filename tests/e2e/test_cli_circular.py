"""`casework circular` as a user runs it: the demo county's November circular, as an HTML
file and as Markdown, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.demo_cache import demo as cached_demo
from tests.e2e.cli import casework
from tests.integration.case_db import BACKENDS, database_url

NOW = {"CASEWORK_NOW": "2026-11-26T10:00:00"}
TITLE = "五台县乡镇综合行政执法工作月度通报"


@pytest.fixture(params=BACKENDS)
def demo(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The demo county (built once per worker and copied: tests/demo_cache.py; `casework
    demo` as a process is tested in test_cli_case.py)."""
    url = database_url(request.param, tmp_path)
    monkeypatch.setenv("CASEWORK_NOW", NOW["CASEWORK_NOW"])
    cached_demo(url, seed=7, cases=120)  # the circular contract's county
    return url


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def test_html_file(demo: str, tmp_path: Path) -> None:
    out = tmp_path / "f.html"
    run = casework("circular", "2026-11", "--format", "html", "--out", str(out), db=demo, **NOW)
    assert run.code == 0, run.err
    assert str(out) in run.out and "sha256" in run.out
    html = out.read_text(encoding="utf-8")
    parser = Tags()
    parser.feed(html)
    assert parser.tags.count("svg") == 2 and parser.tags.count("text") > 10
    assert TITLE in html and "超期案件点名" in html and "尚未封存" in html
    again = casework("--json", "circular", "2026-11", "--out", str(tmp_path / "g.html"),
                     db=demo, **NOW)  # fmt: skip
    assert json.loads(again.out)["digest"] in run.out


def test_markdown_on_stdout(demo: str) -> None:
    run = casework("circular", "2026-11", "--format", "md", db=demo, **NOW)
    assert run.code == 0, run.err
    assert run.out.startswith(f"# {TITLE}")
    assert "| 排名 | 乡镇 |" in run.out and "**图：2026年11月各乡镇执法行为（次）**" in run.out
    assert "<svg" not in run.out


def test_json_and_errors(demo: str) -> None:
    run = casework("--json", "circular", "2026-11", "--format", "md", db=demo, **NOW)
    figures = json.loads(run.out)
    listed = casework("--json", "cases", db=demo, **NOW)
    cases = [line for line in listed.out.splitlines() if line.strip()]
    # the 80 simulated cases and those opened from the demo's accepted leads and applications
    assert len(cases) >= 80 and figures["year_totals"]["opened"] == len(cases)
    assert figures["teams"] == 14
    future = casework("circular", "2027-01", db=demo, **NOW)
    assert future.code == 3 and "尚未开始" in future.err and "Traceback" not in future.err
    bad = casework("circular", "2026-13", db=demo, **NOW)
    assert bad.code != 0 and "Traceback" not in bad.err


def test_a_sealed_month_prints_a_root_that_verifies(demo: str) -> None:
    run = casework("circular", "2026-10", "--format", "md", db=demo, **NOW)
    assert run.code == 0, run.err
    line = next(x for x in run.out.splitlines() if x.startswith("核验：casework verify"))
    args = line.removeprefix("核验：casework ").split()
    assert args[:3] == ["verify", "--month", "2026-10"] and len(args[4]) == 64
    check = casework(*args, db=demo, **NOW)
    assert check.code == 0 and "2026-10" in check.out, check.err
    as_json = json.loads(casework("--json", "circular", "2026-10", db=demo, **NOW).out)
    assert as_json["seal_root"] == args[4], "the JSON carries the root the paper prints"
    assert json.loads(casework("--json", "circular", "2026-11", db=demo, **NOW).out)["seal_root"] is None

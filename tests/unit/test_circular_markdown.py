"""The Markdown circular shows data as typed: never HTML, never Markdown syntax (issue 13 §3)."""

from __future__ import annotations

import re

import pytest

from workflow.reports.circular import render
from workflow.reports.circular.document import Chart, Grid, Heading, Para

HOSTILE = ["<script>alert(1)</script>", "[点我](http://evil.example)", "**粗**_斜_`码`",
           "# 标题", "> 引用", "- 列表", "1. 列表", "a|b", "第一行\n# 第二行", "&amp;", "~~删~~"]  # fmt: skip


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch) -> str:
    blocks = [Heading(HOSTILE[0]), *[Para(t) for t in HOSTILE],
              Grid(["乡镇", HOSTILE[6]], [[t, "1"] for t in HOSTILE]),
              Chart(HOSTILE[1], "<svg/>", HOSTILE, list(range(len(HOSTILE))))]  # fmt: skip
    monkeypatch.setattr(render, "document", lambda figures: blocks)
    monkeypatch.setattr(render, "title", lambda figures: "<b>五台县</b>")
    monkeypatch.setattr(render, "issue_line", lambda figures: "*第1期*")
    return render.to_markdown(None)  # type: ignore[arg-type]


def test_no_html_from_data(hostile: str) -> None:
    assert "<" not in hostile and ">" not in hostile.replace("&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile
    assert "&amp;amp;" in hostile  # an entity typed as data is shown as typed


def test_no_markdown_syntax_from_data(hostile: str) -> None:
    assert "\\[点我\\](http://evil.example)" in hostile and "](" not in hostile.replace("\\](", "")
    assert "\\*\\*粗\\*\\*\\_斜\\_\\`码\\`" in hostile and "\\~\\~删\\~\\~" in hostile
    for line in hostile.splitlines():
        if line.startswith(("#", ">", "-", "1.")):  # only the renderer's own headings
            assert re.match(r"#{1,2} (\\#|&lt;|\\\*|&lt;b)", line) or line.startswith("# &lt;b"), line
    assert "第一行 # 第二行" in hostile  # a newline in data starts no block
    rows = [line for line in hostile.splitlines() if line.startswith("| a")]
    assert rows == ["| a\\|b | 1 |", "| a\\|b | 7 |"]  # a pipe in data makes no extra cell


def test_plain_words_are_unchanged() -> None:
    assert render.md_escape("台城镇 2026年11月 1.5 元 -- casework verify --month") == (
        "台城镇 2026年11月 1.5 元 -- casework verify --month")

"""Writing the circular (通报成文): one self-contained HTML file, or Markdown.

Both walk the same blocks (`workflow.reports.circular.document`). The HTML carries its charts as
inline SVG and its style inline: no scripts, no links, nothing fetched. Markdown has no
images, so each chart is given as its data table. The page names a CJK font stack that
Windows (SimSun, Microsoft YaHei), macOS (Songti, PingFang) and Linux (Noto CJK) each
cover; a machine with none of them shows boxes, so printing needs a CJK font installed.
"""

from __future__ import annotations

import hashlib
import re
from html import escape

from workflow.reports.circular.document import (
    Block,
    Chart,
    Grid,
    Heading,
    Para,
    document,
    issue_line,
    title,
)
from workflow.reports.circular.model import CircularFigures

CSS = """
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", "STSong",
       "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
       "Hiragino Sans GB", "WenQuanYi Micro Hei", serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #111; line-height: 1.6; }
h1 { text-align: center; color: #b22222; font-size: 1.7rem; margin-bottom: .2rem; }
p.issue { text-align: center; border-bottom: 2px solid #b22222; padding-bottom: .6rem; }
h2 { font-size: 1.2rem; margin-top: 1.6rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: .9rem; }
th, td { border: 1px solid #555; padding: .2rem .4rem; text-align: center; }
th { background: #f2f2f2; }
figure { margin: 1rem 0; text-align: center; }
figure svg { max-width: 100%; height: auto; }
"""


def _html_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h2>{escape(block.text)}</h2>"
    if isinstance(block, Para):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Grid):
        head = "".join(f"<th>{escape(h)}</th>" for h in block.headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in block.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return (f'<figure class="chart">{block.svg}'
            f"<figcaption>{escape(block.title)}</figcaption></figure>")  # fmt: skip


def to_html(figures: CircularFigures) -> str:
    """The circular as one self-contained HTML file."""
    name = escape(title(figures))
    body = "\n".join(_html_block(b) for b in document(figures))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{name}（{escape(figures.month)}）</title>\n<style>{CSS}</style>\n</head>\n"
        f'<body>\n<h1>{name}</h1>\n<p class="issue">{escape(issue_line(figures))}</p>\n'
        f"{body}\n</body>\n</html>\n"
    )


ORDERED = re.compile(r"^(\d+)([.)])(?=\s|$)")  # "1." or "1)" would start a list
MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]{}|~"} | {
    "<": "&lt;", ">": "&gt;", "&": "&amp;", "\n": " ", "\r": " "})  # fmt: skip


def md_escape(text: str) -> str:
    """Text as Markdown shows it literally: no HTML (`<script>` stays text), no emphasis,
    links, code or table cells made by data, no block started by a leading `#`, `>`, `-`,
    `+`, `=` or `1.` (issue 13 §3: escaped like the HTML versions)."""
    escaped = text.translate(MD_SPECIAL)
    if escaped[:1] in ("#", "-", "+", "="):
        return "\\" + escaped
    return ORDERED.sub(r"\1\\\2", escaped)


def _cell(text: str) -> str:
    return md_escape(text)


def _md_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |",
             "|" + "---|" * len(headers)]  # fmt: skip
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _md_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"## {md_escape(block.text)}"
    if isinstance(block, Para):
        return md_escape(block.text)
    if isinstance(block, Grid):
        return _md_table(block.headers, block.rows)
    assert isinstance(block, Chart)
    rows = [[label, str(value)] for label, value in zip(block.labels, block.values, strict=True)]
    return f"**图：{md_escape(block.title)}**\n\n" + _md_table(["项目", "数值"], rows)


def to_markdown(figures: CircularFigures) -> str:
    """The circular as Markdown (charts as their data tables)."""
    parts = [f"# {md_escape(title(figures))}", f"*{md_escape(issue_line(figures))}*"]
    parts += [_md_block(b) for b in document(figures)]
    return "\n\n".join(parts) + "\n"


def render(figures: CircularFigures, fmt: str = "html") -> str:
    """The circular in the format `html` or `md`."""
    if fmt == "html":
        return to_html(figures)
    if fmt == "md":
        return to_markdown(figures)
    raise ValueError(f"format {fmt!r} is not one of: html, md")


def digest(text: str) -> str:
    """The SHA-256 of a rendered circular (UTF-8), as printed in `CircularIssued`."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

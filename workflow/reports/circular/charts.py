"""The circular's charts (通报图表) as inline SVG, drawn by matplotlib.

Text stays text (`svg.fonttype = "none"`), so the reader's browser draws the Chinese
labels with its own fonts: no empty boxes on a machine whose matplotlib has no CJK font.
The output is deterministic (fixed hash salt, no date), so a circular's digest is stable.
A chart has no title of its own: the page's caption names it once (the SVG carries it
as its accessible name).
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from typing import Any

CJK_FONTS = [  # Linux, Windows, macOS, then the old Windows / Linux fallbacks
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "SimSun",
    "WenQuanYi Micro Hei",
    "DejaVu Sans",
]
STYLE: Any = {  # matplotlib types rc keys as literals
    "svg.fonttype": "none",
    "svg.hashsalt": "casework-circular",
    "font.family": "sans-serif",
    "font.sans-serif": CJK_FONTS,
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
BAR_COLOUR = "#b22222"
LINE_COLOUR = "#1f4e79"


@contextmanager
def _quiet() -> Iterator[None]:
    """Missing-glyph warnings are expected: the browser, not matplotlib, draws the text."""
    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _svg(figure: Any, title: str) -> str:
    """The figure as an <svg> element named by `title` (the page shows it as the caption)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    start = text.find("<svg")
    svg = text[start:] if start >= 0 else text
    label = escape(title, quote=True)
    return _font_stack(svg.replace("<svg", f'<svg role="img" aria-label="{label}"', 1))


def _font_stack(svg: str) -> str:
    """Name the whole CJK font stack in every text style, whatever matplotlib resolved."""
    stack = ", ".join(f"'{f}'" for f in CJK_FONTS) + ", sans-serif"
    return re.sub(r"font-family:\s*[^;\"]+", f"font-family: {stack}", svg)


def bar_chart(title: str, labels: list[str], values: list[int]) -> str:
    """A vertical bar chart (e.g. actions per township) as an SVG element."""
    import matplotlib
    from matplotlib.figure import Figure

    with _quiet(), matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(8, 3.6))
        axes = figure.subplots()
        bars = axes.bar(labels, values, color=BAR_COLOUR)
        axes.bar_label(bars, fontsize=8)
        axes.set_ylabel("次数")
        axes.tick_params(axis="x", labelrotation=45, labelsize=9)
        return _svg(figure, title)


def line_chart(title: str, labels: list[str], values: list[int]) -> str:
    """A line chart (e.g. cases opened per month this year) as an SVG element."""
    import matplotlib
    from matplotlib.figure import Figure

    with _quiet(), matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(8, 3.2))
        axes = figure.subplots()
        axes.plot(labels, values, marker="o", color=LINE_COLOUR)
        for x, y in zip(labels, values, strict=True):
            axes.annotate(str(y), (x, y), textcoords="offset points", xytext=(0, 6),
                          ha="center", fontsize=8)  # fmt: skip
        axes.set_ylabel("件数")
        axes.set_ylim(bottom=0, top=max([*values, 1]) * 1.2)
        return _svg(figure, title)

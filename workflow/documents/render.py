"""Render a document to PDF: Jinja2 template (autoescaped) -> HTML -> WeasyPrint -> bytes.

Deterministic: the same context gives the same bytes (no dates or ids of the moment; the
issue date printed is the one recorded in `DocumentIssued`).

Two renderers, told apart by the identifier each document records (`DocumentIssued.
renderer`), so a document re-renders byte-identically with the one that issued it:
- renderer 1 (documents issued before 28 Nov 2026; identifier "weasyprint …; pydyf …;
  font Noto Serif CJK SC"): the whole system font, which WeasyPrint subsets per document;
- renderer 2 (identifier "casework-pdf 2; …"): the font cut once to GB 2312
  (`workflow.documents.fonts`), the whole font only as fallback for characters outside
  it. The same pages (a test compares the pixels), at about half the time and half the
  size (BENCHMARKS.md, documents).
New documents are issued with renderer 2.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import subprocess
import threading
import weakref
from pathlib import Path
from typing import Any

from workflow.documents import fonts
from workflow.documents.kinds import DocumentKind
from workflow.errors import CaseworkError

TEMPLATES = Path(__file__).parent / "templates"
FONT = fonts.FAMILY
GENERATION = "casework-pdf 2"  # the identifier's prefix for renderer 2
STACK = {  # the CSS font-family a template prints, by renderer
    False: f'"{FONT}"',
    True: f'"{fonts.CUT_FAMILY}", "{FONT}"',
}
TEMPLATE_OF = {
    DocumentKind.FILING: "filing.html",
    DocumentKind.NOTICE: "notice.html",
    DocumentKind.HEARING_NOTICE: "hearing_notice.html",
    DocumentKind.DECISION: "decision.html",
    DocumentKind.ON_THE_SPOT: "on_the_spot.html",
    DocumentKind.LICENCE_GRANTED: "licence.html",
    DocumentKind.LICENCE_REFUSED: "licence.html",
    DocumentKind.DEMAND: "demand.html",
    DocumentKind.CLOSING: "closing.html",
    DocumentKind.NO_PENALTY: "no_penalty.html",
    DocumentKind.TRANSFER: "transfer.html",
    DocumentKind.HEARING_RECORD: "hearing_record.html",
}


@functools.cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def html(kind: DocumentKind, context: dict[str, Any], *, cut: bool = True) -> str:
    """The document as HTML (every value from data is escaped); `cut`: for renderer 2."""
    return html_of(TEMPLATE_OF[kind], context, cut=cut)


def pdf(kind: DocumentKind, context: dict[str, Any], identifier: str | None = None) -> bytes:
    """The document as PDF bytes, the CJK font subset embedded, by the renderer that
    `identifier` names (a `DocumentIssued.renderer`; None: the current one)."""
    cut = identifier is None or uses_cut(identifier)
    return from_html(html(kind, context, cut=cut), cut=cut)


_FONTS = threading.local()
_CONFIGS: weakref.WeakSet[Any] = weakref.WeakSet()  # the font configurations with a folder


@atexit.register
def _remove_folders() -> None:
    """Remove the font copies WeasyPrint keeps for @font-face (its own clean-up runs too
    late at exit, when `shutil` is gone, and prints a traceback)."""
    for config in list(_CONFIGS):
        folder, config._folder = getattr(config, "_folder", None), None
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def from_html(text: str, *, cut: bool = True) -> bytes:
    """HTML made from a template of this package, as PDF bytes (the CJK font embedded).

    Each thread keeps one WeasyPrint font configuration per renderer, so the CJK faces are
    opened once and not for every document (the same bytes: benchmarks/document_bench.py
    checks); renderer 2's has the cut faces declared in it (@font-face)."""
    check_font()
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    configs = getattr(_FONTS, "configs", None)
    if configs is None:
        configs = _FONTS.configs = {}
    if cut not in configs:
        config = FontConfiguration()
        sheets = [weasyprint.CSS(string=fonts.font_faces(), font_config=config)] if cut else []
        _CONFIGS.add(config)
        folder = getattr(config, "_folder", None)  # where WeasyPrint copied the faces it loaded
        if cut and (folder is None or sum(p.is_file() for p in Path(folder).iterdir()) < len(fonts.WEIGHTS)):
            # never the system font silently under renderer 2's name: its bytes would differ
            raise CaseworkError("文书字体子集无法加载", "the cut document font could not be loaded")
        configs[cut] = (config, sheets)
    config, sheets = configs[cut]
    return bytes(weasyprint.HTML(string=text).write_pdf(font_config=config, stylesheets=sheets))


def html_of(template: str, context: dict[str, Any], *, cut: bool = True) -> str:
    """A template that is not a numbered kind's (e.g. the 送达回证 form), as HTML."""
    from markupsafe import Markup

    page = _environment().get_template(template)
    return str(page.render(**context, fonts=Markup(STACK[cut])))


def renderer() -> str:
    """What renders new documents (renderer 2): the libraries and the cut font's SHA-256.
    A re-render is byte-identical on the same renderer."""
    return f"{GENERATION}; {_libraries()}; font {FONT} cut to GB 2312 sha256:{fonts.cut().sha256[:16]}"


def legacy_renderer() -> str:
    """The identifier renderer 1 recorded (the whole font; documents issued before it)."""
    return f"{_libraries()}; font {FONT}"


def uses_cut(identifier: str) -> bool:
    """Was a document with this `DocumentIssued.renderer` rendered with the cut font?"""
    return identifier.startswith(GENERATION + ";")


@functools.cache
def _libraries() -> str:
    from importlib.metadata import version

    return f"weasyprint {version('weasyprint')}; pydyf {version('pydyf')}"


@functools.cache
def check_font() -> None:
    """Refuse to render without the CJK font (WeasyPrint would fall back silently)."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return
    found = subprocess.run(
        [fc_match, "-f", "%{family}", FONT], capture_output=True, text=True, check=False
    ).stdout
    if FONT not in found:
        raise CaseworkError(
            f"缺少文书字体 {FONT}（请安装 fonts-noto-cjk）",
            f"the document font {FONT} is not installed (install fonts-noto-cjk)",
        )

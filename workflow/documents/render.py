"""Render a document to PDF: Jinja2 template (autoescaped) -> HTML -> WeasyPrint -> bytes.

Deterministic: the same context gives the same bytes (no dates or ids of the moment; the
issue date printed is the one recorded in `DocumentIssued`).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

from workflow.documents.kinds import DocumentKind
from workflow.errors import CaseworkError

TEMPLATES = Path(__file__).parent / "templates"
FONT = "Noto Serif CJK SC"
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


def html(kind: DocumentKind, context: dict[str, Any]) -> str:
    """The document as HTML (every value from data is escaped)."""
    return str(_environment().get_template(TEMPLATE_OF[kind]).render(**context))


def pdf(kind: DocumentKind, context: dict[str, Any]) -> bytes:
    """The document as PDF bytes, the CJK font subset embedded."""
    return from_html(html(kind, context))


_FONTS = threading.local()


def from_html(text: str) -> bytes:
    """HTML made from a template of this package, as PDF bytes (the CJK font embedded).

    Each thread keeps one WeasyPrint font configuration, so the CJK faces are opened once
    and not for every document (the same bytes: benchmarks/document_bench.py checks)."""
    check_font()
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    fonts = getattr(_FONTS, "config", None)
    if fonts is None:
        fonts = _FONTS.config = FontConfiguration()
    return bytes(weasyprint.HTML(string=text).write_pdf(font_config=fonts))


def html_of(template: str, context: dict[str, Any]) -> str:
    """A template that is not a numbered kind's (e.g. the 送达回证 form), as HTML."""
    return str(_environment().get_template(template).render(**context))


def renderer() -> str:
    """What rendered the bytes (a re-render is byte-identical on the same renderer)."""
    from importlib.metadata import version

    return f"weasyprint {version('weasyprint')}; pydyf {version('pydyf')}; font {FONT}"


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

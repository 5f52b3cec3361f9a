"""The console's CSP is `script-src 'self'; style-src 'self'` (issue 11 §2: no inline
script): no template may carry an inline <script>, an event-handler attribute, a
`javascript:` URL, an inline <style> or a style attribute — the browser would refuse
them, so a page relying on one would break silently."""

from __future__ import annotations

import re
from pathlib import Path

import workflow.web

TEMPLATES = Path(workflow.web.__file__).parent / "templates"
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "event handler": re.compile(r"<[^>]+\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "inline style": re.compile(r"<style\b|<[^>]+\sstyle\s*=", re.I),
}


def test_no_template_needs_unsafe_inline() -> None:
    pages = sorted(TEMPLATES.rglob("*.html"))
    assert len(pages) > 20
    found = [(page.name, what) for page in pages for what, pattern in INLINE.items()
             if pattern.search(page.read_text(encoding="utf-8"))]  # fmt: skip
    assert not found, found
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', "".join(p.read_text(encoding="utf-8") for p in pages))
    assert scripts and all(s.startswith("/static/") for s in scripts), scripts

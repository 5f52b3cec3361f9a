"""The static public site (执法公示网站): HTML pages, a JSON feed and a search page.

Self-contained: no server, no network. Pages are Jinja2 templates (autoescaped); the
search page reads `search-data.js` (a script, so it also works from file://) and shows
results with textContent, so no value is ever interpreted as markup. Output depends only
on the events (sorted), so two runs over the same log write the same bytes.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

from workflow.documents.numbering import parse_number
from workflow.publicity.service import Publication

TEMPLATES = Path(__file__).parent / "templates"
STATIC = ("style.css", "search.js")


@functools.cache
def _env() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)  # fmt: skip


def slug(p: Publication) -> str:
    sequence, n = parse_number(p.published.document, p.published.township)
    return f"{sequence.stream_id.removeprefix('document-')}-{n}"


def entry(p: Publication) -> dict[str, Any]:
    """One decision as the public reads it (what the feed and the search page carry)."""
    e = p.published
    row = {
        k: v
        for k, v in dataclasses.asdict(e).items()
        if k not in ("at", "extra", "case_id", "late")
    }
    row["url"] = f"d/{slug(p)}.html"
    row["month"] = e.decided_on[:7]
    row["withdrawn"] = None
    if p.withdrawn is not None:
        row = {k: row[k] for k in ("document", "township", "township_name", "decided_on",
                                   "published_on", "url", "month", "organ")}  # fmt: skip
        row["withdrawn"] = {"on": p.withdrawn.withdrawn_on, "reason": p.withdrawn.reason}
    return row


def write_site(out: Path, county: str, publications: list[Publication], teams: list[dict[str, Any]],
               catalogue: dict[str, Any]) -> dict[str, int]:  # fmt: skip
    """Write the site into `out` (created; existing files of the same names replaced)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "d").mkdir(exist_ok=True)
    rows = sorted((entry(p) for p in publications), key=lambda r: (r["decided_on"], r["document"]),
                  reverse=True)  # fmt: skip
    groups: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        groups[row["township_name"]][row["month"]].append(row)
    index = {t: dict(sorted(m.items(), reverse=True)) for t, m in sorted(groups.items())}
    common = {"county": county}
    _page(out / "index.html", "index.html", groups=index, total=len(rows), **common)
    for row in rows:
        _page(out / row["url"], "decision.html", d=row, root="../", **common)
    _page(out / "search.html", "search.html", **common)
    _page(out / "teams.html", "teams.html", teams=teams, **common)
    _page(out / "catalogue.html", "catalogue.html", catalogue=catalogue, **common)
    feed = json.dumps({"county": county, "decisions": rows}, ensure_ascii=False, indent=1)
    (out / "feed.json").write_text(feed + "\n", encoding="utf-8")
    data = json.dumps(rows, ensure_ascii=False).replace("</", "<\\/")
    (out / "search-data.js").write_text(f"window.CASEWORK_DECISIONS = {data};\n", encoding="utf-8")
    for name in STATIC:
        shutil.copyfile(TEMPLATES / name, out / name)
    return {"decisions": sum(1 for r in rows if not r["withdrawn"]),
            "withdrawn": sum(1 for r in rows if r["withdrawn"])}  # fmt: skip


def _page(path: Path, template: str, **context: Any) -> None:
    context.setdefault("root", "")
    path.write_text(_env().get_template(template).render(**context), encoding="utf-8")

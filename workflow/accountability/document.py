"""The yearly assessment as a document of its own (年度考核通报): one self-contained HTML file.

A Jinja2 template with autoescaping on; the view gathers the issued grades, the county's
points and the counts per grade, and renders. No business rule lives in the template.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from workflow.accountability.events import AnnualGradesIssued
from workflow.accountability.grading import INPUT_ZH
from workflow.accountability.types import Grade, Sanction
from workflow.organisation.directory import Directory


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("workflow.accountability", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


def view(grades: AnnualGradesIssued, d: Directory, *, issued: bool) -> dict[str, Any]:
    """What the document shows: names of townships, grade counts, the points used."""
    towns = {code: t.name for code, t in d.townships.items()}
    county = d.county.name if d.county else ""
    counts = Counter(o["grade"] for o in grades.officers)
    return {
        "county": county, "year": grades.year, "issued": issued, "issued_on": grades.issued_on,
        "officers": grades.officers, "teams": grades.teams, "towns": towns,
        "grade_counts": [(g.value, counts.get(g.value, 0)) for g in Grade],
        "points": [(INPUT_ZH[k], v) for k, v in grades.policy["points"].items() if k in INPUT_ZH],
        "base": grades.policy["points"].get("base"), "cutoffs": grades.policy["cutoffs"],
        "sanction_points": {_zh(k): v for k, v in grades.policy["sanction_points"].items()},
        "duty_points": grades.policy["duty_points"],
        "fail_on": [_zh(k) for k in grades.policy["fail_on"]],
    }  # fmt: skip


def _zh(code: str) -> str:
    return Sanction(code).zh if code in set(Sanction) else code


def render_html(grades: AnnualGradesIssued, d: Directory, *, issued: bool) -> tuple[str, str]:
    """The HTML text and its SHA-256."""
    text = _environment().get_template("assessment.html").render(**view(grades, d, issued=issued))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()

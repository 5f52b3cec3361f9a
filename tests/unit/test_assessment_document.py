"""The assessment document (年度考核结果): a template, autoescaped, explaining each grade."""

from __future__ import annotations

from workflow.accountability.document import render_html
from workflow.accountability.events import AnnualGradesIssued
from workflow.accountability.policy import load_policy
from workflow.organisation.directory import Directory, Township
from workflow.organisation.types import TownshipKind


def grades() -> AnnualGradesIssued:
    line = {"officer_id": "tc-005", "name": "<script>alert(1)</script>", "township": "taicheng",
            "score": 52.0, "grade": "不合格", "duty": "不称职",
            "inputs": [{"input": "overdue", "zh": "超期案件", "count": 2, "points": -10.0}],
            "why": "述职评议不称职：依县级规定直接定为不合格"}  # fmt: skip
    team = {"township": "taicheng", "members": 1, "members_mean": 52.0, "score": 52.0,
            "grade": "不合格", "inputs": [], "why": "得分 52 < 60"}  # fmt: skip
    return AnnualGradesIssued(2026, [line], [team], load_policy().to_data(), "2027-01-02")


def test_the_document_explains_each_grade_and_escapes_what_it_shows() -> None:
    d = Directory(townships={"taicheng": Township("taicheng", "台城镇", TownshipKind.TOWN, None)})  # type: ignore[arg-type]
    text, digest = render_html(grades(), d, issued=True)
    assert "<script>alert" not in text and "&lt;script&gt;" in text
    assert "台城镇" in text and "超期案件 ×2 (-10.0)" in text and "直接定为不合格" in text
    assert "2027-01-02 印发" in text and "清退出执法队伍" in text  # the points, in Chinese
    preview, other = render_html(grades(), d, issued=False)
    assert "预览" in preview and other != digest

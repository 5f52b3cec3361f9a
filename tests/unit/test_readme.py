"""The README's lifecycle diagram is the machine's own definition, not a hand copy."""

from __future__ import annotations

from pathlib import Path

from workflow.cases.lifecycle import mermaid


def test_readme_diagram_is_generated_from_the_machine() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- lifecycle:start -->")[1].split("<!-- lifecycle:end -->")[0]
    inner = block.strip().removeprefix("```mermaid").removesuffix("```").strip()
    assert inner == mermaid().strip()

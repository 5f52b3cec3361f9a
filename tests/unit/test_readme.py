"""The README's lifecycle diagram is the machine's own definition, and its rules table names real tests."""

from __future__ import annotations

import re
from pathlib import Path

from workflow.cases.lifecycle import mermaid


def test_readme_diagram_is_generated_from_the_machine() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- lifecycle:start -->")[1].split("<!-- lifecycle:end -->")[0]
    inner = block.strip().removeprefix("```mermaid").removesuffix("```").strip()
    assert inner == mermaid().strip()


def _rules_table(readme: str) -> list[list[str]]:
    section = readme.split("### The general procedure (一般程序)")[1].split("\n### ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[1:]]


def test_every_test_the_rules_table_names_exists() -> None:
    """The rules table's unit and CLI columns name real tests: `file::test_name` (a name cut
    with … is a prefix), so a renamed or deleted test cannot leave the README claiming it."""
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    sources = {p.stem: p.read_text(encoding="utf-8") for p in (root / "tests").rglob("test_*.py")}
    rows = _rules_table(readme)
    assert len(rows) > 30
    missing = []
    for row in rows:
        for cell in row[3:5]:
            for file, name, cut in re.findall(r"(test_\w+)::(test_\w+)(…?)", cell):
                text = sources.get(file, "")
                end = "" if cut else r"\b"
                if not re.search(rf"def {name}" + end, text):
                    missing.append(f"{file}::{name}")
    assert not missing, missing


def test_the_six_procedure_rules_name_their_cli_test() -> None:
    rows = {row[0]: row for row in _rules_table(
        (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    )}  # fmt: skip
    for code in ("party-reason", "hearing-public", "hearing-abandoned", "major-grounds",
                 "close-outcome", "licence-extension-once"):  # fmt: skip
        assert rows[f"`{code}`"][4].startswith("test_cli_procedure_rules::test_"), code


def test_every_rule_row_names_its_cli_test() -> None:
    """Issue 9: each rule of the table has CLI end-to-end coverage; no CLI cell is left empty."""
    rows = _rules_table(
        (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    )
    rules = [row for row in rows if len(row) == 5]
    assert len(rules) > 30
    empty = [row[0] for row in rules if row[4].strip("—- ") == ""]
    assert not empty, empty


def test_the_read_model_list_names_every_registered_model() -> None:
    """The README's list of read models names each model `casework rebuild` knows (it
    lacked `paper`, and called `actors` only "the actor index")."""
    from projections.registry import all_projections

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    paragraph = readme.split("The read models: ")[1].split("\n`casework notices")[0]
    named = set(re.findall(r"`(\w+)`", paragraph))
    assert {p.name for p in all_projections()} <= named, named

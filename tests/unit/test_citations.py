"""What a refusal cites is something its reader has: a statute or the README, never DESIGN."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def literals(path: Path) -> list[str]:
    """The string literals of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }  # fmt: skip
    return [
        n.value for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
    ]  # fmt: skip


def test_no_message_cites_the_design_file() -> None:
    found = [
        f"{path.relative_to(ROOT)}: {text}"
        for package in ("workflow", "workers", "projections", "events")
        for path in sorted((ROOT / package).rglob("*.py"))
        for text in literals(path)
        if "DESIGN" in text
    ]
    assert found == [], "users do not have DESIGN.md: cite the statute or the README"

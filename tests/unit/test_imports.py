"""The architecture, enforced: imports point one way and never in a circle.

Layers, lowest first (a module may import its own layer and the layers below it):

0. `events`: the event store; imports nothing of ours.
1. the shared kernel at `workflow/` top level: clock, calendar, errors, limits, messages,
   settings, datafile.
2. the domain: `workflow.cases`, `workflow.organisation` (aggregates, rules, deciders,
   their services and views).
3. the read side: `projections` (read models folded from raw records, and their
   queries, which may use the domain's pure views and rules).
4. services over domain and read models: `workflow.reports`, `workflow.demo`, the
   composition root `workflow.bootstrap` and its notifier `workflow.notify`, and any
   other `workflow` package (`documents`, …) unless listed here.
5. entry points: `workflow.cli`, `workflow.web`, `workers` (they may import each
   other, e.g. `casework worker` starts the workers, but never in a cycle).

Every import counts, including those inside functions: a lazy import is still a
dependency. Imports under `if TYPE_CHECKING:` count too (use a Protocol instead).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("events", "workflow", "projections", "workers")
KERNEL = ("calendar", "clock", "datafile", "errors", "limits", "messages", "settings")
LAYERS: dict[str, int] = {
    "events": 0,
    **{f"workflow.{name}": 1 for name in KERNEL},
    "workflow.cases": 2,
    "workflow.organisation": 2,
    "projections": 3,
    "workflow.reports": 4,
    "workflow.demo": 4,
    "workflow.bootstrap": 4,
    "workflow.notify": 4,
    "workflow.cli": 5,
    "workflow.web": 5,
    "workflow.__main__": 5,
    "workers": 5,
}
SERVICES = 4  # an unlisted workflow module or package


def modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def layer(module: str) -> int:
    if module == "workflow":
        return 1  # the package's own __init__
    name = module
    while name and name != "workflow":
        if name in LAYERS:
            return LAYERS[name]
        name = name.rpartition(".")[0]
    return SERVICES


def imported(module: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """The modules of ours that `module` imports (resolving `from pkg import module`)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != module:
                yield target


def graph() -> dict[str, set[str]]:
    known = modules()
    return {m: set(imported(m, p, known)) for m, p in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_module_imports_in_a_circle() -> None:
    assert cycles(graph()) == []


def test_imports_point_down_the_layers() -> None:
    wrong = [
        f"{module} (layer {layer(module)}) imports {target} (layer {layer(target)})"
        for module, targets in sorted(graph().items())
        for target in sorted(targets)
        if layer(target) > layer(module)
    ]
    assert wrong == []


def test_the_walk_sees_the_imports_it_judges() -> None:
    edges = graph()
    assert "events.store" in edges["events.connect"]  # plain `from x import y`
    assert "workflow.cli.case_decide" in edges["workflow.cli.case"]  # `from pkg import module`
    assert "workflow.bootstrap" in edges["workflow.cli.context"]  # an import inside a function
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert layer("workflow.web.routes") == 5 and layer("workflow.documents.render") == SERVICES

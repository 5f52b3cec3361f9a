"""`casework lifecycle` (the diagram, from the machine) and `casework demo`."""

from __future__ import annotations

import typer

from workflow.cases import lifecycle
from workflow.cli.context import emit_plain, state


def lifecycle_command(
    ctx: typer.Context, fmt: str = typer.Option("mermaid", "--format", help="mermaid | dot")
) -> None:
    """Draw the case lifecycle from the machine's definition."""
    if fmt not in ("mermaid", "dot"):
        raise typer.BadParameter("mermaid or dot")
    text = lifecycle.mermaid() if fmt == "mermaid" else lifecycle.dot()
    st = state(ctx)
    emit_plain(st, {"format": fmt, "diagram": text}, text.rstrip("\n"))


def demo_command(
    ctx: typer.Context,
    seed: int = typer.Option(2026, "--seed"),
    cases: int = typer.Option(320, "--cases", help="enforcement actions to simulate"),
    replace: bool = typer.Option(False, "--replace", help="delete an existing SQLite file first"),
) -> None:
    """Build a fresh database with the wutai county and simulate 2 May 2026 to today."""
    from workflow.demo.report import render_summary
    from workflow.demo.run import run_demo

    st = state(ctx)
    summary = run_demo(st.settings, seed=seed, cases=cases, replace=replace)
    emit_plain(st, summary, render_summary(summary))

"""The monthly circular on the command line (月度通报).

    casework circular 2026-11                       HTML on stdout
    casework circular 2026-11 --format md --out f   Markdown into a file
    casework --json circular 2026-11                the headline figures as JSON

The document is the one the monthly job issues (`workers.jobs.monthly`).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from workflow import clock
from workflow.cli.context import state
from workflow.reports.circular.figures import compile_figures, summary
from workflow.reports.circular.render import digest, render
from workflow.reports.seals import parse_month


class Format(StrEnum):
    HTML = "html"
    MD = "md"


def register(app: typer.Typer) -> None:
    """Add `circular` to the root CLI."""
    app.command("circular")(circular)


def circular(
    ctx: typer.Context,
    month: Annotated[str, typer.Argument(help="YYYY-MM, e.g. 2026-11")],
    fmt: Annotated[Format, typer.Option("--format", help="html or md")] = Format.HTML,
    out: Annotated[Path | None, typer.Option("--out", help="write to this file")] = None,
) -> None:
    """月度通报: county and township figures, overdue cases, reviews, teams, charts, seal."""
    cli = state(ctx)
    parse_month(month)
    today = clock.local_day(clock.now())
    figures = compile_figures(cli.casework().store, month, today)
    text = render(figures, fmt.value)
    if out is not None:
        out.write_text(text, encoding="utf-8")
    if cli.json:
        written = str(out) if out is not None else None
        seal = figures.seal
        cli.emit({**summary(figures), "format": fmt.value, "digest": digest(text), "out": written,
                  "seal_root": seal.root if seal else None,
                  "seal_count": seal.count if seal else None})  # fmt: skip
    elif out is not None:
        print(f"{month} 月度通报已写入 {out} (sha256 {digest(text)})")
    else:
        print(text, end="")

"""`casework assessment-policy [--year Y]`: the county's `[accountability]` policy as recorded
(县级问责规则的变更记录), each version with when it took effect, when it was recorded and
what changed against the one before; `--year` shows the version a year is graded by."""

from __future__ import annotations

from typing import Annotated

import typer
from rich import box
from rich.table import Table

from workflow.accountability import policy_history
from workflow.cli.context import state


def register(app: typer.Typer) -> None:
    app.command("assessment-policy")(assessment_policy)


def assessment_policy(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option("--year", help="the version in force that year")] = None,
) -> None:
    """The county's [accountability] policy versions: when recorded, what changed."""
    cli = state(ctx)
    if year is not None and not 2000 <= year <= 2100:
        raise ValueError(f"--year {year}: not a year 2000..2100")
    rows = policy_history.versions(cli.casework().store, year)
    if cli.json:
        for row in rows:
            cli.emit(row)
        return
    title = f"{year} 年度适用的问责规则" if year else f"问责规则变更记录 policy versions ({len(rows)})"
    table = Table(title=title, box=box.SIMPLE)
    for column in ("版本", "生效 effective", "记录 recorded", "变更 changes"):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(str(r["version"]), r["effective"], r["recorded_at"], "\n".join(r["changes"]))
    if not rows:
        table.caption = "尚未记录（每日巡查或印发年度考核时记录） none recorded yet"
    cli.emit({}, table)

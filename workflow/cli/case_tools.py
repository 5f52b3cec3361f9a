"""`casework lifecycle` (the diagram, from the machine) and `casework demo`."""

from __future__ import annotations

from typing import Any

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
    seed: int = typer.Option(2026, "--seed", help="random seed: the same seed builds the same county"),
    cases: int = typer.Option(320, "--cases", min=0, help="enforcement actions to simulate"),
    replace: bool = typer.Option(False, "--replace", help="delete an existing SQLite file first"),
    until: str = typer.Option(None, "--until", help="simulate to this day (YYYY-MM-DD; past 31 Dec: 述职评议 and 年度考核)"),
) -> None:
    """Build a fresh database with the wutai county and simulate 2 May 2026 to today."""
    from workflow.demo.report import render_summary
    from workflow.demo.run import run_demo

    st = state(ctx)
    from workflow.datafile import as_date

    end = as_date(until, "--until") if until else None
    summary = run_demo(st.settings, seed=seed, cases=cases, replace=replace, until=end)
    summary["accounts"] = _demo_accounts(st)
    emit_plain(st, summary, render_summary(summary) + "\n" + _accounts_text(summary["accounts"]))


def _demo_accounts(st: Any) -> list[dict[str, str]]:
    from workflow.clock import local_day, now
    from workflow.demo.accounts import create_demo_accounts

    return create_demo_accounts(st.casework().store, local_day(now()))


def _accounts_text(accounts: list[dict[str, str]]) -> str:
    lines = ["网页控制台演示账户（初始密码只显示这一次，首次登录须修改）/ web console demo accounts"
             " (first passwords shown once; changed at first login): casework serve"]
    from workflow.demo.report import pad  # by display width: a Chinese character takes two

    lines += [f"  {pad(a['kind'], 34)} {a['account']:<8} {pad(a['name'], 8)} {a['first_password']}"
              for a in accounts]
    return "\n".join(lines)

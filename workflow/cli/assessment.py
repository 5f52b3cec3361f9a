"""`casework assessment YEAR` (年度考核) and `casework reward OFFICER --year` (评优评先).

`assessment YEAR` shows the year's grades as issued, or a preview computed from the log
when they are not; `--issue` issues them (a supervisor or administrator; the scheduler
does it on 2 January); `--html FILE` writes the assessment as a document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table

from workflow.accountability import assessment as service
from workflow.accountability.document import render_html
from workflow.accountability.policy import load_policy
from workflow.cli.context import state
from workflow.cli.org import CommandId, emit_append
from workflow.organisation.snapshot import load_directory
from workflow.origin import stamped


def register(app: typer.Typer) -> None:
    app.command("assessment")(assessment)
    app.command("reward")(reward)


def assessment(
    ctx: typer.Context,
    year: Annotated[int, typer.Argument(help="the year assessed, e.g. 2026")],
    issue: Annotated[bool, typer.Option("--issue", help="issue it now (once)")] = False,
    html: Annotated[Path | None, typer.Option("--html", help="write the document here")] = None,
    officer: Annotated[str | None, typer.Option("--officer", help="one officer's line")] = None,
) -> None:
    """The yearly assessment: every officer's and team's grade, explained by its inputs."""
    cli = state(ctx)
    store = stamped(cli.casework().store, "cli")
    policy = load_policy(cli.settings.county_file)
    if issue:
        grades, now = service.issue(store, year, actor=cli.require_user(), policy=policy)
    else:
        found = service.issued(store, year)
        used = service.policy_for(store, year, policy)
        grades, now = found or service.compute(store, year, used, service.today(None)), False
    is_issued = issue or service.issued(store, year) is not None
    if html is not None:
        text, digest = render_html(grades, load_directory(store), issued=is_issued)
        html.write_text(text, encoding="utf-8")
        cli.emit({"year": year, "html": str(html), "sha256": digest, "issued": is_issued},
                 f"{year} 年度考核 → {html} (sha256 {digest[:16]}…)")  # fmt: skip
        return
    lines = [o for o in grades.officers if officer is None or o["officer_id"] == officer]
    if cli.json:
        cli.emit({"year": year, "issued": is_issued, "issued_now": now, "teams": grades.teams,
                  "officers": lines})  # fmt: skip
        return
    cli.emit({}, _table(year, lines, is_issued))


def _table(year: int, lines: list[dict[str, Any]], issued: bool) -> Table:
    state_ = "已印发 issued" if issued else "预览 preview"
    table = Table(title=f"{year} 年度考核 annual assessment ({state_})", box=box.SIMPLE)
    for column in ("人员 officer", "乡镇", "得分 score", "等次 grade", "计分事项 inputs"):
        table.add_column(column)
    for o in lines:
        inputs = "；".join(f"{x['zh']}×{x['count']} ({x['points']:g})" for x in o["inputs"]) or "—"
        grade = f"{o['grade']}" if o["grade"] == "不合格" else o["grade"]
        table.add_row(f"{o['name']} {o['officer_id']}", o["township"], f"{o['score']:g}", grade, inputs)
    return table


def reward(
    ctx: typer.Context,
    officer: Annotated[str, typer.Argument(help="an officer graded 优秀")],
    year: Annotated[int, typer.Option("--year", help="考核年度 the assessment year the reward is for")],
    details: Annotated[str, typer.Option("--details", help="奖励内容 what the reward is (评优评先, commendation)")] = "",
    command_id: CommandId = None,
) -> None:
    """评优评先 for an officer graded 优秀 (an administrator; a seconded officer needs the
    township's opinion first: `casework personnel opinion`)."""
    cli = state(ctx)
    result = service.reward(stamped(cli.casework().store, "cli"), cli.require_user(), officer, year=year,
                            details=details, command_id=command_id)  # fmt: skip
    emit_append(cli, result, f"已记录评优评先 reward recorded: {officer} {year}")

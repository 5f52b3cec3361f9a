"""`casework duty report|evaluators|evaluate|show`: duty reports and their evaluation (述职评议)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from workflow.accountability import duty as service
from workflow.accountability import evaluators as named
from workflow.accountability.policy import load_policy
from workflow.accountability.types import DutyGrade
from workflow.cli.context import state
from workflow.cli.org import CommandId, emit_append
from workflow.origin import stamped

duty_app = typer.Typer(help="述职评议: report, evaluators, evaluate, show", no_args_is_help=True)
Year = Annotated[int, typer.Option("--year", help="the year reported on, e.g. 2026")]


def register(app: typer.Typer) -> None:
    app.add_typer(duty_app, name="duty")


@duty_app.command("report")
def report(
    ctx: typer.Context,
    year: Year,
    text: Annotated[str, typer.Option("--text", help="the duty report")] = "",
    file: Annotated[Path | None, typer.Option("--file", help="or a file, kept by its SHA-256 (CASEWORK_EVIDENCE_MAX_MB)")] = None,
    command_id: CommandId = None,
) -> None:
    """Submit your duty report (述职) for the year, once, inside the county's window."""
    from workflow.cli.case_run import evidence_limit

    cli = state(ctx)
    result = service.submit(stamped(cli.casework().store, "cli"), cli.require_user(), year=year, text=text,
                            file=file, policy=load_policy(cli.settings.county_file),
                            command_id=command_id, file_limit=evidence_limit(cli),
                            files_dir=Path(cli.settings.evidence_dir))  # fmt: skip
    emit_append(cli, result, f"{year} 年度述职已提交 duty report submitted")


@duty_app.command("evaluators")
def evaluators(
    ctx: typer.Context,
    township: Annotated[str, typer.Option("--township", help="your township")],
    year: Year,
    evaluator: Annotated[list[str] | None, typer.Option("--evaluator", help="a leader or team member's id")] = None,
    representative: Annotated[list[str] | None, typer.Option("--representative", help="服务对象代表 (name), where the county allows")] = None,
    command_id: CommandId = None,
) -> None:
    """Name the year's evaluators of your team's duty reports (the team leader); replaces the list."""
    cli = state(ctx)
    result = named.name_evaluators(stamped(cli.casework().store, "cli"), cli.require_user(), township=township, year=year,
                                   evaluators=list(evaluator or []), representatives=list(representative or []),
                                   policy=load_policy(cli.settings.county_file), command_id=command_id)  # fmt: skip
    listed, _ = named.named(cli.casework().store, result.stream_id.split("-")[1], year)
    emit_append(cli, result, f"评议人员已确定 evaluators named: {', '.join(e['id'] for e in listed)}",
                evaluators=listed)  # fmt: skip


@duty_app.command("evaluate")
def evaluate(
    ctx: typer.Context,
    officer: Annotated[str, typer.Argument(help="the officer whose report you grade")],
    year: Year,
    grade: Annotated[DutyGrade, typer.Option("--grade", help="优秀|称职|基本称职|不称职")],
    comments: Annotated[str, typer.Option("--comments")] = "",
    representative: Annotated[str | None, typer.Option("--for", help="a named representative's id (the leader enters their grade)")] = None,
    command_id: CommandId = None,
) -> None:
    """Grade one officer's duty report (评议): a named evaluator, once."""
    cli = state(ctx)
    result = service.evaluate(stamped(cli.casework().store, "cli"), cli.require_user(), officer, year=year,
                              grade=grade, comments=comments, representative=representative,
                              command_id=command_id)  # fmt: skip
    emit_append(cli, result, f"评议已记录 evaluation recorded: {officer} {grade.value}")


@duty_app.command("show")
def show(
    ctx: typer.Context,
    officer: Annotated[str, typer.Argument(help="officer id")],
    year: Year,
) -> None:
    """An officer's duty report (text, file), the votes, and the result by the county rule.
    With `--as`: for the officer, the year's named evaluators, the township's leadership and
    supervisors (as in the console); without it the operator reads it (as `accountability`)."""
    cli = state(ctx)
    store = cli.casework().store
    if cli.settings.user:
        report = service.may_read(store, cli.settings.user, officer, year)
    else:
        service.officer_of(store, officer)
        report = service.load_duty(store, officer, year)
    found = service.result(store, officer, year, load_policy(cli.settings.county_file))
    grade = found.grade.value if found.grade else None
    data = {"officer_id": officer, "year": year, "submitted_on": found.submitted_on,
            "text": report.text, "file_name": report.file_name, "file_sha256": report.file_sha256,
            "votes": len(found.votes), "grades": sorted(found.votes.values()), "result": grade}  # fmt: skip
    kept = f"\n  文件 file: {report.file_name} sha256 {report.file_sha256}" if report.file_name else ""
    human = (f"{officer} {year}: 述职 {found.submitted_on or '未提交 none'}; 评议 {len(found.votes)} 票 "
             f"votes; 结果 result {grade or '票数不足 not enough votes'}"
             + (f"\n  {report.text}" if report.text else "") + kept)  # fmt: skip
    cli.emit(data, human)

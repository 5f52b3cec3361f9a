"""`casework inspection plan|record|rectify|attach|verify|list`: supervisory inspections (监督检查).

A finding is `SCOPE|TEXT[|officers=ID,ID][|cases=CASE,CASE]`, e.g.
`case_files|立案审批表缺少负责人签名|officers=tc-005|cases=taicheng-P-2026-3`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table

from projections.queries_oversight import inspections as inspection_rows
from workflow import clock
from workflow.accountability import files
from workflow.accountability import inspections as service
from workflow.accountability.types import Scope, Verification
from workflow.cli.context import state
from workflow.cli.org import CommandId, emit_append, run_act
from workflow.datafile import as_date
from workflow.origin import stamped

inspection_app = typer.Typer(help="监督检查: plan, record (with 整改), rectify, attach, verify, list",
                             no_args_is_help=True)  # fmt: skip
Ref = Annotated[str, typer.Argument(help="inspection id, e.g. taicheng-2026-1")]


def register(app: typer.Typer) -> None:
    app.add_typer(inspection_app, name="inspection")


def parse_finding(text: str) -> dict[str, Any]:
    """`SCOPE|TEXT|officers=a,b|cases=c` as a finding dict; ValueError naming the problem."""
    parts = [p.strip() for p in text.split("|")]
    if len(parts) < 2 or not parts[1]:
        raise ValueError(f"--finding {text!r}: write SCOPE|TEXT[|officers=..][|cases=..]")
    scope = Scope(parts[0]) if parts[0] in {s.value for s in Scope} else None
    if scope is None:
        raise ValueError(f"--finding scope {parts[0]!r} is not one of: {', '.join(Scope)}")
    found: dict[str, Any] = {"scope": scope.value, "text": parts[1], "officers": [], "cases": []}
    for part in parts[2:]:
        key, _, values = part.partition("=")
        if key not in ("officers", "cases"):
            raise ValueError(f"--finding: {key!r} is not officers= or cases=")
        found[key] = [v.strip() for v in values.split(",") if v.strip()]
    return found


@inspection_app.command("plan")
def plan(
    ctx: typer.Context,
    township: Annotated[str, typer.Option("--township", help="the team inspected")],
    planned_for: Annotated[str, typer.Option("--date", help="YYYY-MM-DD, the day planned")],
    scope: Annotated[list[Scope], typer.Option("--scope", help="case_files|on_site|equipment|roster")],
    inspector: Annotated[list[str] | None, typer.Option("--inspector", help="default: you")] = None,
    command_id: CommandId = None,
) -> None:
    """Plan an inspection of a team (a county supervisor, or the township's leadership)."""
    cli = state(ctx)
    result = service.plan(stamped(cli.casework().store, "cli"), cli.require_user(), township=township,
                          scope=list(scope), planned_for=as_date(planned_for, "--date"),
                          inspectors=list(inspector or []), command_id=command_id)  # fmt: skip
    ref = result.stream_id.removeprefix(service.PREFIX)
    emit_append(cli, result, f"监督检查已计划 inspection planned: {ref}", inspection=ref)


@inspection_app.command("record")
def record(
    ctx: typer.Context,
    ref: Ref,
    finding: Annotated[list[str] | None, typer.Option("--finding", help="SCOPE|TEXT|officers=..|cases=..")] = None,
    checked: Annotated[list[str] | None, typer.Option("--checked", help="an item checked")] = None,
    rectify_by: Annotated[str | None, typer.Option("--rectify-by", help="整改期限 YYYY-MM-DD")] = None,
    requirement: Annotated[str, typer.Option("--requirement", help="what to rectify")] = "",
    command_id: CommandId = None,
) -> None:
    """Record the inspection held today: items checked, findings, and rectification ordered."""
    findings = [parse_finding(f) for f in finding or []]
    due = as_date(rectify_by, "--rectify-by") if rectify_by else None
    what = f"检查已记录 recorded: {len(findings)} findings" + (f", 整改期限 {due}" if due else "")
    run_act(ctx, what, service.record, ref, findings=findings, checked=list(checked or []),
            rectify_by=due, requirement=requirement, policy=True, command_id=command_id,
            shown={"findings": len(findings), "rectify_by": due})  # fmt: skip


@inspection_app.command("rectify")
def rectify(
    ctx: typer.Context,
    ref: Ref,
    report: Annotated[str, typer.Option("--report", help="what the team rectified")],
    command_id: CommandId = None,
) -> None:
    """The team reports its rectification (整改报告): its leader or a deputy."""
    run_act(ctx, "整改已报告 rectification reported", service.report, ref, text=report,
            command_id=command_id)  # fmt: skip


@inspection_app.command("attach")
def attach(
    ctx: typer.Context,
    ref: Ref,
    file: Annotated[Path, typer.Option("--file", help="整改材料: PDF, image, text or Word (CASEWORK_EVIDENCE_MAX_MB)")],
    command_id: CommandId = None,
) -> None:
    """Hand in a rectification file (the team's leadership); kept by its SHA-256."""
    from workflow.cli.case_run import evidence_limit
    from workflow.limits import evidence_chunks

    cli = state(ctx)
    store, actor = stamped(cli.casework().store, "cli"), cli.require_user()
    service.may_attach(store, actor, ref)  # authorise before reading the file
    most = evidence_limit(cli)  # the reader every --file shares: regular files only, bounded
    name, digest, size = files.keep(Path(cli.settings.evidence_dir), file.name,
                                    evidence_chunks(file, most), most=most)  # fmt: skip
    result = service.attach(store, actor, ref, file_name=name, file_sha256=digest, size=size,
                            command_id=command_id)  # fmt: skip
    emit_append(cli, result, f"整改材料已提交 file attached: {name} sha256 {digest[:16]}…",
                file_name=name, sha256=digest, size=size)  # fmt: skip


@inspection_app.command("verify")
def verify(
    ctx: typer.Context,
    ref: Ref,
    outcome: Annotated[Verification, typer.Option("--outcome", help="accepted|reopened")],
    comments: Annotated[str, typer.Option("--comments")] = "",
    due: Annotated[str | None, typer.Option("--due", help="new deadline when reopened")] = None,
    command_id: CommandId = None,
) -> None:
    """The inspector accepts the rectification (验收) or reopens it with a new deadline."""
    new_due = as_date(due, "--due") if due else None
    run_act(ctx, f"整改验收 verified: {outcome.value}", service.verify, ref, outcome=outcome,
            comments=comments, new_due=new_due, policy=True, command_id=command_id,
            shown={"outcome": outcome.value})  # fmt: skip


@inspection_app.command("list")
def list_inspections(
    ctx: typer.Context,
    township: Annotated[str | None, typer.Option("--township")] = None,
) -> None:
    """Inspections and their rectification state; overdue rectifications in red."""
    cli = state(ctx)
    today = clock.local_day(clock.now())
    code = None
    if township:
        from workflow.organisation.snapshot import load_directory

        code = load_directory(cli.casework().store).township(township).code
    engine = cli.casework().projections
    engine.catch_up("oversight")
    with engine.engine.connect() as conn:
        rows = inspection_rows(conn, engine.tables("oversight"), today, township=code)
    if cli.json:
        for row in rows:
            cli.emit(row)
        return
    cli.emit({}, inspection_table(rows, today))


def inspection_table(rows: list[dict[str, Any]], today: Any) -> Table:
    table = Table(title=f"监督检查 inspections ({len(rows)}), {today}", box=box.SIMPLE)
    for column in ("检查 inspection", "范围 scope", "检查日 held", "发现 findings", "整改 status", "期限 due"):
        table.add_column(column)
    for r in rows:
        status = f"{r['status']} 超期 {r['days_over']}天" if r["overdue"] else r["status"]
        scope = ", ".join(Scope(s).zh for s in r["scope"])
        table.add_row(r["inspection_id"], scope, r["held_on"] or f"计划 {r['planned_for']}",
                      str(r["findings"]), status, r["due"] or "—")  # fmt: skip
    return table

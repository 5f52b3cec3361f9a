"""`casework inquiry open|statement|opinion|agree|decide|agree-reinstate|reinstate|show|list|failed`: 责任追究.

Evidence: `--case CASE` (a case id or number) and `--finding INSPECTION/F<n>` (a finding of
an inspection). Who may see an inquiry: supervisors and administrators, the township's
leadership, and the officer inquired into.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table

from projections.queries_oversight import inquiries as inquiry_rows
from workflow.accountability import inquiries as service
from workflow.accountability import reinstatement
from workflow.accountability.policy import load_policy
from workflow.accountability.types import Ground, Sanction
from workflow.cli.context import state
from workflow.cli.org import CommandId, emit_append, run_act
from workflow.origin import stamped

inquiry_app = typer.Typer(help="责任追究: open, statement, opinion, agree, decide, agree-reinstate, reinstate, show, list, failed",
                          no_args_is_help=True)  # fmt: skip
Ref = Annotated[str, typer.Argument(help="inquiry id, e.g. taicheng-2026-1")]
SanctionOption = Annotated[Sanction, typer.Option("--sanction", help=", ".join(f"{s.value}={s.zh}" for s in Sanction))]


def register(app: typer.Typer) -> None:
    app.add_typer(inquiry_app, name="inquiry")


@inquiry_app.command("open")
def open_inquiry(
    ctx: typer.Context,
    ground: Annotated[Ground, typer.Option("--ground", help=", ".join(f"{g.value}={g.zh}" for g in Ground))],
    details: Annotated[str, typer.Option("--details", help="what happened")],
    officer: Annotated[str | None, typer.Option("--officer", help="the officer inquired into")] = None,
    township: Annotated[str | None, typer.Option("--township", help="or a whole team")] = None,
    case: Annotated[list[str] | None, typer.Option("--case", help="a case on record")] = None,
    finding: Annotated[list[str] | None, typer.Option("--finding", help="INSPECTION/F<n>")] = None,
    command_id: CommandId = None,
) -> None:
    """Open an inquiry (a county supervisor); the officer is told and may state their case."""
    cli = state(ctx)
    result = service.open_inquiry(stamped(cli.casework().store, "cli"), cli.require_user(), ground=ground,
                                  details=details, officer=officer, township=township,
                                  cases=list(case or []), findings=list(finding or []),
                                  policy=load_policy(cli.settings.county_file),
                                  command_id=command_id)  # fmt: skip
    ref = result.stream_id.removeprefix(service.PREFIX)
    emit_append(cli, result, f"责任追究已启动 inquiry opened: {ref}", inquiry=ref)


@inquiry_app.command("statement")
def statement(
    ctx: typer.Context,
    ref: Ref,
    text: Annotated[str, typer.Option("--text", help="the officer's statement (陈述申辩)")] = "",
    waive: Annotated[bool, typer.Option("--waive", help="state nothing")] = False,
    command_id: CommandId = None,
) -> None:
    """The officer states their case, or waives it (before the decision)."""
    run_act(ctx, "陈述申辩已记录 statement recorded", service.state_case, ref, statement=text,
            waived=waive, command_id=command_id)  # fmt: skip


@inquiry_app.command("opinion")
def opinion(
    ctx: typer.Context,
    ref: Ref,
    text: Annotated[str, typer.Option("--text", help="the township's opinion (乡镇意见)")],
    command_id: CommandId = None,
) -> None:
    """The township's opinion, by its team leader (required first for seconded officers)."""
    run_act(ctx, "乡镇意见已记录 township opinion recorded", service.give_opinion, ref,
            opinion=text, command_id=command_id)  # fmt: skip


@inquiry_app.command("agree")
def agree(
    ctx: typer.Context,
    ref: Ref,
    sanction: SanctionOption,
    comments: Annotated[str, typer.Option("--comments")] = "",
    command_id: CommandId = None,
) -> None:
    """Agree to a decision that needs it first (the county file says whose)."""
    run_act(ctx, f"已同意 agreed: {sanction.zh}", service.agree, ref, sanction=sanction,
            comments=comments, policy=True, command_id=command_id)  # fmt: skip


@inquiry_app.command("decide")
def decide(
    ctx: typer.Context,
    ref: Ref,
    sanction: SanctionOption,
    reasons: Annotated[str, typer.Option("--reasons")],
    organ: Annotated[str, typer.Option("--organ", help="refer: the 纪检监察机关 it goes to")] = "",
    command_id: CommandId = None,
) -> None:
    """Decide on the graded list; dismiss (清退) and reassign (调离执法岗位) take the officer off
    the team; refer (移送纪检监察机关) records the transfer to --organ."""
    run_act(ctx, f"已作出决定 decided: {sanction.zh}", service.decide, ref, sanction=sanction,
            reasons=reasons, organ=organ, policy=True, command_id=command_id,
            shown={"sanction": sanction.value})  # fmt: skip


@inquiry_app.command("agree-reinstate")
def agree_reinstate(
    ctx: typer.Context,
    officer: Annotated[str, typer.Argument(help="the officer posted away (调离执法岗位)")],
    comments: Annotated[str, typer.Option("--comments")] = "",
    command_id: CommandId = None,
) -> None:
    """Agree to restoring an officer posted away, as the county file's
    [accountability.reinstatement] `agree` requires first (SAMPLE: the supervisor)."""
    run_act(ctx, f"已同意恢复执法岗位 agreed to reinstate: {officer}", reinstatement.agree, officer,
            comments=comments, policy=True, command_id=command_id, shown={"officer": officer})  # fmt: skip


@inquiry_app.command("reinstate")
def reinstate(
    ctx: typer.Context,
    officer: Annotated[str, typer.Argument(help="the officer posted away (调离执法岗位)")],
    reasons: Annotated[str, typer.Option("--reasons")],
    command_id: CommandId = None,
) -> None:
    """Restore an officer posted away to enforcement duty (恢复执法岗位), by whom the county
    file's [accountability.reinstatement] names, after the agreement it requires."""
    run_act(ctx, f"已恢复执法岗位 reinstated: {officer}", reinstatement.reinstate, officer,
            reasons=reasons, policy=True, command_id=command_id, shown={"officer": officer})  # fmt: skip


@inquiry_app.command("show")
def show(ctx: typer.Context, ref: Ref) -> None:
    """One inquiry and its steps (for those who may see it)."""
    cli = state(ctx)
    inquiry = service.show(cli.casework().store, cli.require_user(), ref)
    data = {"inquiry_id": inquiry.inquiry_id, "township": inquiry.township,
            "officer_id": inquiry.officer_id, "ground": inquiry.ground,
            "opened_on": str(inquiry.opened_on), "statement_due": str(inquiry.statement_due),
            "stated": inquiry.stated, "opinion": inquiry.opinion,
            "agreed": sorted(inquiry.agreed), "sanction": inquiry.sanction,
            "referred_to": inquiry.referred_to}  # fmt: skip
    cli.emit(data)


@inquiry_app.command("list")
def list_inquiries(
    ctx: typer.Context,
    officer: Annotated[str | None, typer.Option("--officer")] = None,
) -> None:
    """The inquiries you may see (an officer sees their own), latest first."""
    cli = state(ctx)
    cw = cli.casework()
    cw.projections.catch_up("oversight")
    with cw.projections.engine.connect() as conn:
        rows = inquiry_rows(conn, cw.projections.tables("oversight"), officer=officer)
    rows = service.visible(cw.store, cli.require_user(), rows)
    if cli.json:
        for row in rows:
            cli.emit(row)
        return
    cli.emit({}, inquiry_table(rows))


@inquiry_app.command("failed")
def failed(ctx: typer.Context) -> None:
    """年度考核不合格: the notices to the supervisors no inquiry has followed yet (a county
    supervisor); open one with `inquiry open --officer ID --ground failed_assessment`."""
    from workflow import clock
    from workflow.accountability import assessment as yearly
    from workflow.accountability.rules import may_open_inquiry
    from workflow.organisation.snapshot import load_directory

    cli = state(ctx)
    cw = cli.casework()
    may_open_inquiry(load_directory(cw.store), cli.require_user())
    cw.projections.catch_up("oversight")
    with cw.projections.engine.connect() as conn:
        rows = inquiry_rows(conn, cw.projections.tables("oversight"))
    pending = yearly.failed_pending(cw.store, clock.local_day(clock.now()), rows)
    if cli.json:
        for notice in pending:
            cli.emit(notice)
        return
    table = Table(title=f"年度考核不合格通知 failed-assessment notices pending ({len(pending)})", box=box.SIMPLE)
    for column in ("年度 year", "人员 officer", "乡镇 township", "得分 score", "原因 reasons", "通知 issued"):
        table.add_column(column)
    for n in pending:
        table.add_row(str(n["year"]), f"{n['name']} {n['officer_id']}", n["township"], str(n["score"]),
                      "；".join(n["reasons"]), n["issued_on"])  # fmt: skip
    cli.emit({}, table)


def inquiry_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title=f"责任追究 inquiries ({len(rows)})", box=box.SIMPLE)
    for column in ("追究 inquiry", "对象 subject", "事由 ground", "启动 opened", "决定 decision"):
        table.add_column(column)
    for r in rows:
        ground = Ground(r["ground"]).zh if r["ground"] in set(Ground) else r["ground"]
        decision = Sanction(r["sanction"]).zh if r["sanction"] else "—"
        table.add_row(r["inquiry_id"], r["officer_id"] or f"{r['township']} 执法队", ground,
                      r["opened_on"], decision)  # fmt: skip
    return table

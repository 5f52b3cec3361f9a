"""`casework case decide|grant|refuse|extend|close|review|show|history`: the decision end."""

from __future__ import annotations

import typer

from workflow.cases import commands as cmd
from workflow.cases import view as case_view
from workflow.cli.case_run import case_app, run_case, service_for
from workflow.cli.context import emit_plain, state
from workflow.cli.options import AT, CID
from workflow.clock import local_day


@case_app.command("decide")
def decide(
    ctx: typer.Context,
    case: str,
    amount: float = typer.Option(..., "--amount"),
    basis: str = typer.Option(..., "--basis"),
    at: str = AT,
    command_id: str = CID,
) -> None:
    """处罚决定 (team leader or deputy)."""
    run_case(ctx, cmd.DecidePenalty, at, command_id, case=case, amount=amount, basis=basis)


@case_app.command("grant")
def grant(ctx: typer.Context, case: str, at: str = AT, command_id: str = CID) -> None:
    """准予许可."""
    run_case(ctx, cmd.GrantLicence, at, command_id, case=case)


@case_app.command("refuse")
def refuse(
    ctx: typer.Context,
    case: str,
    reason: str = typer.Option(..., "--reason"),
    at: str = AT,
    command_id: str = CID,
) -> None:
    """不予许可, with reasons."""
    run_case(ctx, cmd.RefuseLicence, at, command_id, case=case, reason=reason)


@case_app.command("extend")
def extend(
    ctx: typer.Context,
    case: str,
    days: int = typer.Option(..., "--days"),
    reason: str = typer.Option(..., "--reason"),
    at: str = AT,
    command_id: str = CID,
) -> None:
    """延期 (team leader): penalty in calendar days, licence in working days (≤ 10)."""
    run_case(ctx, cmd.ExtendDeadline, at, command_id, case=case, days=days, reason=reason)


@case_app.command("close")
def close(
    ctx: typer.Context,
    case: str,
    outcome: str = typer.Option(
        ..., "--outcome", help="executed|licence_issued|refusal_served|dropped"
    ),
    reason: str = typer.Option("", "--reason"),
    at: str = AT,
    command_id: str = CID,
) -> None:
    """结案 (or drop an opened case, with a reason)."""
    run_case(ctx, cmd.CloseCase, at, command_id, case=case, outcome=outcome, reason=reason)


@case_app.command("review")
def review(
    ctx: typer.Context,
    case: str,
    verdict: str = typer.Option(..., "--verdict", help="qualified|defective|erroneous"),
    findings: str = typer.Option(..., "--findings"),
    at: str = AT,
    command_id: str = CID,
) -> None:
    """案卷评查 (county supervisor)."""
    run_case(ctx, cmd.ReviewCase, at, command_id, case=case, verdict=verdict, findings=findings)


@case_app.command("show")
def show_case(
    ctx: typer.Context,
    case: str,
    as_of: str = typer.Option(
        None,
        "--as-of",
        help="the case as it stood then: events recorded by TIME (a date = its end)",
    ),
) -> None:
    """The case: state and deadlines (working days left), in Asia/Shanghai."""
    from workflow.clock import now

    st = state(ctx)
    if as_of:
        from workflow.cli.audit import show_as_of

        return show_as_of(st, case, as_of)
    view = case_view.case_view(service_for(st).load(case), local_day(now()))
    emit_plain(st, view, case_view.render_case(view))


@case_app.command("history")
def history(ctx: typer.Context, case: str) -> None:
    """Every event of the case: both times, actor, role, type, data, hash; backdating flagged."""
    from workflow.reports import audit

    st = state(ctx)
    rows = [audit.audit_row(r) for r in service_for(st).history(case)]
    emit_plain(st, {"case": case, "events": rows}, "\n".join(audit.render_row(r) for r in rows))

"""`casework case decide|grant|refuse|extend|close|review|show|history`: the decision end."""

from __future__ import annotations

import sys

import typer

from workflow.cases import commands as cmd
from workflow.cases import view as case_view
from workflow.cases.service import CaseService
from workflow.cli.case_run import (
    AMOUNT,
    CIRCUMSTANCE,
    DISCRETION_GROUND,
    DISCRETION_REASON,
    SANCTION,
    case_app,
    run_case,
    sanctions_of,
    service_for,
)
from workflow.cli.context import CliState, emit_plain, state
from workflow.cli.options import AT, CID, LATE
from workflow.clock import local_day


@case_app.command("decide")
def decide(
    ctx: typer.Context,
    case: str,
    basis: str = typer.Option(
        "", "--basis", help="处罚依据 the article relied on (required for a penalty)"
    ),
    sanction: list[str] = SANCTION,
    amount: float = AMOUNT,
    circumstance: str = CIRCUMSTANCE,
    discretion_ground: str = DISCRETION_GROUND,
    discretion_reason: str = DISCRETION_REASON,
    no_penalty: str = typer.Option(
        None,
        "--no-penalty",
        help="不予处罚: minor_corrected|first_minor|no_fault|not_established (or the Chinese)",
    ),
    reason: str = typer.Option("", "--reason", help="不予处罚的事实和理由"),
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """处罚决定 (leader or authorised deputy): no heavier than notified; or --no-penalty GROUND."""
    if no_penalty is not None:
        run_case(ctx, cmd.DecideNoPenalty, at, command_id, late_reason, case=case,
                 ground=no_penalty, reason=reason)  # fmt: skip
        return
    sanctions = sanctions_of(sanction)
    run_case(
        ctx,
        cmd.DecidePenalty,
        at,
        command_id,
        late_reason,
        case=case,
        amount=amount,
        sanctions=sanctions,
        circumstance=circumstance,
        discretion_ground=discretion_ground,
        discretion_reason=discretion_reason,
        basis=basis,
    )


@case_app.command("transfer")
def transfer(
    ctx: typer.Context,
    case: str,
    to: str = typer.Option(..., "--to", help="接收移送的司法机关, e.g. 五台县公安局"),
    reason: str = typer.Option(..., "--reason", help="涉嫌犯罪的事实和理由"),
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """移送司法机关 (涉嫌犯罪; leader or authorised deputy)."""
    run_case(ctx, cmd.TransferCase, at, command_id, late_reason, case=case, organ=to, reason=reason)


@case_app.command("withdraw")
def withdraw(
    ctx: typer.Context,
    case: str,
    reason: str = typer.Option(..., "--reason", help="撤销立案的理由"),
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """撤销立案 (leader or authorised deputy), with reasons."""
    run_case(ctx, cmd.WithdrawCase, at, command_id, late_reason, case=case, reason=reason)


@case_app.command("grant")
def grant(
    ctx: typer.Context,
    case: str,
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """准予许可."""
    run_case(ctx, cmd.GrantLicence, at, command_id, late_reason, case=case)


@case_app.command("refuse")
def refuse(
    ctx: typer.Context,
    case: str,
    reason: str = typer.Option(
        ..., "--reason", help="不予许可的理由 the reasons, told to the applicant"
    ),
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """不予许可, with reasons."""
    run_case(ctx, cmd.RefuseLicence, at, command_id, late_reason, case=case, reason=reason)


@case_app.command("extend")
def extend(
    ctx: typer.Context,
    case: str,
    days: int = typer.Option(..., "--days", help="延长天数 days to add"),
    reason: str = typer.Option(..., "--reason", help="延期理由 why more time is needed"),
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """延期 (team leader): penalty in calendar days, licence in working days (≤ 10)."""
    run_case(
        ctx, cmd.ExtendDeadline, at, command_id, late_reason, case=case, days=days, reason=reason
    )


@case_app.command("close")
def close(
    ctx: typer.Context,
    case: str,
    outcome: str = typer.Option(
        ...,
        "--outcome",
        help="executed|no_penalty|transferred|withdrawn|licence_issued|refusal_served|dropped",
    ),
    reason: str = typer.Option("", "--reason", help="撤案理由 (required with --outcome dropped)"),
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """结案 (or drop an opened case, with a reason)."""
    run_case(
        ctx, cmd.CloseCase, at, command_id, late_reason, case=case, outcome=outcome, reason=reason
    )


@case_app.command("review")
def review(
    ctx: typer.Context,
    case: str,
    verdict: str = typer.Option(..., "--verdict", help="qualified|defective|erroneous"),
    findings: str = typer.Option(..., "--findings", help="评查意见 what the review found"),
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """案卷评查 (county supervisor)."""
    run_case(
        ctx,
        cmd.ReviewCase,
        at,
        command_id,
        late_reason,
        case=case,
        verdict=verdict,
        findings=findings,
    )


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
    service = service_for(st)
    found, unreadable = service.load_readable(case)
    view = case_view.case_view(found, local_day(now()), _sees_party(st, service))
    if unreadable:  # shown as far as it can be; the supervisor sees what was left out
        view["unreadable"] = unreadable
        for line in unreadable:
            print(f"casework: 无法读取的事件 / unreadable event: {line}", file=sys.stderr)
    from workflow.cli.execution import show_execution

    execution, lines = show_execution(st, case, local_day(now()), view)  # deadlines from service
    if execution:
        view["execution"] = execution
    emit_plain(st, view, case_view.render_case(view) + lines)


def _sees_party(st: CliState, service: CaseService) -> bool:
    """Whether the acting user's role needs the party in the clear (else masked, last 4)."""
    from workflow.cases.party import sees_party

    person = service.directory().person(st.user) if st.user else None
    return person is not None and not person.removed and sees_party(str(person.role))


@case_app.command("history")
def history(ctx: typer.Context, case: str) -> None:
    """Every event of the case: both times, actor, role, type, data, hash; backdating flagged."""
    from workflow.reports import audit

    st = state(ctx)
    rows = [audit.audit_row(r) for r in service_for(st).history(case)]
    emit_plain(st, {"case": case, "events": rows}, "\n".join(audit.render_row(r) for r in rows))

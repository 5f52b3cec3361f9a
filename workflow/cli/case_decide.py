"""`casework case decide|grant|refuse|extend|close|review|show|history`: the decision end."""

from __future__ import annotations

import sys
from typing import Any

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
    penalty_fields,
    reader_for,
    run_case,
    verb,
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
    penalty = penalty_fields(basis, sanction, amount, circumstance, discretion_ground, discretion_reason)
    run_case(ctx, cmd.DecidePenalty, at, command_id, late_reason, case=case, **penalty)


def _option(*names: str, help: str, default: Any = ...) -> Any:
    return typer.Option(default, *names, help=help)


REASON = (str, _option("--reason", help="理由 the reasons (told to the party or applicant)"))
verb("transfer", cmd.TransferCase, "移送司法机关 (涉嫌犯罪; leader or authorised deputy).",
     organ=(str, _option("--to", help="接收移送的司法机关, e.g. 五台县公安局")),
     reason=(str, _option("--reason", help="涉嫌犯罪的事实和理由")))
verb("withdraw", cmd.WithdrawCase, "撤销立案 (leader or authorised deputy), with reasons.",
     reason=(str, _option("--reason", help="撤销立案的理由")))
verb("grant", cmd.GrantLicence, "准予许可.")
verb("issue-licence", cmd.IssueLicence,
     "颁发、送达许可证件 (许可法 art. 44: within 10 working days of 准予; later, say why).",
     document_number=(str, _option("--document", help="许可证件编号 the licence document's number")),
     delay_reason=(str, _option("--delay-reason", default="",
                                help="逾期颁发的原因 (required past the 10 working days)")))
verb("refuse", cmd.RefuseLicence, "不予许可, with reasons.",
     reason=(str, _option("--reason", help="不予许可的理由 the reasons, told to the applicant")))
verb("extend", cmd.ExtendDeadline,
     "延期 (team leader): penalty in calendar days, licence in working days (≤ 10).",
     days=(int, _option("--days", help="延长天数 days to add")),
     reason=(str, _option("--reason", help="延期理由 why more time is needed")))
verb("close", cmd.CloseCase, "结案 (or drop an opened case, with a reason).",
     outcome=(str, _option("--outcome", help="executed|no_penalty|transferred|withdrawn|"
                           "licence_issued|refusal_served|dropped")),
     reason=(str, _option("--reason", default="", help="撤案理由 (required with --outcome dropped)")))
verb("review", cmd.ReviewCase, "案卷评查 (county supervisor).",
     verdict=(str, _option("--verdict", help="qualified|defective|erroneous")),
     findings=(str, _option("--findings", help="评查意见 what the review found")))  # fmt: skip


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
    service = reader_for(st)
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
    """Every event of the case: both times, actor, role, type, data, hash; backdating flagged.
    The party's ID number, phone and address are masked for a role that does not need them."""
    from workflow.cases.party import mask_personal
    from workflow.reports import audit

    st = state(ctx)
    service = reader_for(st)
    rows = [audit.audit_row(r) for r in service.history(case)]
    if not _sees_party(st, service):  # as `casework history` and `case show`
        rows = [{**row, "data": mask_personal(row["data"])} for row in rows]
    emit_plain(st, {"case": case, "events": rows}, "\n".join(audit.render_row(r) for r in rows))

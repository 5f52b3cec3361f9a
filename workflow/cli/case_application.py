"""`casework case application receive|accept|reject|correct|resubmitted|show` (许可申请的受理,
《行政许可法》第三十二条) and `case pause|resume` (许可期限中止, 第四十五条)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from workflow.cases import commands as cmd
from workflow.cli import case_opening as o
from workflow.cli.case_run import case_app, emit_result, run_case, service_for
from workflow.cli.context import emit_plain, state
from workflow.cli.options import AT, CID, LATE
from workflow.clock import parse_time

application_app = typer.Typer(
    help="许可申请 licence applications: receive, accept (受理), reject (不予受理), correct (补正)",
    no_args_is_help=True,
)
case_app.add_typer(application_app, name="application")

Ref = Annotated[str, typer.Argument(help="application id, e.g. taicheng-A-2026-1")]


def _service(ctx: typer.Context) -> Any:
    from workflow.cases.application_service import ApplicationService

    return ApplicationService(service_for(state(ctx)))


def _human(v: dict[str, Any]) -> str:
    case = f" → {v['case_number']} ({v['case_id']})" if v["case_id"] else ""
    star = "*" if v["due_estimated"] else ""
    return (f"{v['number']} ({v['application_id']}) {v['matter']} · {v['state']}"
            f" · 答复期限 {v['answer_due']}{star}{case}")  # fmt: skip


def _answer(ctx: typer.Context, ref: str, answer: str, at: str | None, late: str,
            command_id: str | None, **fields: Any) -> None:  # fmt: skip
    from workflow.cases.application_service import AnswerApplication

    st = state(ctx)
    result = _service(ctx).answer(AnswerApplication(
        actor=st.require_user(), at=parse_time(at) if at else None, command_id=command_id,
        late_reason=late, application=ref, answer=answer, **fields,
    ))  # fmt: skip
    if isinstance(result, dict):
        emit_plain(st, result, _human(result))
    else:
        emit_result(st, result)


@application_app.command("receive")
def receive_application(
    ctx: typer.Context,
    township: o.TownshipCode,
    matter: Annotated[str, typer.Option("--matter", help="licensing item code of the catalogue")],
    applicant: Annotated[str, typer.Option("--applicant", help="申请人")],
    summary: Annotated[str, typer.Option("--summary", help="申请事项")] = "",
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """申请材料收到: the 5 working days to answer start (许可法 art. 32)."""
    from workflow.cases.application_service import ReceiveApplication

    st = state(ctx)
    view = _service(ctx).receive(ReceiveApplication(
        actor=st.require_user(), at=parse_time(at) if at else None, command_id=command_id,
        late_reason=late_reason, township=township, matter=matter, applicant=applicant,
        summary=summary,
    ))  # fmt: skip
    emit_plain(st, view, _human(view))


@application_app.command("accept")
def accept_application(
    ctx: typer.Context,
    application: Ref,
    party_type: o.PartyType = None,
    id_number: o.IdNumber = "",
    address: o.Address = "",
    contact: o.Contact = "",
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """受理: the licensing case opens; its 20 working days run from today (or from receipt
    when the 5 working days passed unanswered)."""
    opening = cmd.OpenCase(actor="", township="", matter="", party="", summary="",
                           party_kind=party_type, party_id_number=id_number,
                           party_address=address, party_contact=contact)  # fmt: skip
    _answer(ctx, application, "accept", at, late_reason, command_id, opening=opening)


@application_app.command("reject")
def reject_application(
    ctx: typer.Context,
    application: Ref,
    reason: Annotated[str, typer.Option("--reason", help="不予受理的理由")],
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """不予受理, with the reasons (within 5 working days of receipt)."""
    _answer(ctx, application, "reject", at, late_reason, command_id, reason=reason)


@application_app.command("correct")
def correct_application(
    ctx: typer.Context,
    application: Ref,
    material: Annotated[list[str], typer.Option("--material", help="需补正的材料 (repeat: all at once)")],
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """一次性告知补正: every missing material at one time, within 5 working days."""
    _answer(ctx, application, "correct", at, late_reason, command_id, materials=tuple(material))


@application_app.command("resubmitted")
def resubmitted_application(
    ctx: typer.Context, application: Ref, at: str = AT, late_reason: str = LATE,
    command_id: str = CID,
) -> None:  # fmt: skip
    """补正材料收到: a new 5-working-day window to answer."""
    _answer(ctx, application, "resubmitted", at, late_reason, command_id)


@application_app.command("show")
def show_application(ctx: typer.Context, application: Ref) -> None:
    """An application: item, applicant, state, answer due, the case opened on it."""
    st = state(ctx)
    view = _service(ctx).load(application)[1].view()
    emit_plain(st, view, _human(view))


@case_app.command("pause")
def pause(
    ctx: typer.Context,
    case: str,
    kind: Annotated[str, typer.Option("--for", help="听证|招标|拍卖|检验|检测|检疫|鉴定|专家评审")],
    reason: Annotated[str, typer.Option("--reason", help="what is done and how long (told to the applicant)")],
    at: str = AT,
    command_id: str = CID,
) -> None:
    """许可期限中止 (许可法 art. 45): the time it takes is not counted."""
    run_case(ctx, cmd.PauseClock, at, command_id, case=case, kind=kind, reason=reason)


@case_app.command("resume")
def resume(ctx: typer.Context, case: str, at: str = AT, command_id: str = CID) -> None:
    """许可期限恢复计算: the paused working days are added to the deadline."""
    run_case(ctx, cmd.ResumeClock, at, command_id, case=case)

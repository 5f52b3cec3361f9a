"""`casework case hearing|legal-review|discuss|mark-major|duty`: hearings, 法制审核, 集体讨论."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from workflow.cases import commands as cmd
from workflow.cli.case_run import (
    case_app,
    hashed_after_check,
    run_case,
    run_command,
    service_for,
    verb,
)
from workflow.cli.context import emit_plain, state
from workflow.cli.options import AT, CID, LATE
from workflow.clock import parse_time
from workflow.datafile import as_date

RECORD = typer.Option(None, "--record", help="held: the 听证笔录 file (SHA-256 kept)")
GROUND = typer.Option(..., "--ground", help="重大公共利益|疑难复杂|情节复杂|重大违法")


def _ids(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.split(",") if x.strip())


@case_app.command("hearing")
def hearing(
    ctx: typer.Context,
    case: str,
    action: str = typer.Argument(..., help="request | schedule | held | no-show | waive"),
    on: str = typer.Option(None, "--on", help="schedule: the hearing day YYYY-MM-DD"),
    place: str = typer.Option("", "--place", help="schedule: 听证地点"),
    chair: str = typer.Option("", "--chair", help="schedule: 主持人 id (not an investigator)"),
    private: str = typer.Option(
        "", "--not-public", help="schedule: 不公开的理由 (国家秘密、商业秘密或者个人隐私)"
    ),
    record: Path = RECORD,
    notes: str = typer.Option("", "--notes", help="held: 听证笔录摘要"),
    reason: str = typer.Option("", "--reason", help="no-show: 未出席或中途退出的情况"),
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """听证: requested by the party, scheduled (7 working days' notice), held, no-show, waived."""
    base: dict[str, Any] = {"command_id": command_id, "case": case}
    digest = ""
    builders: dict[str, Callable[[str, Any], cmd.Command]] = {
        "request": lambda a, t: cmd.RequestHearing(actor=a, at=t, **base),
        "schedule": lambda a, t: cmd.ScheduleHearing(
            actor=a,
            at=t,
            on=as_date(on, "--on") if on else _missing("--on"),
            place=place,
            chair=chair,
            public=not private,
            reason_not_public=private,
            **base,
        ),
        "held": lambda a, t: cmd.HoldHearing(
            actor=a,
            at=t,
            notes=notes,
            record_file=record.name if record else "",
            record_sha256=digest,
            **base,
        ),
        "no-show": lambda a, t: cmd.AbandonHearing(actor=a, at=t, reason=reason, **base),
        "waive": lambda a, t: cmd.WaiveDefence(actor=a, at=t, **base),
    }
    if action not in builders:
        raise typer.BadParameter("request, schedule, held, no-show or waive")
    if action == "held" and record is not None:  # who acts is checked before the file is read
        digest = hashed_after_check(ctx, builders["held"], record) or ""
    run_command(ctx, builders[action], at, late_reason)


def _missing(option: str) -> Any:
    raise typer.BadParameter(f"{option} is required", param_hint=option)


verb("legal-review", cmd.RecordLegalReview,
     "法制审核 by a designated 法制审核人员 who did not investigate the case.",
     result=(str, typer.Option(..., "--result", help="passed (通过) | returned (退回)")),
     opinion=(str, typer.Option(..., "--opinion", help="审核意见 (退回的写明理由)")))  # fmt: skip


@case_app.command("discuss")
def discuss(
    ctx: typer.Context,
    case: str,
    participants: str = typer.Option(..., "--participants", help="ids of the leadership, A,B,C"),
    conclusion: str = typer.Option(..., "--conclusion", help="讨论结论"),
    result: str = typer.Option(
        "penalty", "--result", help="penalty | no_penalty | transfer | withdraw"
    ),
    held_on: str = typer.Option(None, "--held-on", help="讨论日期 YYYY-MM-DD (default today)"),
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """集体讨论 (art. 57), presided by the team leader; the decision must follow it."""
    day = as_date(held_on, "--held-on") if held_on else None
    run_case(
        ctx,
        cmd.HoldDiscussion,
        at,
        command_id,
        late_reason,
        case=case,
        participants=_ids(participants),
        conclusion=conclusion,
        result=result,
        held_on=day,
    )


@case_app.command("mark-major")
def mark_major(
    ctx: typer.Context,
    case: str,
    ground: list[str] = GROUND,
    reason: str = typer.Option(..., "--reason", help="认定为重大案件的理由"),
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """认定重大案件 (leader or deputy): it then needs 法制审核 and, if 情节复杂/重大违法, 集体讨论."""
    run_case(
        ctx,
        cmd.MarkMajor,
        at,
        command_id,
        late_reason,
        case=case,
        grounds=tuple(ground),
        reason=reason,
    )


@case_app.command("duty")
def duty(
    ctx: typer.Context,
    township: str = typer.Option(..., "--township", help="乡镇 code or name, e.g. 台城镇"),
    person: str = typer.Option(
        ..., "--person", help="the officer id given (or relieved of) the duty"
    ),
    role: str = typer.Option(
        ..., "--duty", help="legal_reviewer (法制审核人员) | decider (授权副队长)"
    ),
    withdraw: bool = typer.Option(False, "--withdraw", help="withdraw the duty"),
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """指定职责 (team leader): 法制审核人员, or a deputy authorised to decide (art. 57)."""
    st = state(ctx)
    actor = st.require_user()
    command = cmd.DesignateDuty(
        actor=actor,
        at=parse_time(at) if at else None,
        command_id=command_id,
        township=township,
        person=person,
        duty=role,
        granted=not withdraw,
    )
    stream, version = service_for(st).designate(command)
    data = {"stream": stream, "version": version, "person": person, "duty": role}
    verb = "撤销" if withdraw else "指定"
    emit_plain(
        st, {**data, "granted": not withdraw}, f"{verb} {person} {role} [{stream} v{version}]"
    )


verb("reassign", cmd.ReassignCase, "更换办案人员 (leader or deputy) at any open state, with a reason.",
     adapt=lambda v: {**v, "officers": _ids(v["officers"])},
     officers=(str, typer.Option(..., "--officers", help="the new officers, at least two: A,B")),
     reason=(str, typer.Option(..., "--reason", help="更换理由")))  # fmt: skip
verb("recuse", cmd.RecuseOfficer,
     "回避 (art. 43), decided by the team leader; a recused officer leaves the case.",
     adapt=lambda v: {**{k: x for k, x in v.items() if k != "refuse"}, "granted": not v["refuse"]},
     officer=(str, typer.Option(..., "--officer", help="the officer (or hearing chair)")),
     applicant=(str, typer.Option("party", "--applicant",
                                  help="officer (自行回避) | party (当事人申请)")),
     reason=(str, typer.Option(..., "--reason", help="回避理由")),
     refuse=(bool, typer.Option(False, "--refuse", help="the leader refuses the application")))  # fmt: skip

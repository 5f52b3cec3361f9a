"""`casework case …`, `casework lifecycle` and `casework demo`: the case side of the CLI."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from workflow.cases import commands as cmd
from workflow.cases.service import CaseResult, CaseService
from workflow.cli.app import CliState, state
from workflow.clock import parse_time
from workflow.datafile import as_date
from workflow.errors import NotAuthorised

case_app = typer.Typer(
    help="案件办理 cases: open, dispatch, evidence, notify, decide, close, review",
    no_args_is_help=True,
)

AT = typer.Option(None, "--at", help="business time (ISO; naive = Asia/Shanghai); default now")
FILE = typer.Option(None, "--file", help="a file kept as evidence (its SHA-256 is recorded)")
LATE = typer.Option(
    "", "--late-reason", help="补录原因: required when --at is more than an hour back"
)
CID = typer.Option(
    None, "--command-id", help="idempotency key: a retry with the same id does nothing twice"
)
SANCTION = typer.Option(
    None,
    "--sanction",
    help="处罚种类[:金额], repeatable: --sanction 罚款:5000 --sanction 警告 (《行政处罚法》第九条)",
)
AMOUNT = typer.Option(None, "--amount", help="yuan: shorthand for one --sanction 罚款:N")
CIRCUMSTANCE = typer.Option("", "--circumstance", help="裁量情节: 轻微|一般|较重|严重")
PARTY_TYPE = typer.Option(None, "--party-type", help="当事人类型: 个人 | 单位 (default 个人)")
ID_NUMBER = typer.Option(
    "", "--id-number", help="身份证号码 (个人) or 统一社会信用代码 (单位), checked by checksum"
)


def sanctions_of(values: list[str] | None) -> tuple[Any, ...]:
    """The --sanction values parsed; a malformed one is a usage error naming the list."""
    from workflow.cases.sanctions import parse_sanction

    try:
        return tuple(parse_sanction(v) for v in values or [])
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--sanction") from None


def service_for(st: CliState) -> CaseService:
    from workflow.cases.config import load_procedure
    from workflow.organisation.directory import load_directory

    store = st.casework().store
    cached: list[Any] = []

    def directory() -> Any:
        if not cached:
            cached.append(load_directory(store))
        return cached[0]

    return CaseService(
        store,
        directory,
        config=load_procedure(st.settings.county_file).config,
        max_backdate_hours=st.settings.max_backdate_hours,
        origin={"channel": "cli"},
    )


def run_command(
    ctx: typer.Context,
    build: Callable[[str, Any], cmd.Command],
    at: str | None,
    late_reason: str = "",
) -> None:
    st = state(ctx)
    actor = st.require_user()
    if os.environ.get("CASEWORK_CLI_WRITES", "").lower() in ("off", "0", "false", "no"):
        raise NotAuthorised(
            "本系统已禁止在命令行办理案件，请登录网页控制台",
            "CLI case writes are off here (CASEWORK_CLI_WRITES=off): use the web console",
        )
    command = build(actor, parse_time(at) if at else None)
    if late_reason:
        command = dataclasses.replace(command, late_reason=late_reason)
    result = service_for(st).execute(command)
    emit_plain(st, result.as_dict(), _human(result))


def emit_plain(st: CliState, result: dict[str, Any], human: str) -> None:
    """One JSON object with --json, else plain text (no rich markup: brackets are data)."""
    if st.json:
        st.emit(result)
    else:
        print(human)


def _human(result: CaseResult) -> str:
    if result.duplicate:
        return f"{result.number} ({result.case_id}): 重复命令，未重复记录 / duplicate command, nothing recorded"
    done = ", ".join(result.events)
    return f"{result.number} ({result.case_id}) → {result.state}  [{done}] v{result.version}"


@case_app.command("open")
def open_case(
    ctx: typer.Context,
    township: str = typer.Option(..., "--township", help="township code or name"),
    matter: str = typer.Option(..., "--matter", help="catalogue item code"),
    party: str = typer.Option(..., "--party", help="当事人"),
    summary: str = typer.Option(..., "--summary", help="案情摘要"),
    violation_date: str = typer.Option(
        None, "--violation-date", help="违法行为发生日期 YYYY-MM-DD"
    ),
    kind: str = typer.Option(None, "--kind", help="penalty|licensing (checked against the matter)"),
    party_type: str = PARTY_TYPE,
    id_number: str = ID_NUMBER,
    address: str = typer.Option("", "--address", help="当事人地址"),
    contact: str = typer.Option("", "--contact", help="当事人联系方式"),
    violation_end: str = typer.Option(
        None, "--violation-end", help="连续或继续状态的违法行为终了日期 (art. 36)"
    ),
    discovered: str = typer.Option(None, "--discovered", help="发现之日 (default: today)"),
    grave_harm: bool = typer.Option(
        False, "--grave-harm", help="涉及公民生命健康安全、金融安全且有危害后果: 5-year limit"
    ),
    violation_unknown: str = typer.Option(
        "", "--violation-unknown", help="why the violation date is unknown (a warning is kept)"
    ),
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """立案/受理: open a case in your township (prints its id and number)."""
    violation = as_date(violation_date, "--violation-date") if violation_date else None
    ended = as_date(violation_end, "--violation-end") if violation_end else None
    found = as_date(discovered, "--discovered") if discovered else None
    run_command(
        ctx,
        lambda a, t: cmd.OpenCase(
            actor=a,
            at=t,
            command_id=command_id,
            township=township,
            matter=matter,
            party=party,
            summary=summary,
            violation_date=violation,
            kind=kind,
            party_kind=party_type,
            party_id_number=id_number,
            party_address=address,
            party_contact=contact,
            violation_end=ended,
            discovered_on=found,
            grave_harm=grave_harm,
            violation_unknown=violation_unknown,
        ),
        at,
        late_reason,
    )


@case_app.command("party")
def party(
    ctx: typer.Context,
    case: str,
    name: str = typer.Option(..., "--name", help="当事人姓名或者名称"),
    party_type: str = PARTY_TYPE,
    id_number: str = ID_NUMBER,
    address: str = typer.Option("", "--address", help="当事人地址"),
    contact: str = typer.Option("", "--contact", help="当事人联系方式"),
    reason: str = typer.Option(
        "", "--reason", help="更正理由 (required to change a recorded party)"
    ),
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """登记/更正当事人信息 (an officer of the case, the leader or a deputy)."""
    run_command(
        ctx,
        lambda a, t: cmd.RecordParty(
            actor=a,
            at=t,
            command_id=command_id,
            case=case,
            name=name,
            party_kind=party_type,
            id_number=id_number,
            address=address,
            contact=contact,
            reason=reason,
        ),
        at,
        late_reason,
    )


@case_app.command("dispatch")
def dispatch(
    ctx: typer.Context,
    case: str,
    officers: str = typer.Option(..., "--officers"),
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """指派 at least two officers (team leader or deputy)."""
    ids = tuple(o.strip() for o in officers.split(",") if o.strip())
    run_command(
        ctx,
        lambda a, t: cmd.DispatchCase(
            actor=a, at=t, command_id=command_id, case=case, officers=ids
        ),
        at,
        late_reason,
    )


@case_app.command("evidence")
def evidence(
    ctx: typer.Context,
    case: str,
    kind: str = typer.Option(..., "--kind"),
    text: str = typer.Option(..., "--text"),
    file: Path = FILE,
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """调查取证: record evidence (a file is kept by its SHA-256)."""
    digest = hashlib.sha256(file.read_bytes()).hexdigest() if file else None
    name = file.name if file else None
    run_command(
        ctx,
        lambda a, t: cmd.RecordEvidence(
            actor=a,
            at=t,
            command_id=command_id,
            case=case,
            kind=kind,
            text=text,
            file_name=name,
            file_sha256=digest,
        ),
        at,
        late_reason,
    )


@case_app.command("notify")
def notify(
    ctx: typer.Context,
    case: str,
    basis: str = typer.Option(..., "--basis"),
    sanction: list[str] = SANCTION,
    amount: float = AMOUNT,
    circumstance: str = CIRCUMSTANCE,
    facts: str = typer.Option(None, "--facts"),
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """事先告知: notify the party of facts, basis, proposed sanctions and rights."""
    sanctions = sanctions_of(sanction)
    run_command(
        ctx,
        lambda a, t: cmd.NotifyPenalty(
            actor=a,
            at=t,
            command_id=command_id,
            case=case,
            amount=amount,
            sanctions=sanctions,
            circumstance=circumstance,
            basis=basis,
            facts=facts,
        ),
        at,
        late_reason,
    )


def register(app: typer.Typer) -> None:
    """Add `case`, `lifecycle` and `demo` to the root CLI."""
    from workflow.cli import (
        case_decide,  # noqa: F401 - registers decide … history on case_app
        case_review,  # noqa: F401 - registers hearing, legal-review, discuss
    )
    from workflow.cli.calendar import register as register_calendar
    from workflow.cli.case_tools import demo_command, lifecycle_command

    app.add_typer(case_app, name="case")
    register_calendar(app)
    app.command("lifecycle")(lifecycle_command)
    app.command("demo")(demo_command)

"""`casework case …`, `casework lifecycle` and `casework demo`: the case side of the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from workflow.cases import commands as cmd
from workflow.cli import case_opening as o
from workflow.cli.case_run import (
    AMOUNT,
    CIRCUMSTANCE,
    DISCRETION_GROUND,
    DISCRETION_REASON,
    ID_NUMBER,
    PARTY_TYPE,
    SANCTION,
    case_app,
    hashed_after_check,
    penalty_fields,
    run_case,
    run_command,
)
from workflow.cli.options import AT, CID, FILE, LATE
from workflow.datafile import as_date


@case_app.command("open")
def open_case(
    ctx: typer.Context,
    township: o.TownshipCode,
    matter: o.Matter,
    party: o.PartyName,
    summary: o.Summary,
    violation_date: o.ViolationDate = None,
    kind: o.Kind = None,
    party_type: o.PartyType = None,
    id_number: o.IdNumber = "",
    address: o.Address = "",
    contact: o.Contact = "",
    violation_end: o.ViolationEnd = None,
    discovered: str = typer.Option(None, "--discovered", help="发现之日 (default: today)"),
    grave_harm: o.GraveHarm = False,
    violation_unknown: o.ViolationUnknown = "",
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """立案/受理: open a case in your township (prints its id and number); the case is its
    own source (直接立案) — to open on a registered lead, use `case source accept`."""
    opening = o.Opening(matter, party, summary, violation_date, kind, party_type, id_number,
                        address, contact, violation_end, grave_harm, violation_unknown)  # fmt: skip
    found = as_date(discovered, "--discovered") if discovered else None
    run_command(
        ctx,
        lambda a, t: opening.command(a, township, at=t, command_id=command_id, discovered_on=found),
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
    run_case(
        ctx,
        cmd.RecordParty,
        at,
        command_id,
        late_reason,
        case=case,
        name=name,
        party_kind=party_type,
        id_number=id_number,
        address=address,
        contact=contact,
        reason=reason,
    )


@case_app.command("dispatch")
def dispatch(
    ctx: typer.Context,
    case: str,
    officers: str = typer.Option(
        ...,
        "--officers",
        help="办案人员: at least two certified officer ids, comma-separated, e.g. tc-004,tc-005",
    ),
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """指派 at least two officers (team leader or deputy)."""
    ids = tuple(o.strip() for o in officers.split(",") if o.strip())
    run_case(ctx, cmd.DispatchCase, at, command_id, late_reason, case=case, officers=ids)


@case_app.command("evidence")
def evidence(
    ctx: typer.Context,
    case: str,
    kind: str = typer.Option(..., "--kind", help="证据种类 (《行政处罚法》第四十六条), e.g. 现场笔录、书证、当事人的陈述"),
    text: str = typer.Option(..., "--text", help="证据内容 what the evidence shows"),
    file: Path = FILE,
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """调查取证: record evidence (a file is kept by its SHA-256)."""

    def build(a: str, t: Any, digest: str | None = None) -> cmd.RecordEvidence:
        return cmd.RecordEvidence(actor=a, at=t, command_id=command_id, case=case, kind=kind,
                                  text=text, file_name=file.name if file else None,
                                  file_sha256=digest)  # fmt: skip

    digest = hashed_after_check(ctx, build, file)
    run_command(ctx, lambda a, t: build(a, t, digest), at, late_reason)


@case_app.command("notify")
def notify(
    ctx: typer.Context,
    case: str,
    basis: str = typer.Option(
        ..., "--basis", help="处罚依据 the article relied on, e.g. 《价格法》第四十二条"
    ),
    sanction: list[str] = SANCTION,
    amount: float = AMOUNT,
    circumstance: str = CIRCUMSTANCE,
    discretion_ground: str = DISCRETION_GROUND,
    discretion_reason: str = DISCRETION_REASON,
    facts: str = typer.Option(None, "--facts", help="违法事实 the facts found"),
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """事先告知: notify the party of facts, basis, proposed sanctions and rights."""
    penalty = penalty_fields(basis, sanction, amount, circumstance, discretion_ground, discretion_reason)
    run_case(ctx, cmd.NotifyPenalty, at, command_id, late_reason, case=case, facts=facts, **penalty)


def register(app: typer.Typer) -> None:
    """Add `case`, `lifecycle` and `demo` to the root CLI."""
    from workflow.cli import (
        case_application,  # noqa: F401 - registers application …, pause, resume
        case_decide,  # noqa: F401 - registers decide … history on case_app
        case_review,  # noqa: F401 - registers hearing, legal-review, discuss
        case_source,  # noqa: F401 - registers source register|accept|reject|show
        case_spot,  # noqa: F401 - registers on-the-spot
    )
    from workflow.cli.case_tools import demo_command, lifecycle_command

    app.add_typer(case_app, name="case")
    app.command("lifecycle")(lifecycle_command)
    app.command("demo")(demo_command)

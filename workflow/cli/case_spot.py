"""`casework case on-the-spot`: 简易程序 (《行政处罚法》第五十一条、第五十二条、第六十八条、第六十九条).

One command: the case is opened, recorded and decided in one append (the case service),
then the numbered 当场行政处罚决定书 is issued (the documents service). Serving and
paying go through `case serve` and `case pay` like any other case.
"""

from __future__ import annotations

from pathlib import Path

import typer

from workflow.cases import commands as cmd
from workflow.cli.case_run import (
    CIRCUMSTANCE,
    DISCRETION_GROUND,
    DISCRETION_REASON,
    ID_NUMBER,
    PARTY_TYPE,
    SANCTION,
    case_app,
    refuse_if_cli_writes_off,
    sanctions_of,
)
from workflow.cli.case_run import service_for as case_service
from workflow.cli.context import CliState, state
from workflow.cli.options import AT, CID
from workflow.clock import parse_time


@case_app.command("on-the-spot")
def on_the_spot(
    ctx: typer.Context,
    township: str = typer.Option(..., "--township", help="township code or name"),
    matter: str = typer.Option(..., "--matter", help="catalogue item code (a penalty matter)"),
    party: str = typer.Option(..., "--party", help="当事人"),
    party_type: str = PARTY_TYPE,
    id_number: str = ID_NUMBER,
    address: str = typer.Option("", "--address", help="当事人地址"),
    facts: str = typer.Option(..., "--facts", help="违法事实 (certain, found on the spot)"),
    statement: str = typer.Option(..., "--statement", help="当事人的陈述和申辩"),
    place: str = typer.Option(..., "--place", help="处罚地点"),
    sanction: list[str] = SANCTION,
    basis: str = typer.Option("", "--basis", help="处罚依据 (default: the matter's)"),
    collect: bool = typer.Option(False, "--collect", help="当场收缴 (art 68)"),
    reason: str = typer.Option("", "--collect-reason", help="why paying later is hard (art 68)"),
    receipt: str = typer.Option("", "--receipt", help="罚没款收据编号 (art 69)"),
    circumstance: str = CIRCUMSTANCE,
    discretion_ground: str = DISCRETION_GROUND,
    discretion_reason: str = DISCRETION_REASON,
    out: Path = typer.Option(None, "--out", help="also write the PDF here"),
    at: str = AT,
    command_id: str = CID,
) -> None:
    """当场处罚 (简易程序): record, decide and issue the 当场行政处罚决定书 in one go."""
    st = state(ctx)
    actor = st.require_user()
    refuse_if_cli_writes_off()
    command = cmd.DecideOnTheSpot(
        actor=actor, at=parse_time(at) if at else None, command_id=command_id,
        township=township, matter=matter, party=party, summary=facts, party_kind=party_type,
        party_id_number=id_number, party_address=address, facts=facts, statement=statement,
        place=place, sanctions=sanctions_of(sanction), basis=basis, collect=collect,
        collect_reason=reason, receipt=receipt, circumstance=circumstance,
        discretion_ground=discretion_ground, discretion_reason=discretion_reason,
    )  # fmt: skip
    result = case_service(st).on_the_spot(command)
    document = _issue(st, result.case_id, actor, command_id, out)
    if collect:
        from workflow.cli.execution import service_for as execution_service

        cid = f"{command_id}:collect" if command_id else None
        execution_service(st).collect_on_the_spot(result.case_id, actor, command_id=cid)
    due = result.case.filing_due.isoformat() if result.case and result.case.filing_due else ""
    row = {**result.as_dict(), "document": document, "filing_due": due}
    if st.json:
        st.emit(row)
        return
    print(f"{result.number} ({result.case_id}): 当场处罚 → {document.get('number', '')}"
          f" · 备案期限 filing due {due}")  # fmt: skip


def _issue(st: CliState, case_id: str, actor: str, command_id: str | None, out: Path | None) -> dict[str, str]:
    from workflow.cli.document import service_for, write_new
    from workflow.documents.kinds import DocumentKind

    cid = f"{command_id}:document" if command_id else None
    issued, body = service_for(st).issue(case_id, DocumentKind.ON_THE_SPOT, actor, command_id=cid)
    if out is not None and body:
        write_new(out, body)
    return {"number": issued.event.number, "sha256": issued.event.sha256}

"""`casework case source register|accept|reject|show`: leads (线索) and 立案审批."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from workflow.cases.sources import CHANNELS
from workflow.cli import case_opening as o
from workflow.cli.case_run import case_app, emit_result, service_for
from workflow.cli.context import emit_plain, state
from workflow.cli.options import AT, CID, LATE
from workflow.clock import parse_time
from workflow.datafile import as_date

source_app = typer.Typer(help="案件来源 leads: register, accept (立案), reject (不予立案)",
                         no_args_is_help=True)  # fmt: skip
case_app.add_typer(source_app, name="source")

Lead = Annotated[str, typer.Argument(help="lead id, e.g. taicheng-S-2026-1")]


def _service(ctx: typer.Context) -> Any:
    from workflow.cases.source_service import SourceService

    return SourceService(service_for(state(ctx)))


def _human(view: dict[str, Any]) -> str:
    case = f" → {view['case_number']} ({view['case_id']})" if view["case_id"] else ""
    late = " · 超期审批 decided late" if view["late"] else ""
    return (f"{view['number']} ({view['source_id']}) {view['channel']} · {view['state']}"
            f" · 审批期限 {view['decision_due']}{late}{case}")  # fmt: skip


@source_app.command("register")
def register_lead(
    ctx: typer.Context,
    township: o.TownshipCode,
    channel: Annotated[str, typer.Option("--channel", help="来源: " + "|".join(CHANNELS))],
    summary: Annotated[str, typer.Option("--summary", help="线索内容")],
    discovered: Annotated[
        str | None, typer.Option("--discovered", help="发现之日 YYYY-MM-DD (default today)")
    ] = None,
    reporter: Annotated[str, typer.Option("--reporter", help="举报人 (kept confidential)")] = "",
    reporter_contact: Annotated[
        str, typer.Option("--reporter-contact", help="举报人联系方式 (confidential)")
    ] = "",
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """线索登记: register a lead; the leader decides within the county file's period."""
    from workflow.cases.source_service import RegisterSource

    st = state(ctx)
    found = as_date(discovered, "--discovered") if discovered else None
    view = _service(ctx).register(RegisterSource(
        actor=st.require_user(), at=parse_time(at) if at else None, command_id=command_id,
        late_reason=late_reason, township=township, channel=channel, summary=summary,
        discovered_on=found, reporter=reporter, reporter_contact=reporter_contact,
    ))  # fmt: skip
    emit_plain(st, view, _human(view))


@source_app.command("accept")
def accept_lead(
    ctx: typer.Context,
    source: Lead,
    matter: o.Matter,
    party: o.PartyName,
    summary: o.Summary,
    opinion: Annotated[str, typer.Option("--opinion", help="审批意见")] = "同意立案",
    violation_date: o.ViolationDate = None,
    kind: o.Kind = None,
    party_type: o.PartyType = None,
    id_number: o.IdNumber = "",
    address: o.Address = "",
    contact: o.Contact = "",
    violation_end: o.ViolationEnd = None,
    grave_harm: o.GraveHarm = False,
    violation_unknown: o.ViolationUnknown = "",
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """立案审批: the leader opens a case on the lead (its discovery day counts for art. 36)."""
    from workflow.cases.source_service import AcceptSource

    st = state(ctx)
    actor = st.require_user()
    opening = o.Opening(matter, party, summary, violation_date, kind, party_type, id_number,
                        address, contact, violation_end, grave_harm, violation_unknown)  # fmt: skip
    command = AcceptSource(actor=actor, at=parse_time(at) if at else None, command_id=command_id,
                           late_reason=late_reason, source=source, opinion=opinion,
                           opening=opening.command(actor, ""))  # fmt: skip
    emit_result(st, _service(ctx).accept(command))


@source_app.command("reject")
def reject_lead(
    ctx: typer.Context,
    source: Lead,
    reason: Annotated[str, typer.Option("--reason", help="不予立案的理由")],
    at: str = AT,
    late_reason: str = LATE,
    command_id: str = CID,
) -> None:
    """不予立案: the leader decides not to open a case, with the reasons."""
    from workflow.cases.source_service import RejectSource

    st = state(ctx)
    view = _service(ctx).reject(RejectSource(
        actor=st.require_user(), at=parse_time(at) if at else None, command_id=command_id,
        late_reason=late_reason, source=source, reason=reason,
    ))  # fmt: skip
    emit_plain(st, view, _human(view))


@source_app.command("show")
def show_lead(ctx: typer.Context, source: Lead) -> None:
    """A lead: channel, discovery, decision due, outcome; the reporter only for the leadership."""
    from workflow.clock import local_day, now

    st = state(ctx)
    service = _service(ctx)
    view = service.show(source, reveal=False, today=local_day(now()))
    person = service.cases.directory().person(st.user) if st.user else None
    if person is not None and not person.removed and str(person.role) in ("leader", "deputy") and (
        person.township == view["township"]
    ):
        view = service.show(source, reveal=True, today=local_day(now()))
    emit_plain(st, view, _human(view) + (f" · 举报人 {view['reporter']}" if view["reporter"] else ""))


def pending_leads(st: Any, township: str | None, today: Any) -> list[dict[str, Any]]:
    """Undecided leads for the deadline board, from the fronts read model (the reporter is
    never in it: 举报人保密), overdue first."""
    from workflow.cli.board_applications import waiting

    views = [{"source_id": f.ref, "number": f.number, "township": f.township,
              "channel": f.channel, "summary": f.summary, "state": f.state,
              "decision_due": str(f.due), "due_estimated": f.due_estimated,
              "overdue": f.overdue(today), "reporter": "（保密）" if f.reported else ""}
             for f in waiting(st, "lead", township)]  # fmt: skip
    return sorted(views, key=lambda v: (not v["overdue"], v["decision_due"]))


def leads_table(views: list[dict[str, Any]]) -> Any:
    """One line a lead: id, channel, decision due, overdue in red."""
    from rich.text import Text

    lines = [Text(f"待立案审批线索 leads awaiting 立案审批 ({len(views)})", style="bold")]
    for v in views:
        flag = Text(" 超期 overdue", style="red") if v["overdue"] else Text("")
        star = "*" if v["due_estimated"] else ""  # a Mon–Fri estimate (holidays not loaded)
        due = f"{v['source_id']}  {v['channel']}  审批期限 {v['decision_due']}{star}"
        lines.append(Text(due) + flag)
    from rich.console import Group

    return Group(*lines)

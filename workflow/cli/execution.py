"""`casework case serve | pay | plan | court | perform | remedy …`: service and execution."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import typer

from workflow.cli.case_run import case_app, evidence_digest
from workflow.cli.context import CliState, state
from workflow.datafile import as_date
from workflow.errors import CaseworkError

ON = typer.Option(None, "--on", help="the day it happened (YYYY-MM-DD); default today")
PROOF = typer.Option(
    None, "--proof", help="a scan or photo kept as proof (its SHA-256 is recorded)"
)

WITNESS = typer.Option(None, "--witness", help="留置送达: a witness (repeat)")
CONSENT_PROOF = typer.Option(..., "--proof", help="the signed confirmation (确认书) scan")
INSTALMENT = typer.Option(..., "--instalment", help="DATE:AMOUNT (repeat)")
PERFORM_PROOF = typer.Option(..., "--proof", help="proof of performance (its SHA-256 is kept)")


def service_for(st: CliState) -> Any:
    from workflow.cli.case_run import case_store, directory_of
    from workflow.execution.service import ExecutionService

    store = case_store(st)
    return ExecutionService(store, directory_of(store))  # the directory when authorising


def day(text: str | None, option: str = "--on") -> date | None:
    return as_date(text, option) if text else None


def file_hash(st: CliState, service: Any, case: str, path: Path | None) -> str:
    """The SHA-256 of a --proof file, read only once the acting user may act on the case
    (as `case evidence --file`): streamed, size-limited, special files refused."""
    if path is None:
        return ""
    service.load(case, st.require_user())  # authorise first: a refused user reads nothing
    return evidence_digest(st, path)


def done(st: CliState, event: Any, human: str) -> None:
    import dataclasses

    if st.json:
        st.emit({"event": type(event).__name__, **dataclasses.asdict(event)})
    else:
        print(human)


@case_app.command("serve")
def serve(
    ctx: typer.Context,
    case: str,
    document: str = typer.Option(
        ..., "--document", help="文书编号, e.g. 台城镇综执罚决字〔2026〕第1号"
    ),
    method: str = typer.Option(
        ..., "--method", help="直接送达|留置送达|邮寄送达|电子送达|公告送达"
    ),
    on: str = ON,
    witness: list[str] = WITNESS,
    tracking: str = typer.Option("", "--tracking", help="邮寄送达: the tracking number"),
    published_on: str = typer.Option(None, "--published-on", help="公告送达: day of publication"),
    failed: str = typer.Option(None, "--failed", help="the attempt failed: why (not served)"),
    proof: Path = PROOF,
) -> None:
    """送达: how and when a document reached the party (送达回证 kept by --proof)."""
    st = state(ctx)
    service = service_for(st)
    if failed is not None:
        event = service.service_failed(case, document, method, day(on), failed, st.require_user())
        return done(st, event, f"{document} {method} 未能送达：{event.reason}")
    digest = file_hash(st, service, case, proof)
    event = service.serve(case, document, method, day(on), st.require_user(),
                          witnesses=list(witness or []), tracking=tracking,
                          proof_sha256=digest,
                          published_on=day(published_on, "--published-on"))  # fmt: skip
    late = "（超过七个工作日）" if event.late else ""
    dues = "，".join(f"{k} {v}" for k, v in event.due.items())
    done(
        st,
        event,
        f"{document} {method} 送达于 {event.served_on}{late}{('；' + dues) if dues else ''}",
    )


@case_app.command("file-spot")
def file_spot_command(ctx: typer.Context, case: str, on: str = ON) -> None:
    """备案: the on-the-spot decision filed with the organ (art 52), within the county's period."""
    from workflow.execution.spot import file_spot

    st = state(ctx)
    event = file_spot(service_for(st), case, day(on), st.require_user())
    late = "（超过备案期限）" if event.late else ""
    done(st, event, f"{event.document} 已备案（{event.filed_on}）{late}")


@case_app.command("consent")
def consent(
    ctx: typer.Context,
    case: str,
    channel: str = typer.Option(..., "--channel", help="e.g. 短信, 电子邮件 (no address stored)"),
    proof: Path = CONSENT_PROOF,
) -> None:
    """电子送达确认书: the party consents to electronic service (art 61)."""
    st = state(ctx)
    service = service_for(st)
    event = service.consent(case, channel, file_hash(st, service, case, proof), st.require_user())
    done(st, event, f"已登记电子送达确认书（{event.channel}）")


@case_app.command("pay")
def pay(
    ctx: typer.Context,
    case: str,
    amount: float = typer.Option(..., "--amount", help="yuan"),
    receipt: str = typer.Option(..., "--receipt", help="bank or e-payment receipt number"),
    on: str = ON,
    command_id: str = typer.Option(None, "--command-id", help="idempotency key"),
) -> None:
    """缴纳罚款 (罚缴分离): record a payment by its receipt; partial payments allowed."""
    st = state(ctx)
    event = service_for(st).pay(case, amount, receipt, day(on), st.require_user(),
                                command_id=command_id)  # fmt: skip
    done(st, event, f"已登记缴款 {event.amount:.2f} 元（凭证 {event.receipt}，{event.paid_on}）")


@case_app.command("plan")
def plan(
    ctx: typer.Context,
    case: str,
    instalment: list[str] = INSTALMENT,
    reason: str = typer.Option(..., "--reason", help="the party's application"),
) -> None:
    """延期/分期缴纳 approved by the team leader (art 66)."""
    st = state(ctx)
    parts = []
    for item in instalment:
        when, _, amount = item.partition(":")
        try:
            parts.append((as_date(when, "--instalment"), float(amount)))
        except ValueError as exc:
            raise CaseworkError(
                f"分期格式应为 日期:金额（{item}）", f"--instalment is DATE:AMOUNT ({item})"
            ) from exc
    event = service_for(st).approve_plan(case, parts, reason, st.require_user())
    done(st, event, f"已批准{'分期' if len(parts) > 1 else '延期'}缴纳：{event.instalments}")


@case_app.command("court")
def court(
    ctx: typer.Context,
    case: str,
    name: str = typer.Option(..., "--court", help="the court applied to"),
    result: str = typer.Option(None, "--result", help="enforced|ended: the court's outcome"),
    amount: float = typer.Option(0.0, "--amount", help="with --result: amount enforced"),
    note: str = typer.Option("", "--note", help="with --result: 说明 what the court did"),
) -> None:
    """申请人民法院强制执行 (行政强制法 arts 53–54), or record its result."""
    st = state(ctx)
    service = service_for(st)
    if result:
        event = service.conclude_court(case, result, amount, st.require_user(), note)
        return done(st, event, f"强制执行结果：{event.result}")
    event = service.apply_court(case, name, st.require_user())
    done(st, event, f"已申请 {event.court} 强制执行，金额 {event.amount:.2f} 元")


@case_app.command("perform")
def perform(
    ctx: typer.Context,
    case: str,
    sanction: str = typer.Option(..., "--sanction", help="as printed in the decision"),
    proof: Path = PERFORM_PROOF,
    on: str = ON,
    note: str = typer.Option("", "--note", help="说明 how it was carried out"),
) -> None:
    """其他处罚已执行 (e.g. 吊销许可证件), with the date and proof."""
    st = state(ctx)
    service = service_for(st)
    event = service.perform(
        case, sanction, day(on), file_hash(st, service, case, proof), st.require_user(), note
    )
    done(st, event, f"已执行：{event.sanction}（{event.performed_on}）")


@case_app.command("remedy")
def remedy(
    ctx: typer.Context,
    case: str,
    kind: str = typer.Argument(..., help="review (行政复议) | suit (行政诉讼)"),
    organ: str = typer.Option(None, "--organ", help="复议机关 or court (when filed)"),
    outcome: str = typer.Option(
        None, "--outcome", help="维持|撤销|变更|确认违法|驳回 (when decided)"
    ),
    judgment: str = typer.Option("", "--judgment", help="for suits: the judgment number"),
    on: str = ON,
) -> None:
    """行政复议/行政诉讼: record that it was filed (--organ) or its outcome (--outcome)."""
    st = state(ctx)
    service = service_for(st)
    if outcome:
        event = service.decide_remedy(case, kind, outcome, day(on), st.require_user(), judgment)
        return done(st, event, f"{kind} 结果：{event.outcome}")
    event = service.seek_remedy(case, kind, organ or "", day(on), st.require_user())
    done(st, event, f"{kind} 已受理：{event.organ}（{event.filed_on}）")


def show_execution(
    st: CliState, case: str, today: date, shown: dict[str, Any] | None = None
) -> tuple[dict[str, Any], str]:
    """The execution part of `case show` (empty for a case with no documents); the
    deadlines of `shown` that run from service are counted from the recorded service."""
    from workflow.execution.view import (
        execution_view,
        render_execution,
        service_deadlines,
        service_waiting,
    )

    try:
        loaded = service_for(st).load(case)
    except (LookupError, TypeError, ValueError) as err:  # a malformed event: show the rest
        print(f"casework: 执行部分无法读取 / execution part unreadable: {err!r}", file=sys.stderr)
        return {}, ""
    if shown is not None and "deadlines" in shown:
        shown["deadlines"] = service_deadlines(loaded, today, shown["deadlines"])
    if shown is not None and shown.get("state") == "penalty_decided" and shown.get("waiting_for"):
        shown["waiting_for"] = service_waiting(loaded, today, shown["waiting_for"])
    if not loaded.documents and not loaded.execution.version:
        return {}, ""
    view = execution_view(loaded, today)
    return view, render_execution(view)


def register(app: typer.Typer) -> None:
    """The commands above are on `case` (importing this module added them)."""

"""Org commands: `init`, `officer list|enlist|certify|remove`, `personnel opinion|action`.

The catalogue commands live in `catalogue.py` and are registered from here too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table

from events import AppendResult
from workflow import clock
from workflow.cases.words import ORIGIN_ZH, role_zh
from workflow.cli import catalogue as cli_catalogue
from workflow.cli.context import CliState, state
from workflow.cli.options import CommandId, Township
from workflow.datafile import as_date
from workflow.organisation import service as org_service
from workflow.organisation.directory import Directory, Person
from workflow.organisation.snapshot import load_directory
from workflow.organisation.types import (
    CertificateChange,
    Domain,
    Origin,
    PersonnelAction,
    RemovalReason,
    Role,
)
from workflow.origin import stamped

officer_app = typer.Typer(help="执法人员: list, enlist, certify, remove", no_args_is_help=True)
personnel_app = typer.Typer(
    help="人事: the township's opinion, then the action", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.add_typer(officer_app, name="officer")
    app.add_typer(personnel_app, name="personnel")
    cli_catalogue.register(app)


def emit_append(cli: CliState, result: AppendResult, what: str, **extra: Any) -> None:
    """Print what a command appended (or that a retried command appended nothing)."""
    data = {"stream": result.stream_id, "version": result.version, "duplicate": result.duplicate}
    data.update(extra)
    note = " (已执行过 / already done, nothing appended)" if result.duplicate else ""
    cli.emit(data, f"{what}{note} [{result.stream_id} v{result.version}]")


def run_org(
    ctx: typer.Context, command: Callable[..., AppendResult], what: str, **fields: Any
) -> None:
    """Run one organisation command as the acting user and print what it appended."""
    cli = state(ctx)
    result = command(stamped(cli.casework().store, "cli"), cli.require_user(), **fields)
    emit_append(cli, result, what, officer_id=fields["officer_id"])


def run_act(
    ctx: typer.Context,
    what: str,
    command: Callable[..., AppendResult],
    *args: Any,
    shown: dict[str, Any] | None = None,
    policy: bool = False,
    **fields: Any,
) -> None:
    """Run one command as the acting user (`command(store, actor, *args, **fields)`, with
    the county file's accountability policy if `policy`) and print what it appended."""
    cli = state(ctx)
    if policy:
        from workflow.accountability.policy import load_policy

        fields["policy"] = load_policy(cli.settings.county_file)
    result = command(stamped(cli.casework().store, "cli"), cli.require_user(), *args, **fields)
    emit_append(cli, result, what, **(shown or {}))


def init(
    ctx: typer.Context,
    county: Annotated[
        Path | None, typer.Option("--county", help="county TOML (default: wutai)")
    ] = None,
    catalogue: Annotated[
        Path | None, typer.Option("--catalogue", help="catalogue CSV (default: sample)")
    ] = None,
) -> None:
    """Record the county file and the catalogue as events (idempotent: twice appends nothing)."""
    cli = state(ctx)
    county_path = county or cli.settings.county_file
    store = stamped(cli.casework().store, "cli")
    report = org_service.init_county(store, county_path, catalogue, cli.user)
    data = {"county": report.county, "appended": report.total, "streams": report.appended}
    data["skipped"] = report.skipped
    human = f"{report.county}: appended {report.total} events in {len(report.appended)} streams"
    if not report.total:
        human = f"{report.county}: already initialised, nothing appended (无新增)"
    cli.emit(data, human + "".join(f"\n  skipped: {s}" for s in report.skipped))
    _warn_unconfirmed(county_path)


def _warn_unconfirmed(county_path: Path | str | None) -> None:
    """One line on stderr naming the county's procedure values still unconfirmed."""
    from workflow.cases.config import load_procedure, warning_line

    line = warning_line(load_procedure(county_path))
    if line:
        typer.echo(line, err=True)


def person_row(p: Person, today: Any) -> dict[str, Any]:
    """One person as `officer list` shows it."""
    until = p.certificate_until(today)
    return {
        "id": p.id,
        "name": p.name,
        "township": p.township,
        "origin": p.origin.value,
        "domain": p.domain.value if p.domain else None,
        "role": p.role.value,
        "certificate_valid": until is not None,
        "certificate_until": until.isoformat() if until else None,
        "removed": p.dismissed,
        "removal_reason": p.removal_reason,
        "posted_away": p.away_on.isoformat() if p.away_on else None,
    }


def _select(d: Directory, township: str | None, role: Role | None) -> list[Person]:
    code = d.township(township).code if township else None
    people = sorted(d.people.values(), key=lambda p: (p.township or "", p.id))
    return [
        p
        for p in people
        if (code is None or p.township == code) and (role is None or p.role is role)
    ]


@officer_app.command("list")
def officer_list(
    ctx: typer.Context,
    township: Township = None,
    role: Annotated[
        Role | None, typer.Option("--role", help="officer|leader|deputy|supervisor|admin")
    ] = None,
) -> None:
    """Everyone casework knows: id, name, township, origin, role, certificate validity."""
    cli = state(ctx)
    d = load_directory(cli.casework().store)
    today = clock.local_day(clock.now())
    rows = [person_row(p, today) for p in _select(d, township, role)]
    if cli.json:
        for row in rows:
            cli.emit(row)
        return
    cli.emit({}, _people_table(d, rows, today))


def _people_table(d: Directory, rows: list[dict[str, Any]], today: Any) -> Table:
    """One line per person in Chinese (GLOSSARY): nothing cut at 80 columns."""
    table = Table(title=f"执法人员 officers ({len(rows)})，执法证截至 {today}", box=box.SIMPLE_HEAD)
    for column in ("编号 id", "姓名", "乡镇", "来源", "角色", "执法证有效期至"):
        table.add_column(column, no_wrap=column != "执法证有效期至", overflow="fold")
    for r in rows:
        town = d.townships[r["township"]].name if r["township"] in d.townships else "-"
        town = "县级" if r["origin"] == Origin.COUNTY.value else town
        origin = ORIGIN_ZH.get(r["origin"], r["origin"])
        if r["domain"]:
            origin = f"派驻·{_domain_zh(r['domain'])}"
        cert = r["certificate_until"] or "无有效证件"
        cert = "—" if r["origin"] == Origin.COUNTY.value and not r["certificate_valid"] else cert
        if r["removed"]:
            cert += f" 已清退：{r['removal_reason']}"
        if r["posted_away"]:
            cert += f" 已调离执法岗位（{r['posted_away']}）"
        table.add_row(r["id"], r["name"], town, origin, role_zh(r["role"]), cert)
    return table


def _domain_zh(domain: str) -> str:
    return Domain(domain).zh if domain in {x.value for x in Domain} else domain


@officer_app.command("enlist")
def officer_enlist(
    ctx: typer.Context,
    officer_id: Annotated[str, typer.Argument(help="new id, e.g. tc-031")],
    name: Annotated[str, typer.Option("--name", help="姓名 the person's name")],
    township: Annotated[str, typer.Option("--township", help="乡镇 code or name, e.g. 台城镇")],
    origin: Annotated[
        Origin, typer.Option("--origin", help="township_staff|seconded|leader|deputy")
    ],
    domain: Annotated[
        Domain | None, typer.Option("--domain", help="the county team of a seconded officer")
    ] = None,
    command_id: CommandId = None,
) -> None:
    """Put a person on a township team (入队): an administrator or the team leader."""
    run_org(
        ctx, org_service.enlist, f"{officer_id} {name} 入队 / enlisted",
        officer_id=officer_id, name=name, township=township, origin=origin, domain=domain, command_id=command_id,
    )  # fmt: skip


@officer_app.command("certify")
def officer_certify(
    ctx: typer.Context,
    officer_id: Annotated[str, typer.Argument()],
    change: Annotated[CertificateChange, typer.Argument(help="issue|renew|revoke")],
    number: Annotated[
        str | None, typer.Option("--number", help="certificate number (issue, renew)")
    ] = None,
    valid_until: Annotated[
        str | None, typer.Option("--valid-until", help="YYYY-MM-DD (issue, renew)")
    ] = None,
    reason: Annotated[str, typer.Option("--reason", help="why a certificate is revoked")] = "",
    command_id: CommandId = None,
) -> None:
    """Issue, renew or revoke an enforcement certificate (执法资格证): administrators."""
    until = as_date(valid_until, "--valid-until") if valid_until else None
    run_org(
        ctx, org_service.certify, f"{officer_id} certificate {change.value}",
        officer_id=officer_id, change=change, number=number, valid_until=until, reason=reason, command_id=command_id,
    )  # fmt: skip


@officer_app.command("remove")
def officer_remove(
    ctx: typer.Context,
    officer_id: Annotated[str, typer.Argument()],
    reason: Annotated[RemovalReason, typer.Option("--reason", help="不担当|不作为|乱作为|other")],
    details: Annotated[str, typer.Option("--details", help="what happened")],
    command_id: CommandId = None,
) -> None:
    """Take an officer off the team for good (清退): an administrator or the team leader."""
    run_org(
        ctx, org_service.remove_officer, f"{officer_id} 清退 / removed ({reason.value})",
        officer_id=officer_id, reason=reason, details=details, command_id=command_id,
    )  # fmt: skip


@personnel_app.command("opinion")
def personnel_opinion(
    ctx: typer.Context,
    officer_id: Annotated[str, typer.Argument()],
    action: Annotated[PersonnelAction, typer.Option("--action", help="promotion|transfer|award")],
    opinion: Annotated[str, typer.Option("--opinion", help="the township's opinion")],
    disagree: Annotated[
        bool, typer.Option("--disagree", help="the township does not agree")
    ] = False,
    command_id: CommandId = None,
) -> None:
    """Record the township's opinion (乡镇意见) on a personnel action: the team leader."""
    run_org(
        ctx, org_service.record_opinion, f"{officer_id} {action.zh} 乡镇意见已记录 / opinion recorded",
        officer_id=officer_id, action=action, opinion=opinion, agrees=not disagree, command_id=command_id,
    )  # fmt: skip


@personnel_app.command("action")
def personnel_action(
    ctx: typer.Context,
    officer_id: Annotated[str, typer.Argument()],
    action: Annotated[PersonnelAction, typer.Option("--action", help="promotion|transfer|award")],
    details: Annotated[str, typer.Option("--details", help="情况说明 what was decided and why")],
    command_id: CommandId = None,
) -> None:
    """Record a promotion, transfer or award (refused without the township's opinion)."""
    run_org(
        ctx, org_service.record_personnel_action, f"{officer_id} {action.zh} 已记录 / recorded",
        officer_id=officer_id, action=action, details=details, command_id=command_id,
    )  # fmt: skip

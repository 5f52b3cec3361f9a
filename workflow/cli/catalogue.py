"""Catalogue commands: `catalogue load FILE --effective DATE`, `catalogue list [--kind K]`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from workflow import clock
from workflow.cli.context import state
from workflow.datafile import as_date
from workflow.errors import NotFound
from workflow.organisation import service as org_service
from workflow.organisation.snapshot import load_directory
from workflow.organisation.types import Kind
from workflow.origin import stamped

catalogue_app = typer.Typer(
    help="执法事项清单: load a version, list the items in force", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(catalogue_app, name="catalogue")


@catalogue_app.command("load")
def catalogue_load(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="catalogue CSV")],
    effective: Annotated[str, typer.Option("--effective", help="YYYY-MM-DD, today or later")],
    command_id: Annotated[str | None, typer.Option("--command-id", help="idempotency key: a retry with the same id does nothing twice")] = None,
    discretion: Annotated[str | None, typer.Option("--discretion", help="裁量基准 TOML recorded with this version (default: CASEWORK_DISCRETION or the sample)")] = None,
) -> None:
    """Publish a new catalogue version (administrators), its 裁量基准 recorded with it."""
    cli = state(ctx)
    day = as_date(effective, "--effective")
    result = org_service.load_catalogue(
        stamped(cli.casework().store, "cli"), cli.require_user(), path, day, command_id=command_id,
        discretion=discretion,
    )
    data = {"stream": result.stream_id, "version": result.version, "effective": day.isoformat()}
    data["duplicate"] = result.duplicate
    cli.emit(
        data, f"catalogue version {result.version} takes effect {day} (清单第{result.version}版)"
    )


@catalogue_app.command("list")
def catalogue_list(
    ctx: typer.Context,
    kind: Annotated[Kind | None, typer.Option("--kind", help="penalty|licensing")] = None,
    on: Annotated[str | None, typer.Option("--on", help="YYYY-MM-DD (default today)")] = None,
) -> None:
    """The items in force (today, or --on a day): code, name, kind, domain."""
    cli = state(ctx)
    day = as_date(on, "--on") if on else clock.local_day(clock.now())
    version = load_directory(cli.casework().store).catalogue_on(day)
    if version is None:
        raise NotFound(f"{day} 没有生效的执法事项清单", f"no catalogue in force on {day}")
    items = [m for m in version.items.values() if kind is None or m.kind is kind]
    if cli.json:
        for m in items:
            cli.emit({**m.to_data(), "catalogue_version": version.version})
        return
    title = f"执法事项清单 v{version.version} (effective {version.effective}): {len(items)} items"
    table = Table(title=title, caption=version.note.splitlines()[0] if version.note else None)
    for column in ("code", "name", "kind", "domain"):
        table.add_column(column)
    for m in items:
        table.add_row(m.code, m.name, m.kind.value, m.domain)
    cli.emit({}, table)

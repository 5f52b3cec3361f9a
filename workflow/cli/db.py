"""`casework db upgrade|current`: the schema's Alembic revisions, run by the owner role."""

from __future__ import annotations

import typer

from workflow.cli.context import state

db_app = typer.Typer(
    help="数据库结构 the database schema (Alembic revisions)", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def upgrade(
    ctx: typer.Context,
    url: str = typer.Option(
        None, "--url", help="connect as the owner role (default: CASEWORK_DATABASE_URL)"
    ),
) -> None:
    """Run every pending revision (as the owner role); the event log's rows are never rewritten."""
    from workflow.schema.upgrade import upgrade as run

    cli = state(ctx)
    before, after = run(url or cli.settings.database_url)
    verb = (
        "已是最新 / already current"
        if before == after
        else f"已升级 / upgraded from {before or '(none)'}"
    )
    cli.emit({"before": before, "after": after}, f"数据库结构 / schema {after}: {verb}")


@db_app.command("current")
def current(ctx: typer.Context) -> None:
    """The database's revision and the newest this casework knows."""
    from workflow.schema.upgrade import current as revision
    from workflow.schema.upgrade import head, owner_engine

    cli = state(ctx)
    engine = owner_engine(cli.settings.database_url)
    try:
        found = revision(engine)
    finally:
        engine.dispose()
    known = head()
    result = {"revision": found, "head": known, "current": found == known}
    cli.emit(result, f"数据库结构 / schema: {found or '(none)'}; this casework: {known}")

"""`casework db init|upgrade|current`: least-privilege roles and the schema's Alembic
revisions, run by the owner role (workflow.integrity.roles)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from workflow.cli.context import emit_plain, state

if TYPE_CHECKING:
    from workflow.integrity.roles import Privileges

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


@db_app.command("init")
def init(
    ctx: typer.Context,
    owner_url: str = typer.Option(
        None, "--owner-url", envvar="CASEWORK_OWNER_DATABASE_URL",
        help="the owner role's URL (or CASEWORK_OWNER_DATABASE_URL): create, migrate, grant",
    ),  # fmt: skip
    service_role: str = typer.Option(
        None, "--service-role", help="the role the service connects as (default: CASEWORK_DATABASE_URL's user)"
    ),
) -> None:
    """PostgreSQL roles (最小权限): with an owner URL, create and migrate the schema as the
    owner and grant the service role SELECT and INSERT on the log, no more; without one,
    print that SQL for an administrator."""
    from sqlalchemy import make_url

    from workflow.errors import UsageError
    from workflow.integrity import roles

    cli = state(ctx)
    service_url = make_url(cli.settings.database_url)
    if service_url.get_backend_name() != "postgresql":
        cli.emit({"roles": None}, "SQLite 没有数据库角色 / SQLite has no roles: protect the file instead")
        return
    service = service_role or service_url.username
    if not service:
        raise UsageError("请用 --service-role 指定服务角色", "name the service role with --service-role")
    if not owner_url:
        sql = roles.script(service, _schema_of(service_url), "casework_owner")
        emit_plain(cli, {"sql": sql}, sql.rstrip("\n"))  # plain: no line is wrapped
        return
    found = _init_as_owner(owner_url, service)
    stats = "" if found.reads_stats else (
        f"\n未授予 not granted {roles.STATS_ROLE} (the owner lacks its admin option): casework "
        f"status cannot show other roles' transactions; as an administrator: "
        f"{roles.stats_grant(service)};"
    )  # fmt: skip
    emit_plain(cli, {"service_role": service, "on_events": sorted(found.on_log),
                     "read_all_stats": found.reads_stats},
               f"服务角色 service role {service}: events {', '.join(sorted(found.on_log))}; "
               "不能修改、删除或停用触发器 / no UPDATE, DELETE, TRUNCATE or DDL" + stats)  # fmt: skip


def _schema_of(url: object) -> str:
    options = str(getattr(url, "query", {}).get("options", ""))
    for part in options.split():
        if "search_path=" in part:
            return part.split("search_path=", 1)[1].split(",")[0]
    return "public"


def _init_as_owner(owner_url: str, service: str) -> Privileges:
    from events import open_store
    from workflow.integrity import roles
    from workflow.schema.upgrade import owner_engine
    from workflow.schema.upgrade import upgrade as run

    run(owner_url)
    open_store(owner_url).close()  # the log's triggers, as their owner
    engine = owner_engine(owner_url)
    try:
        with engine.begin() as conn:
            return roles.apply(conn, service)
    finally:
        engine.dispose()

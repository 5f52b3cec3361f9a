"""`casework serve` and `casework account create|reset|lock|token`: the web side of the CLI.

casework serve [--host 127.0.0.1] [--port 8000] [--workers N]
casework --as ADMIN account create PERSON     prints the first password once
casework --as ADMIN account reset PERSON      a new first password (unlocks)
casework --as ADMIN account lock PERSON       locked until reset
casework --as PERSON account token NAME       an API token for scripts (printed once)
"""

from __future__ import annotations

import os
from typing import Any

import typer

from workflow.cli.context import CliState, state

account_app = typer.Typer(
    help="账户 accounts of the web console (administrators)", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(account_app, name="account")


def serve(
    ctx: typer.Context,
    host: str = typer.Option(
        "127.0.0.1", "--host", help="address to listen on (behind a reverse proxy: 127.0.0.1)"
    ),
    port: int = typer.Option(8000, "--port", help="TCP port to listen on"),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="server processes"),
) -> None:
    """Run the web console and JSON API (uvicorn); the database from CASEWORK_DATABASE_URL."""
    from workflow.web.serving import run

    st = state(ctx)
    os.environ.setdefault("CASEWORK_DATABASE_URL", st.settings.database_url)
    st.casework()  # open (and create) the store once before the workers fork
    print(f"casework 控制台 / console: http://{host}:{port}/  (Ctrl-C 停止 stops)")
    run(**serve_options(host, port, workers))


def serve_options(host: str, port: int, workers: int) -> dict[str, Any]:
    """uvicorn's arguments: the app factory, and the access log of `workflow.web.logs`."""
    from workflow.web.logs import log_config

    return {"app": "workflow.web.app:create_app", "factory": True, "host": host, "port": port,
            "workers": workers, "proxy_headers": True, "access_log": False,
            "log_config": log_config(), "log_level": "warning"}  # fmt: skip


def accounts_for(st: CliState) -> object:
    from workflow.accounts.service import AccountService
    from workflow.organisation.snapshot import load_directory

    store = st.casework().store  # bootstrap's revoker: a lock or reset ends sessions and tokens
    return AccountService(store, lambda: load_directory(store))


@account_app.command("create")
def create(
    ctx: typer.Context, person: str = typer.Argument(..., help="person id in the roster")
) -> None:
    """Open an account for a person; prints the first password ONCE (changed at first login)."""
    st = state(ctx)
    first = accounts_for(st).create(person, by=st.require_user(), channel="cli")  # type: ignore[attr-defined]
    st.emit({"account": person, "first_password": first},
            f"账户 {person} 已开通，初始密码（只显示一次）/ first password (shown once): {first}")  # fmt: skip


@account_app.command("reset")
def reset(ctx: typer.Context, person: str = typer.Argument(...)) -> None:
    """A new first password (shown once); unlocks the account."""
    st = state(ctx)
    first = accounts_for(st).reset(person, by=st.require_user(), channel="cli")  # type: ignore[attr-defined]
    st.emit({"account": person, "first_password": first},
            f"账户 {person} 密码已重置，新初始密码（只显示一次）/ new first password: {first}")  # fmt: skip


@account_app.command("lock")
def lock(ctx: typer.Context, person: str = typer.Argument(...)) -> None:
    """Lock an account until it is reset; its sessions and tokens stop working."""
    st = state(ctx)
    accounts_for(st).lock(person, by=st.require_user(), channel="cli")  # type: ignore[attr-defined]
    st.emit({"account": person, "locked": True}, f"账户 {person} 已锁定 / locked")


@account_app.command("token")
def token(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="what the token is for"),
    days: int = typer.Option(30, "--days"),
    write: bool = typer.Option(False, "--write", help="may also run commands"),
) -> None:
    """An API token for the acting person's account (printed once)."""
    from workflow.accounts.tokens import ApiTokens
    from workflow.cli.case_run import cli_writes_off
    from workflow.errors import NotAuthorised

    st = state(ctx)
    user = st.require_user()
    if write and cli_writes_off():  # `--as` is not a login: a write token would be a back door
        raise NotAuthorised(
            "本系统已禁止在命令行办理案件：可写令牌请在网页控制台（接口令牌）登录后签发",
            "CLI case writes are off here: mint a write token in the console after logging in",
        )
    service = accounts_for(st)
    if not service.exists(user):  # type: ignore[attr-defined]
        from workflow.errors import NotFound

        raise NotFound(f"{user} 没有账户", f"{user} has no account")
    scopes = ["read", "write"] if write else ["read"]
    secret = ApiTokens(st.casework().store).issue(user, name, scopes, days, channel="cli")
    st.emit({"account": user, "token": secret, "scopes": scopes, "days": days},
            f"接口令牌（只显示一次）/ API token (shown once): {secret}")  # fmt: skip

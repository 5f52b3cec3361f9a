"""How a case command runs: the `case` group, the service it calls and the line it prints.

`case.py` (open … legal review) and `case_decide.py` (decide … history) add their commands
to `case_app`; each command body is one `run_case(ctx, Command, at, command_id, **fields)`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import typer

from workflow.cases import commands as cmd
from workflow.cases.rules import rule_config_from_env
from workflow.cases.service import CaseResult, CaseService
from workflow.cli.context import CliState, emit_plain, state
from workflow.clock import parse_time

case_app = typer.Typer(
    help="案件办理 cases: open, dispatch, evidence, notify, decide, close, review",
    no_args_is_help=True,
)


def service_for(st: CliState) -> CaseService:
    from workflow.organisation.snapshot import load_directory

    store = st.casework().store
    cached: list[Any] = []

    def directory() -> Any:
        if not cached:
            cached.append(load_directory(store))
        return cached[0]

    return CaseService(
        store,
        directory,
        config=rule_config_from_env(os.environ),
        max_backdate_hours=st.settings.max_backdate_hours,
    )


def run_command(
    ctx: typer.Context, build: Callable[[str, Any], cmd.Command], at: str | None
) -> None:
    st = state(ctx)
    actor = st.require_user()
    command = build(actor, parse_time(at) if at else None)
    result = service_for(st).execute(command)
    emit_plain(st, result.as_dict(), _human(result))


def _human(result: CaseResult) -> str:
    if result.duplicate:
        return f"{result.number} ({result.case_id}): 重复命令，未重复记录 / duplicate command, nothing recorded"
    done = ", ".join(result.events)
    return f"{result.number} ({result.case_id}) → {result.state}  [{done}] v{result.version}"


def run_case(
    ctx: typer.Context,
    command: Callable[..., cmd.Command],
    at: str | None,
    command_id: str | None,
    **fields: Any,
) -> None:
    """Run one case command built from its fields, as the acting officer, at `--at` or now."""
    run_command(ctx, lambda a, t: command(actor=a, at=t, command_id=command_id, **fields), at)

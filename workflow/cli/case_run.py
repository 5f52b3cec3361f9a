"""How a case command runs: the `case` group, its shared options, the service it calls and
the line it prints.

`case.py` (open … legal review) and `case_decide.py` (decide … history) add their commands
to `case_app`; a command body builds its command and calls `run_command`, or, for a plain
one, `run_case(ctx, Command, at, command_id, **fields)`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import typer

from events import EventStore
from workflow.cases import commands as cmd
from workflow.cases.service import CaseResult, CaseService
from workflow.cli.context import CliState, emit_plain, state
from workflow.clock import parse_time
from workflow.errors import NotAuthorised
from workflow.origin import stamped

case_app = typer.Typer(
    help="案件办理 cases: open, dispatch, evidence, notify, decide, close, review",
    no_args_is_help=True,
)

SANCTION = typer.Option(
    None,
    "--sanction",
    help="处罚种类[:金额], repeatable: --sanction 罚款:5000 --sanction 警告 (《行政处罚法》第九条)",
)
AMOUNT = typer.Option(None, "--amount", help="yuan: shorthand for one --sanction 罚款:N")
CIRCUMSTANCE = typer.Option(
    "", "--circumstance", help="裁量情节: 轻微|一般|较重|严重 (《行政处罚法》第三十四条 裁量基准)"
)
DISCRETION_GROUND = typer.Option(
    "",
    "--discretion-ground",
    help="从轻|减轻 (art. 32) or 从重: a fine outside the benchmark range",
)
DISCRETION_REASON = typer.Option("", "--discretion-reason", help="从轻/减轻/从重 的事实和理由")
PARTY_TYPE = typer.Option(None, "--party-type", help="当事人类型: 个人 | 单位 (default 个人)")
ID_NUMBER = typer.Option(
    "", "--id-number", help="身份证号码 (个人) or 统一社会信用代码 (单位), checked by checksum"
)


def sanctions_of(values: list[str] | None) -> tuple[Any, ...]:
    """The --sanction values parsed; a malformed one is a usage error naming the list."""
    from workflow.cases.sanctions import parse_sanction

    try:
        return tuple(parse_sanction(v) for v in values or [])
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--sanction") from None


def penalty_fields(
    basis: str,
    sanction: list[str] | None,
    amount: float | None,
    circumstance: str,
    discretion_ground: str,
    discretion_reason: str,
) -> dict[str, Any]:
    """The fields a penalty notice and a penalty decision share, from their options."""
    return {"basis": basis, "sanctions": sanctions_of(sanction), "amount": amount,
            "circumstance": circumstance, "discretion_ground": discretion_ground,
            "discretion_reason": discretion_reason}  # fmt: skip


def cli_writes_off() -> bool:
    """`CASEWORK_CLI_WRITES=off`: the deployment forbids case writes from the terminal, so
    that every case act is authenticated (web console or API token)."""
    return os.environ.get("CASEWORK_CLI_WRITES", "").lower() in ("off", "0", "false", "no")


def refuse_if_cli_writes_off() -> None:
    if cli_writes_off():
        raise NotAuthorised(
            "本系统已禁止在命令行办理案件，请登录网页控制台",
            "CLI case writes are off here (CASEWORK_CLI_WRITES=off): use the web console",
        )


class _CaseWrites:
    """The store a CLI case command writes through: an append is refused (before anything
    is written) while `CASEWORK_CLI_WRITES=off`; reads pass through."""

    def __init__(self, store: EventStore) -> None:
        self._store = store

    def append(self, stream_id: str, events: Any, **options: Any) -> Any:
        refuse_if_cli_writes_off()
        return self._store.append(stream_id, events, **options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def case_store(st: CliState) -> EventStore:
    """The store of every CLI command that writes to a case, its execution, documents,
    publication, leads or applications: each event stamped with the `cli` channel, and no
    append at all while `CASEWORK_CLI_WRITES=off` (every such command, not only those that
    run through `run_command`: `case pay`, `document issue`, `case source register` …)."""
    return cast(EventStore, _CaseWrites(stamped(st.casework().store, "cli")))


def service_for(st: CliState) -> CaseService:
    """The case service a command runs through: the county's rules (parsed once), the
    execution close guard, the 简易程序 limits."""
    from workflow.cases.config import load_procedure
    from workflow.execution.closing import guard
    from workflow.execution.service import ExecutionService
    from workflow.procedure import procedure

    store = case_store(st)
    directory = directory_of(store)
    return CaseService(
        store,
        directory,
        config=load_procedure(st.settings.county_file).config,
        max_backdate_hours=st.settings.max_backdate_hours,
        origin={"channel": "cli"},
        close_guard=guard(ExecutionService(store, directory)),
        spot_limits=procedure(),
    )


def reader_for(st: CliState) -> CaseService:
    """The case service for reading (`case show`, `case history`): loading and folding a
    case needs none of the county's rules, so no county file is parsed and no execution
    code imported."""
    store = st.casework().store
    return CaseService(store, directory_of(store), origin={"channel": "cli"})


def directory_of(store: Any) -> Callable[[], Any]:
    """The directory, loaded when a command is authorised (not to show a case), once."""
    cached: list[Any] = []

    def directory() -> Any:
        if not cached:
            from workflow.organisation.snapshot import load_directory

            cached.append(load_directory(store))
        return cached[0]

    return directory


def hashed_after_check(
    ctx: typer.Context, build: Callable[[str, Any], cmd.Command], path: Path | None
) -> str | None:
    """A file's SHA-256, read only once the acting user may issue the command on its case,
    streamed with a size limit (CASEWORK_EVIDENCE_MAX_MB); special files refused (issue 13 §3)."""
    if path is None:
        return None
    st = state(ctx)
    command = build(st.require_user(), None)
    assert isinstance(command, cmd.CaseCommand)
    service_for(st).check_actor(command)
    return evidence_digest(st, path)


def evidence_limit(st: CliState) -> int:
    """The most bytes a file given as evidence or proof may hold (CASEWORK_EVIDENCE_MAX_MB)."""
    from workflow.limits import evidence_most

    return evidence_most(st.settings.evidence_max_mb)


def evidence_digest(st: CliState, path: Path) -> str:
    """The SHA-256 of a file given as evidence or proof (`case evidence --file`, `case serve /
    consent / perform --proof`): streamed, size-limited, special files refused. Call it only
    after the actor has been authorised, so a refused user reads nothing."""
    from workflow.limits import file_digest

    return file_digest(path, evidence_limit(st))


def run_command(
    ctx: typer.Context,
    build: Callable[[str, Any], cmd.Command],
    at: str | None,
    late_reason: str = "",
) -> None:
    st = state(ctx)
    actor = st.require_user()
    refuse_if_cli_writes_off()
    command = build(actor, parse_time(at) if at else None)
    if late_reason:  # 补录原因, required when --at is more than an hour back
        command = dataclasses.replace(command, late_reason=late_reason)
    emit_result(st, service_for(st).execute(command))


def emit_result(st: CliState, result: CaseResult) -> None:
    """The line (or JSON) a case command prints."""
    from workflow.cases.words import state_zh

    emit_plain(st, {**result.as_dict(), "state_zh": state_zh(result.state)}, _human(result))


def _human(result: CaseResult) -> str:
    if result.duplicate:
        return f"{result.number} ({result.case_id}): 重复命令，未重复记录 / duplicate command, nothing recorded"
    from workflow.cases import words

    done = "、".join(words.EVENT_ZH.get(e, e) for e in result.events)
    state = f"{words.state_zh(result.state)} ({result.state})"
    return f"{result.number} ({result.case_id}): {done} → {state} · v{result.version}"


def run_case(
    ctx: typer.Context,
    command: Callable[..., cmd.Command],
    at: str | None,
    command_id: str | None,
    late_reason: str = "",
    **fields: Any,
) -> None:
    """Run one case command built from its fields, as the acting officer, at `--at` or now
    (with the 补录原因 when `--at` is more than an hour back): every `case VERB` body is this."""
    build = lambda a, t: command(actor=a, at=t, command_id=command_id, **fields)  # noqa: E731
    run_command(ctx, build, at, late_reason)


def verb(
    name: str,
    command: Callable[..., cmd.Command],
    doc: str,
    adapt: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    **options: Any,
) -> None:
    """Register `case NAME CASE [--option …] [--at] [--late-reason] [--command-id]` whose body
    is one `run_case`: each option is `field=(type, typer.Option(…))`, the command's field
    (`adapt` turns the typed values into the command's fields where they differ)."""
    import inspect

    from workflow.cli.options import AT, CID, LATE

    kw = inspect.Parameter.KEYWORD_ONLY
    fields = [inspect.Parameter(f, kw, annotation=t, default=o) for f, (t, o) in options.items()]
    tail = [("at", AT), ("late_reason", LATE), ("command_id", CID)]
    params = [inspect.Parameter("ctx", kw, annotation=typer.Context),
              inspect.Parameter("case", kw, annotation=str), *fields,
              *(inspect.Parameter(n, kw, annotation=str, default=d) for n, d in tail)]  # fmt: skip

    def body(ctx: typer.Context, case: str, at: str | None, late_reason: str,
             command_id: str | None, **values: Any) -> None:  # fmt: skip
        fields = adapt(values) if adapt else values
        run_case(ctx, command, at, command_id, late_reason, case=case, **fields)

    body.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    body.__annotations__ = {p.name: p.annotation for p in params}
    body.__name__, body.__doc__ = name.replace("-", "_"), doc
    case_app.command(name)(body)

"""`casework checkpoint`, and what `verify` adds for the global chain: the witness file
and months left unsealed (issue 13 §2). A missing SQLite file or an empty log is
refused before (workflow.cli.opening)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from events import EventStore
from workflow.cli.context import CliState, state
from workflow.origin import stamped


def register(app: typer.Typer) -> None:
    app.command("checkpoint")(checkpoint)


def checkpoint(ctx: typer.Context) -> None:
    """Fold the log into the global chain and record a signed checkpoint (检查点), and
    append it to the witness file (CASEWORK_WITNESS_FILE). The scheduler runs it too."""
    from workflow.clock import now
    from workflow.integrity.checkpoints import checkpoint_now, witness_targets
    from workflow.integrity.operators import may_checkpoint

    cli = state(ctx)
    by = operator(cli, may_checkpoint)
    found = checkpoint_now(stamped(cli.casework().store, "cli"), witness_targets(cli.settings), now(), by)
    if found is None:
        cli.emit({"recorded": False}, "无新写入 / nothing written since the last checkpoint")
        return
    cli.emit({"recorded": True, **found.as_dict()},
             f"检查点 / checkpoint: head {found.head}, {found.count} events, {found.running_hash}")  # fmt: skip


def operator(cli: CliState, rule: Callable[[str, str | None], dict[str, str]]) -> dict[str, str]:
    """Who runs a seal or a checkpoint (`--as`): the rule's metadata, or NotAuthorised
    (exit 4). `--as scheduler` is the system identity; anyone else is looked up in the
    roster (a removed person has no role)."""
    from workflow.integrity.operators import SCHEDULER
    from workflow.organisation.snapshot import load_directory

    actor = cli.require_user()
    if actor == SCHEDULER:
        return rule(actor, None)
    person = load_directory(cli.casework().store).person(actor)
    role = str(person.role) if person is not None and not person.removed else "unknown"
    return rule(actor, role)


def unsealed_months(store: EventStore) -> list[str]:
    """Every month from the first event's to last month that has no seal."""
    from workflow.clock import local_day, now, show
    from workflow.reports.seals import previous_month, sealed_months

    first = store.read_all(after=0, limit=1)
    if not first:
        return []
    month = show(first[0].recorded_at)[:7]
    last = previous_month(local_day(now()))
    sealed, missing = set(sealed_months(store)), []
    while month <= last:
        if month not in sealed:
            missing.append(month)
        year, m = int(month[:4]), int(month[5:7])
        month = f"{year + m // 12:04d}-{m % 12 + 1:02d}"
    return missing


def witness_result(store: EventStore, path: str) -> dict[str, Any]:
    """The witness file compared with the log."""
    from workflow.integrity.witness import check_witness
    from workflow.reports.seals import check_month

    def root(month: str, value: str) -> str | None:
        check = check_month(store, month, value)
        if check.ok:
            return None
        return f"month {month}: the log no longer matches root {value} (now {check.recomputed})"

    from workflow.errors import UsageError
    from workflow.integrity.public_witness import witness_path

    path = witness_path(path)  # a published site's directory holds its witness.jsonl
    if not Path(path).exists():
        raise UsageError(f"没有这个见证文件：{path}", f"no such witness file: {path}")
    try:  # a device, a FIFO or an unreadable file is refused before anything is read
        lines, problems = check_witness(store, path, root)
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"无法读取见证文件 {path}", f"cannot read the witness file {path}: {err}") from err
    return {"witness_lines": lines, "witness_problems": [p.describe() for p in problems]}

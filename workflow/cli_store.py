"""Store-level commands: `casework verify` (supervisors' check) and `casework status`."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from workflow.cli import CliState, state


def register(app: typer.Typer) -> None:
    app.command("verify")(verify)
    app.command("status")(status)


def verify(ctx: typer.Context) -> None:
    """Recompute every hash chain and report the first broken event (验证事件日志)."""
    cli = state(ctx)
    report = cli.casework().store.verify()
    first = report.first_broken
    result = {
        "ok": report.ok,
        "checked": report.checked,
        "streams": report.streams,
        "problems": len(report.problems),
        "first_broken": first.describe() if first else None,
    }
    if report.ok:
        human = f"日志完好 / log intact: {report.checked} events in {report.streams} streams verified"
    else:
        assert first is not None
        human = (
            f"[red]日志被改动 / log altered[/red]: {len(report.problems)} problem(s); "
            f"first: {first.describe()}"
        )
    cli.emit(result, human)
    if not report.ok:
        raise typer.Exit(1)


def status(ctx: typer.Context) -> None:
    """Where the log stands: last position, safe head, and write transactions holding readers back."""
    cli = state(ctx)
    cw = cli.casework()
    st = cw.store.status()
    models = []
    for name in cw.projections.projections:
        ps = cw.projections.state(name)
        position = ps.position if ps else 0
        models.append({"name": name, "version": ps.version if ps else None,
                       "generation": ps.generation if ps else None,
                       "position": position, "lag": max(st.head - position, 0)})  # fmt: skip
    result = {
        "backend": st.backend,
        "last_position": st.last_position,
        "head": st.head,
        "held_back": st.held_back,
        "blockers": [
            {"pid": b.pid, "database": b.database, "xid": b.xid, "seconds": round(b.seconds, 1),
             "state": b.state, "query": b.query}
            for b in st.blockers
        ],
        "projections": models,
    }  # fmt: skip
    table = Table(title=f"event store ({st.backend})")
    for column in ("last position", "safe head", "held back"):
        table.add_column(column, justify="right")
    table.add_row(str(st.last_position), str(st.head), str(st.held_back))
    cli.emit(result, table)
    if cli.json:
        return
    _projection_table(cli, models)
    if st.blockers:
        blockers = Table(title="write transactions holding readers back (阻塞读取的写事务)")
        for column in ("pid", "database", "xid", "seconds", "state", "query"):
            blockers.add_column(column)
        for b in st.blockers:
            blockers.add_row(str(b.pid), b.database, b.xid, f"{b.seconds:.1f}", b.state, b.query[:60])
        cli.emit({}, blockers)


def _projection_table(cli: CliState, models: list[dict[str, Any]]) -> None:
    table = Table(title="read models (读模型)")
    for column in ("projection", "version", "generation", "position", "lag"):
        table.add_column(column, justify="right")
    for m in models:
        table.add_row(m["name"], str(m["version"]), str(m["generation"]), str(m["position"]), str(m["lag"]))
    cli.emit({}, table)

"""Store-level commands: `verify` (supervisors' check), `seal` and `status`."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from events import EventStore
from workflow.cli.context import CliState, state
from workflow.origin import stamped


def register(app: typer.Typer) -> None:
    app.command("verify")(verify)
    app.command("seal")(seal)
    app.command("status")(status)


def verify(
    ctx: typer.Context,
    month: str = typer.Option(None, "--month", help="check one month (YYYY-MM) against its seal"),
    root: str = typer.Option(None, "--root", help="the month's Merkle root as printed in its circular"),
    witness: str = typer.Option(None, "--witness", help="compare with a witness file (见证文件)"),
) -> None:
    """Recompute every hash chain, signature, checkpoint and month's seal; name the first
    broken event (验证)."""
    from workflow.cli.integrity import witness_result

    cli = state(ctx)
    if month or root:
        return _verify_month(cli, month, root)
    result = check_log(cli.casework().store)
    if witness:
        result.update(witness_result(cli.casework().store, witness))
        result["ok"] = result["ok"] and not result["witness_problems"]
    if result["ok"]:
        human = (f"日志完好 / log intact: {result['checked']} events in {result['streams']} streams, "
                 f"{result['sealed_months']} sealed months verified")  # fmt: skip
        human += _signing_note(result)
    else:
        where = (
            result["first_broken"]
            or (result.get("witness_problems") or [None])[0]
            or (result["broken_months"] and f"sealed months altered: {result['broken_months']}")
            or (result["circular_mismatches"] and "months whose root differs from the one their"
                f" circular printed (CircularIssued): {result['circular_mismatches']}")
            or f"months never sealed: {', '.join(result['unsealed_months'])}"
        )
        human = f"日志被改动 / log altered: {where}"
    cli.emit(result, human)
    if not result["ok"]:
        raise typer.Exit(1)


def _signing_note(result: dict[str, Any]) -> str:
    if result["signing_since"] is None:
        return "; 未签名 / not signed (run `casework keys init`)"
    return (f"; every event signed since position {result['signing_since']}"
            f" ({result['unsigned_before_signing']} earlier events unsigned)")  # fmt: skip


def check_log(store: EventStore) -> dict[str, Any]:
    """Every hash chain and every sealed month: what `verify` and `restore` report."""
    from workflow.cli.integrity import unsealed_months
    from workflow.integrity.circulars import issued_roots, mismatches
    from workflow.reports.seals import check_month, sealed_months

    report = store.verify()
    seals = [check_month(store, m) for m in sealed_months(store)]
    broken_months = [c.month for c in seals if not c.ok]
    # a month rewritten and its seal recomputed still differs from the circular issued on it
    circulars = mismatches(store, issued_roots(store), {c.month: c.recomputed for c in seals})
    # a county that keeps checkpoints seals every month: a missing seal was deleted
    unsealed = unsealed_months(store) if report.checkpoints else []
    first = report.first_broken
    return {
        "ok": report.ok and not broken_months and not unsealed and not circulars,
        "checked": report.checked, "circular_mismatches": circulars,
        "checkpoints": report.checkpoints, "unsealed_months": unsealed,
        "streams": report.streams, "problems": len(report.problems),
        "first_broken": first.describe() if first else None,
        "sealed_months": len(seals), "broken_months": broken_months,
        "unsigned_before_signing": report.unsigned, "signing_since": report.signing_since,
    }  # fmt: skip


EXIT_ROOT_MISTYPED = 6
EXIT_NOT_SEALED = 2  # usage: the month given has no seal here and no root was typed


def _verify_month(cli: CliState, month: str | None, root: str | None) -> None:
    from workflow.reports.seals import check_month

    if not month:
        raise ValueError("--root needs --month YYYY-MM")
    check = check_month(cli.casework().store, month, root)
    verdict, human = month_verdict(check)
    result = {"month": month, "ok": check.ok, "verdict": verdict, "recomputed": check.recomputed,
              "sealed": check.sealed, "paper": check.paper}  # fmt: skip
    cli.emit(result, human)
    if verdict == "typed_root_differs":
        raise typer.Exit(EXIT_ROOT_MISTYPED)
    if verdict == "not_sealed":  # nothing was compared: not an altered log (exit 1)
        raise typer.Exit(EXIT_NOT_SEALED)
    if not check.ok:
        raise typer.Exit(1)


def month_verdict(check: Any) -> tuple[str, str]:
    """What a month check means for the person who ran it, as (code, one line).

    ok · not_sealed (nothing to compare: exit 2, as for a value that names nothing) · typed_root_differs (the log still matches its
    recorded seal; only the root typed in differs: check it, exit 6) · altered (the log no
    longer matches its seal, or a root when there is no seal: tampering, exit 1).
    """
    m, now = check.month, check.recomputed
    if check.ok:
        return "ok", f"{m}: 与封存一致 / matches its seal: {now}"
    if check.sealed is None and check.paper is None:
        return "not_sealed", f"{m}: 尚未封存 / not sealed; give --root to compare (now {now})"
    if check.sealed == now:
        return "typed_root_differs", (
            f"{m}: 日志与本月封存一致，但与您输入的根值不同，请核对输入 / the log matches "
            f"its recorded seal, but not the root you typed: check what you typed\n"
            f"  typed  {check.paper}\n  sealed {check.sealed}")  # fmt: skip
    if check.sealed is None:
        return "altered", (
            f"{m}: 日志与您输入的根值不符；本月未在本库封存，无法区分输入错误与篡改 / the log does "
            f"not match the root you typed; the month has no seal here to tell a typo from "
            f"tampering\n  typed {check.paper}\n  log   {now}")  # fmt: skip
    return "altered", (
        f"{m}: 日志已与本月封存不符，日志被改动 / the log no longer matches its seal for "
        f"{m}: it was altered\n  recomputed {now}\n  sealed     {check.sealed}"
        + (f"\n  typed      {check.paper}" if check.paper else ""))  # fmt: skip


def seal(
    ctx: typer.Context,
    month: str = typer.Option(None, "--month", help="month to seal (default: last month)"),
) -> None:
    """Seal a month that has ended: its Merkle root, recorded once as MonthSealed (月度封存)."""
    from workflow.cli.integrity import operator
    from workflow.clock import local_day, now
    from workflow.integrity.operators import may_seal
    from workflow.reports.seals import previous_month, seal_month

    cli = state(ctx)
    by = operator(cli, may_seal)  # before anything is read: a refusal records nothing
    today = local_day(now())
    found, sealed = seal_month(stamped(cli.casework().store, "cli"), month or previous_month(today), today, by)
    result = {"month": found.month, "root": found.root, "count": found.count,
              "first_position": found.first_position, "last_position": found.last_position,
              "sealed_now": sealed}  # fmt: skip
    if sealed:
        from workflow.integrity.checkpoints import checkpoint_now, witness_seal, witness_targets

        store, witness_file = stamped(cli.casework().store, "cli"), witness_targets(cli.settings)
        witness_seal(store, witness_file, found.month, found.root, found.count)
        checkpoint_now(store, witness_file, now(), by)
    verb = "已封存 / sealed" if sealed else "早已封存 / already sealed"
    cli.emit(result, f"{found.month} {verb}: {found.count} events, root {found.root}")


def status(ctx: typer.Context) -> None:
    """Where the log stands: last position, safe head, read models, and what holds readers back."""
    cli = state(ctx)
    cw = cli.casework()
    st = cw.store.status()
    models = [_model(cw.projections, name, st.head) for name in cw.projections.projections]
    result = {
        "backend": st.backend, "last_position": st.last_position, "head": st.head,
        "held_back": st.held_back, "projections": models,
        "blockers": [{"pid": b.pid, "database": b.database, "xid": b.xid,
                      "seconds": round(b.seconds, 1), "state": b.state, "query": b.query}
                     for b in st.blockers],
    }  # fmt: skip
    table = Table(title=f"event store ({st.backend})")
    for column in ("last position", "safe head", "held back"):
        table.add_column(column, justify="right")
    table.add_row(str(st.last_position), str(st.head), str(st.held_back))
    cli.emit(result, table)
    if cli.json:
        return
    _projection_table(cli, models)
    _quarantine_table(cli, models)
    if st.blockers:
        blockers = Table(title="write transactions holding readers back (阻塞读取的写事务)")
        for column in ("pid", "database", "xid", "seconds", "state", "query"):
            blockers.add_column(column)
        for b in st.blockers:
            blockers.add_row(str(b.pid), b.database, b.xid, f"{b.seconds:.1f}", b.state, b.query[:60])
        cli.emit({}, blockers)


def _model(engine: Any, name: str, head: int) -> dict[str, Any]:
    ps = engine.state(name)
    position = ps.position if ps else 0
    return {"name": name, "version": ps.version if ps else None,
            "generation": ps.generation if ps else None,
            "position": position, "lag": max(head - position, 0),
            "quarantined": [q.as_dict() for q in engine.quarantined(name)]}  # fmt: skip


def _projection_table(cli: CliState, models: list[dict[str, Any]]) -> None:
    table = Table(title="read models (读模型)")
    for column in ("projection", "version", "generation", "position", "lag", "quarantined"):
        table.add_column(column, justify="right")
    for m in models:
        table.add_row(m["name"], str(m["version"]), str(m["generation"]), str(m["position"]),
                      str(m["lag"]), str(len(m["quarantined"])))  # fmt: skip
    cli.emit({}, table)


def _quarantine_table(cli: CliState, models: list[dict[str, Any]]) -> None:
    """Events a read model could not project (隔离): fix, then `casework rebuild` retries."""
    entries = [q for m in models for q in m["quarantined"]]
    if not entries:
        return
    table = Table(title="quarantined events, retried by `casework rebuild` (隔离的事件)")
    for column in ("projection", "position", "stream", "type", "error"):
        table.add_column(column)
    for q in entries:
        table.add_row(*(Text(str(q[k])) for k in ("projection", "position", "stream_id",
                                                  "event_type", "error")))  # fmt: skip
    cli.emit({}, table)

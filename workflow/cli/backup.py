"""Operator commands: `backup` (online copy with a manifest) and `restore` (proven copy)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from workflow.cli.context import state
from workflow.errors import CaseworkError, EnvironmentFault


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)


def backup(
    ctx: typer.Context,
    out: str = typer.Option(..., "--out", help="the backup file to write (never overwritten)"),
) -> None:
    """Back up the database online: a consistent snapshot, compressed, with a manifest (备份)."""
    from workflow.backup.archive import BackupRefused
    from workflow.backup.snapshot import take_backup

    cli = state(ctx)
    target = Path(out)
    if target.exists() or target.is_symlink() or not target.parent.is_dir():  # what was typed
        raise CaseworkError(
            f"备份文件 {out} 已存在或其目录不存在（备份从不覆盖文件）",
            f"{out} exists already, or its directory does not: a backup never overwrites a file",
        )
    try:
        done = take_backup(
            cli.settings.database_url, Path(out), evidence=Path(cli.settings.evidence_dir)
        )
    except BackupRefused as err:
        raise EnvironmentFault("无法备份", f"backup not made: {err}") from err
    m = done.manifest
    size = done.path.stat().st_size
    result = {"file": str(done.path), "backend": m.backend, "bytes": size,
              "events": m.log.events, "head": m.log.head, "last_position": m.log.last_position,
              "digest": m.log.digest, "last_seal": m.log.last_seal_month,
              "payload_sha256": m.payload_sha256, "evidence_files": m.evidence_files,
              "seconds": {k: round(v, 3) for k, v in done.seconds.items()}}  # fmt: skip
    human = (f"已备份 / backed up: {m.log.events} events up to position {m.log.head} "
             f"-> {done.path} ({_size(size)}, {sum(done.seconds.values()):.1f} s); "
             f"log digest {m.log.digest[:16]}…")  # fmt: skip
    cli.emit(result, human)


def restore(
    ctx: typer.Context,
    file: str = typer.Argument(..., help="a file written by `casework backup`"),
    evidence_to: str = typer.Option(
        None, "--evidence-to", help="where the evidence files go (default: CASEWORK_EVIDENCE_DIR)"
    ),
    to: str = typer.Option(
        ..., "--to", help="an EMPTY target database URL (sqlite:///… or postgresql://…)"
    ),
) -> None:
    """Restore a backup into an empty database; verify it, rebuild the read models (恢复)."""
    from workflow.backup.archive import BackupRefused
    from workflow.backup.restore import restore_backup
    from workflow.cli.store import check_log

    cli = state(ctx)
    if not Path(file).is_file():
        raise CaseworkError("备份文件不存在", f"no backup file {file}")
    try:
        evidence = Path(evidence_to or cli.settings.evidence_dir)
        done = restore_backup(Path(file), to, check_log, evidence_to=evidence)
    except BackupRefused as err:
        raise CaseworkError("备份未通过校验，已拒绝恢复", f"restore refused: {err}") from err
    log = done.log
    result = {"target": done.target, "backup_created": done.manifest.created_at,
              "events": log.events, "streams": log.streams, "head": log.head,
              "first_recorded": log.first_recorded, "last_recorded": log.last_recorded,
              "last_seal": log.last_seal_month, "verified": done.verified,
              "schema": {"restored": done.schema[0], "now": done.schema[1]},
              "event_types": done.event_types, "read_models": done.read_models,
              "evidence_files": done.manifest.evidence_files,
              "seconds": {k: round(v, 3) for k, v in done.seconds.items()}}  # fmt: skip
    cli.emit(result, _report(result))


def _report(r: dict[str, Any]) -> Table:
    from workflow.clock import parse_time, show

    def when(text: str | None) -> str:
        return show(parse_time(text)) if text else "-"

    table = Table(title=f"已恢复并校验 / restored and verified: {r['target']}", show_header=False)
    table.add_row("备份时间 / backup taken (UTC)", r["backup_created"])
    table.add_row("事件 / events", f"{r['events']} in {r['streams']} streams, head {r['head']}")
    table.add_row(
        "时间范围 / recorded", f"{when(r['first_recorded'])} – {when(r['last_recorded'])}"
    )
    table.add_row("最近封存 / last sealed month", r["last_seal"] or "-")
    v = r["verified"]
    table.add_row("校验 / verify", f"ok: {v['checked']} events, {v['sealed_months']} sealed months")
    top = ", ".join(f"{k} {n}" for k, n in list(r["event_types"].items())[:8])
    table.add_row("事件类型 / event types", top)
    table.add_row("读模型重建 / read models rebuilt", ", ".join(r["read_models"]))
    return table


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.1f} kB"

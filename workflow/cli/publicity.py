"""`casework publish --out DIR`, `casework case publish CASE`, `case withdraw-publication CASE`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from workflow.cli.case_run import case_app
from workflow.cli.context import CliState, state
from workflow.errors import CaseworkError

SITE_OUT = typer.Option(..., "--out", help="directory to write the static site into")


def service_for(st: CliState) -> Any:
    from workflow.cli.case_run import case_store
    from workflow.organisation.snapshot import load_directory
    from workflow.publicity.service import PublicityService

    store = case_store(st)
    cached: list[Any] = []

    def directory() -> Any:
        if not cached:
            cached.append(load_directory(store))
        return cached[0]

    return PublicityService(store, directory)


def _emit(st: CliState, row: dict[str, Any], human: str) -> None:
    if st.json:
        st.emit(row)
    else:
        print(human)


@case_app.command("publish")
def publish_case(ctx: typer.Context, case: str) -> None:
    """公示: publish the case's decision (masked, within 7 working days, art 48)."""
    st = state(ctx)
    event = service_for(st).publish(case, st.require_user())
    late = "（超过公示期限）" if event.late else ""
    _emit(st, {"document": event.document, "party": event.party, "published_on": event.published_on,
               "late": event.late}, f"{event.document} 已公示（{event.party}）{late}")  # fmt: skip


@case_app.command("withdraw-publication")
def withdraw(
    ctx: typer.Context, case: str, reason: str = typer.Option(..., "--reason", help="撤回理由")
) -> None:
    """撤回公示 after the decision was revoked or changed (within 3 days, art 48)."""
    st = state(ctx)
    event = service_for(st).withdraw(case, reason, st.require_user())
    _emit(st, {"document": event.document, "withdrawn_on": event.withdrawn_on, "late": event.late},
          f"{event.document} 已撤回公示：{event.reason}")  # fmt: skip


def publish_site(ctx: typer.Context, out: Path = SITE_OUT) -> None:
    """执法公示网站: write the static public site (index, pages, feed.json, search)."""
    from workflow.clock import local_day, now
    from workflow.publicity.build import publish_site as build

    st = state(ctx)
    if out.exists() and not out.is_dir():
        raise CaseworkError(f"{out} 不是目录", f"{out} is not a directory")
    _check_published_witness(st, out)
    counts = build(service_for(st), out, local_day(now()))
    from workflow.integrity.public_witness import publish_witness  # checkpoints and roots

    counts["witness_lines"] = publish_witness(st.casework().store, out, st.settings.witness_file)
    _emit(st, {"out": str(out), **counts},
          f"已写入 {out}：公示 {counts['decisions']} 件，撤回 {counts['withdrawn']} 件")  # fmt: skip


class LogAltered(CaseworkError):
    """The log disagrees with what was witnessed: `verify` answers the same with exit 1."""

    exit_code = 1


def _check_published_witness(st: Any, out: Path) -> None:
    """The site's witness already published must still match the log, else nothing is
    written: rebuilding the site from an altered log must not bury the evidence."""
    from workflow.cli.integrity import witness_result
    from workflow.integrity.public_witness import NAME

    if not (out / NAME).is_file():
        return
    problems = witness_result(st.casework().store, str(out / NAME))["witness_problems"]
    if problems:
        raise LogAltered(
            f"日志与已公示的见证不符，拒绝覆盖公示网站：{problems[0]}",
            f"the log no longer matches the witness already published on the site "
            f"({len(problems)} problems; first: {problems[0]}); the site is left as it was",
        )


def register(app: typer.Typer) -> None:
    """Add `publish` (the site); the case commands above are on `case`."""
    app.command("publish")(publish_site)

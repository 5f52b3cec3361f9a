"""The supervisor's audit on the command line (监督审计): history, export, verify-bundle.

    casework history CASE                        every event of the case
    casework history --actor ID --from D --to D  every event one person recorded
    casework --as ID export CASE --out FILE.zip  the case file bundle (team, supervisor)
    casework verify-bundle FILE.zip              re-verify a bundle, no database needed

`casework case show CASE --as-of TIME` lives with `case show` (cli/case_decide.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from workflow.cases.numbering import SHORT, parse_case_ref
from workflow.cases.party import mask_personal
from workflow.cases.ports import DirectoryLike
from workflow.cli.case_tables import viewer_sees_party
from workflow.cli.context import CliState, state
from workflow.errors import CaseworkError
from workflow.reports import audit
from workflow.reports.audit import TimeField

BY = typer.Option(
    TimeField.RECORDED, "--by", help="filter --from/--to on recorded or business time"
)
OUT = typer.Option(..., "--out", help="the zip to write")
BUNDLE = typer.Argument(..., help="a zip made by `casework export`")


def register(app: typer.Typer) -> None:
    """Add `history`, `export` and `verify-bundle` to the root CLI."""
    app.command("history")(history)
    app.command("export")(export)
    app.command("verify-bundle")(verify_bundle)


def directory_for(st: CliState, ref: str) -> DirectoryLike | None:
    """The directory, loaded only when the case is named by its human number."""
    if SHORT.match(ref.strip()):
        return None
    from workflow.organisation.snapshot import load_directory

    return load_directory(st.casework().store)


def history(
    ctx: typer.Context,
    case: str = typer.Argument(None, help="case id or number (omit to search by actor / time)"),
    actor: str = typer.Option(None, "--actor", help="only events recorded by this person"),
    start: str = typer.Option(None, "--from", help="from this day or time (Asia/Shanghai)"),
    end: str = typer.Option(None, "--to", help="up to this day (inclusive) or time"),
    by: TimeField = BY,
    as_of: str = typer.Option(None, "--as-of", help="a case's events recorded by this time"),
    backdated: bool = typer.Option(False, "--backdated", help="only backdated events (补录)"),
) -> None:
    """审计 history: both times, actor, role, type, data and hash; backdated events flagged."""
    st = state(ctx)
    store = st.casework().store
    within = audit.window(start, end)
    if case:
        moment = audit.end_of(as_of) if as_of else None
        records = audit.case_records(store, directory_for(st, case), case, moment)
        events = audit.matching(records, actor=actor, within=within, by=by)
    elif actor or start or end or backdated:
        index = st.casework().projections if actor else None
        events = audit.actor_events(store, actor=actor, within=within, by=by, index=index)
    else:
        raise typer.BadParameter("name a CASE, or give --actor, --from/--to or --backdated")
    rows = [audit.audit_row(e) for e in events if not backdated or audit.is_backdated(e)]
    from workflow.organisation.snapshot import load_directory

    if not viewer_sees_party(load_directory(store), st.user):  # ID numbers, phones, addresses
        rows = [{**row, "data": mask_personal(row["data"])} for row in rows]
    _print_rows(st, rows, with_stream=not case)


def _print_rows(st: CliState, rows: list[dict[str, Any]], with_stream: bool) -> None:
    """JSON: one object per event per line; else one line per event and a count."""
    if st.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return
    for row in rows:
        print(audit.render_row(row, with_stream))
    late = sum(1 for r in rows if r["backdated"])
    print(f"共 {len(rows)} 个事件，其中补录 {late} 个 / {len(rows)} events, {late} backdated")


def export(
    ctx: typer.Context,
    case: str = typer.Argument(..., help="case id or number"),
    out: Path = OUT,
) -> None:
    """案卷评查导出: events, hash chain, summary and evidence digests in one zip (the case's
    township team or a county supervisor: the bundle names the party in full)."""
    from workflow.clock import now
    from workflow.organisation.snapshot import load_directory
    from workflow.reports.export import authorise_export, export_case

    if out.is_dir() or not out.parent.is_dir():  # a path typed wrong: usage, exit 2
        raise CaseworkError(f"--out 应为可写入的文件路径：{out}", f"--out: not a file path to write: {out}")
    st = state(ctx)
    store = st.casework().store
    stream_id = parse_case_ref(case, directory_for(st, case)).stream_id
    authorise_export(store, load_directory(store), stream_id, st.require_user())  # exit 4
    result = export_case(store, stream_id, out, now(), st.user)
    summary = {
        "out": str(result.path),
        "stream_id": result.stream_id,
        "number": result.number,
        "events": result.events,
        "chain_ok": result.chain_ok,
        "head_hash": result.head_hash,
    }
    verdict = "哈希链完好 chain intact" if result.chain_ok else "哈希链被改动 CHAIN ALTERED"
    human = f"{result.number}: {result.events} 个事件 → {result.path} ({verdict}, head {result.head_hash[:16]}…)"
    _emit(st, summary, human)
    if not result.chain_ok:
        raise typer.Exit(1)


def verify_bundle(ctx: typer.Context, bundle: Path = BUNDLE) -> None:
    """校验案卷包 without the database: recompute every hash; name the first broken event."""
    from workflow.reports.bundle_verify import verify_bundle as check

    st = state(ctx)
    if not bundle.exists():
        raise CaseworkError(f"文件不存在：{bundle}", f"no such file: {bundle}")
    if not bundle.is_file():  # a device (/dev/zero), a FIFO, a directory: read nothing
        raise CaseworkError(f"{bundle} 不是普通文件", f"{bundle} is not a regular file")
    import zipfile

    if not zipfile.is_zipfile(bundle):  # not a bundle at all: input, not an altered bundle
        raise CaseworkError(f"{bundle} 不是案卷包（zip）", f"{bundle} is not a bundle (zip)")
    report = check(bundle)
    if report.ok:
        human = f"案卷包完好 / bundle intact: {report.events} events of {report.stream_id}, head {report.head_hash}"
        for month, root, proven in report.sealed:
            human += f"\n  {month} 月度封存 sealed root {root}: {proven} events proven (对照月度通报 compare with the circular)"
        unproven = report.events - sum(n for _, _, n in report.sealed)
        if unproven:
            human += f"\n  {unproven} events in months not yet sealed: compare the head hash with the county's log"
    else:
        human = f"案卷包被改动 / bundle altered: {report.problem}"
    _emit(st, report.as_dict(), human)
    if not report.ok:
        raise typer.Exit(1)


def _emit(st: CliState, result: dict[str, Any], human: str) -> None:
    if st.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(human)


def show_as_of(st: CliState, case: str, as_of: str) -> None:
    """`case show --as-of`: the fold of the events recorded by then; deadlines as of that day."""
    from workflow.cases import view as case_view
    from workflow.clock import local, local_day

    moment = audit.end_of(as_of)
    folded = audit.case_as_of(st.casework().store, directory_for(st, case), case, moment)
    stamp = local(moment).strftime("%Y-%m-%d %H:%M:%S")
    view = {**case_view.case_view(folded, local_day(moment)), "as_of": stamp}
    header = f"截至 as of {view['as_of']}（按记录时间 by recording time）"
    human = header + "\n" + case_view.render_case(view)
    if st.json:
        st.emit(view)
    else:
        print(human)

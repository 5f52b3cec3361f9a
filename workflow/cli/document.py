"""`casework document …`: issue, list, re-render and verify 文书 (PDF)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer

from workflow.cli.context import CliState, state
from workflow.errors import CaseworkError

document_app = typer.Typer(
    help="文书 documents: issue, list, render (byte-identical from the log), verify",
    no_args_is_help=True,
)
OUT = typer.Option(..., "--out", help="where to write the PDF")
ALSO_OUT = typer.Option(None, "--out", help="also write the PDF here")


def service_for(st: CliState) -> Any:
    from workflow.cli.case_run import case_store
    from workflow.documents.service import DocumentService
    from workflow.organisation.snapshot import load_directory

    store = case_store(st)
    cached: list[Any] = []

    def directory() -> Any:
        if not cached:
            cached.append(load_directory(store))
        return cached[0]

    return DocumentService(store, directory)


def writable(path: Path | None) -> None:
    """Checked before anything is recorded: an issued document's file must not fail after
    its `DocumentIssued` was appended."""
    from workflow.limits import replaceable

    if path is None:
        return
    replaceable(path)
    if not path.parent.is_dir():
        raise CaseworkError(f"--out 的目录不存在：{path.parent}", f"--out: no directory {path.parent}")


def write_new(path: Path, body: bytes) -> None:
    """Write the file atomically (a .partial then rename); never through a directory."""
    from workflow.limits import replaceable

    replaceable(path)  # a directory, or a device such as /dev/null, is never renamed over
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(body)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _row(issued: Any) -> dict[str, Any]:
    e = issued.event
    return {
        "number": e.number,
        "kind": e.kind,
        "title": _title(e.kind),
        "case": e.case_id,
        "issued_at": e.at,
        "sha256": e.sha256,
        "built_from": e.built_from,
    }


def _title(kind: str) -> str:
    from workflow.documents.kinds import DocumentKind

    return DocumentKind(kind).spec.title


@document_app.command("issue")
def issue(
    ctx: typer.Context,
    case: str,
    kind: str = typer.Option(..., "--kind", help="decision, notice, filing, … or 行政处罚决定书"),
    out: Path = ALSO_OUT,
    command_id: str = typer.Option(None, "--command-id", help="idempotency key"),
) -> None:
    """签发文书: number, render and record a document of the case."""
    from workflow.documents.kinds import DocumentKind, parse_kind

    writable(out)
    st = state(ctx)
    actor = st.require_user()
    parsed = parse_kind(kind)
    if parsed is DocumentKind.DEMAND:  # it states what is owed: the execution service knows
        from workflow.cli.execution import service_for as execution_for
        from workflow.execution.demand import issue_demand

        issued, body = issue_demand(execution_for(st), case, actor, command_id=command_id)
    elif parsed is DocumentKind.CLOSING:  # it states how the decision was executed
        from workflow.cli.execution import service_for as execution_for
        from workflow.execution.closing import issue_closing

        issued, body = issue_closing(execution_for(st), case, actor, command_id=command_id)
    else:
        issued, body = service_for(st).issue(case, parsed, actor, command_id=command_id)
    if out is not None and body:
        write_new(out, body)
    row = _row(issued)
    _emit(st, row, f"{row['number']} {row['title']} sha256 {row['sha256'][:16]}…")


@document_app.command("list")
def list_documents(ctx: typer.Context, case: str) -> None:
    """本案文书: the documents issued for a case."""
    st = state(ctx)
    rows = [_row(i) for i in service_for(st).of_case(case)]
    if st.json:
        st.emit({"case": case, "documents": rows})
        return
    if not rows:
        print("本案尚未签发文书 / no documents issued")
    for row in rows:
        print(f"{row['number']}\t{row['title']}\t{_local(row['issued_at'])}\t{row['sha256'][:16]}…")


@document_app.command("render")
def render_document(ctx: typer.Context, case: str, number: str, out: Path = OUT) -> None:
    """重新生成: re-render a document from the log, byte-identical to the one issued (the
    township's team or a county supervisor: it names the party in full)."""
    st = state(ctx)
    issued, body = service_for(st).reproduce(case, number, st.require_user())
    write_new(out, body)
    _emit(st, _row(issued), f"{issued.event.number} → {out} (sha256 与签发记录一致 / matches)")


@document_app.command("receipt")
def receipt(ctx: typer.Context, case: str, number: str, out: Path = OUT) -> None:
    """送达回证: the form to be signed on delivery of the case's document NUMBER (the
    township's team or a county supervisor: it names the party and the address)."""
    from workflow.documents.receipt import receipt_form

    st = state(ctx)
    body = receipt_form(service_for(st), case, number, st.require_user())
    write_new(out, body)
    _emit(st, {"document": number, "out": str(out)}, f"{number} 送达回证 → {out}")


@document_app.command("verify")
def verify(ctx: typer.Context, file: Path) -> None:
    """核验: is this file, byte for byte, a document recorded in the log? (exit 3 if not)"""
    from workflow.cli.case_run import evidence_limit
    from workflow.limits import read_evidence

    st = state(ctx)  # anyone may verify a paper; it appends nothing
    result = service_for(st).verify(read_evidence(file, evidence_limit(st)))
    row = {"ok": result.ok, "zh": result.zh, "en": result.en}
    if result.issued is not None:
        row["document"] = _row(result.issued)
    _emit(st, row, f"{result.zh} / {result.en}")
    if not result.ok:
        raise SystemExit(3)


def _local(text: str) -> str:
    from workflow.clock import parse_time, show

    return show(parse_time(text))


def _emit(st: CliState, row: dict[str, Any], human: str) -> None:
    if st.json:
        st.emit(row)
    else:
        print(human)


def register(app: typer.Typer) -> None:
    """Add `document` to the root CLI."""
    app.add_typer(document_app, name="document")

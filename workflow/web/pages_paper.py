"""Console routes for a case's papers and files: the paper acts (签发文书、送达、缴款、公示),
a document's PDF, an evidence file, and the review bundle (案卷评查导出) for supervisors.

Files are looked up by what the case's own events record (a document number, an evidence
SHA-256), never by a path taken from a request or from event data.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from events import ConcurrencyError
from workflow import clock
from workflow.cases.numbering import parse_case_ref
from workflow.errors import CaseworkError, NotAuthorised, NotFound
from workflow.web import evidence, paper, paper_acts, queries
from workflow.web.auth import Visitor, check_csrf, member, web
from workflow.web.context import WebContext
from workflow.web.pages_case import _cid, _refused, _upload

router = APIRouter(include_in_schema=False)
SHA256 = re.compile(r"^[0-9a-f]{64}$")
FILE_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
              ".png": "image/png", ".mp4": "video/mp4", ".mp3": "audio/mpeg",
              ".m4a": "audio/mp4", ".wav": "audio/wav", ".txt": "text/plain; charset=utf-8"}  # fmt: skip


@router.post("/cases/{ref}/paper/{act}")
async def paper_act(request: Request, ref: str, act: str) -> Response:
    """One paper act through its service; a refusal re-renders the case page with the rule."""
    v = await run_in_threadpool(member, request)
    form = await request.form()
    check_csrf(form.get("csrf"), v.session)
    ctx = web(request)
    s = paper.services(ctx, v.principal)
    who, cid = v.principal.account_id, _cid(v, form)
    try:
        if act == "serve":
            kept = await _upload(ctx, form.get("upload"))
            await run_in_threadpool(paper.serve, s, who, ref, form, cid,
                                    kept.get("file_sha256", ""), kept.get("file_name", ""))  # fmt: skip
        elif act == "issue":
            await run_in_threadpool(paper.issue, s, who, ref, form, cid)
        else:
            kept = await _upload(ctx, form.get("upload"))
            proof = (kept.get("file_sha256", ""), kept.get("file_name", ""))
            await run_in_threadpool(paper_acts.run, ctx, v.principal, "web", act, ref, form,
                                    cid, proof)  # fmt: skip
    except (CaseworkError, ConcurrencyError, ValueError) as exc:
        return await run_in_threadpool(_refused, request, ctx, v, ref, exc)
    return RedirectResponse(f"/cases/{ref}?done={quote(act)}#paper", status_code=303)


def _papers_of(ctx: WebContext, v: Visitor, ref: str) -> str:
    """The case's township, if the visitor may read its papers (NotAuthorised otherwise)."""
    folded, _ = queries.load(ctx, v.principal, ref)
    if not paper.may_read_papers(v.principal, folded.township):
        raise NotAuthorised("无权下载本案文书和证据", "you may not download this case's papers")
    return folded.township


def _attachment(name: str) -> dict[str, str]:
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", name) or "file"
    return {"content-disposition": f"attachment; filename=\"{ascii_name}\"; "
                                   f"filename*=UTF-8''{quote(name)}"}  # fmt: skip


@router.get("/cases/{ref}/document.pdf")
def document_pdf(
    request: Request, ref: str, number: str = Query(..., max_length=100),
    v: Visitor = Depends(member),
) -> Response:  # fmt: skip
    """A document's PDF, re-rendered from the log (refused if not byte-identical)."""
    ctx = web(request)
    _papers_of(ctx, v, ref)
    issued, body = paper.services(ctx, v.principal).documents.reproduce(ref, number)
    return Response(body, media_type="application/pdf",
                    headers=_attachment(f"{issued.event.number}.pdf"))  # fmt: skip


@router.get("/cases/{ref}/evidence/{digest}")
def evidence_file(request: Request, ref: str, digest: str, v: Visitor = Depends(member)) -> Response:
    """An evidence file the case's events record by this SHA-256."""
    ctx = web(request)
    _papers_of(ctx, v, ref)
    if not SHA256.match(digest):
        raise NotFound("没有这个证据文件", "no such evidence file")
    _, records = queries.load(ctx, v.principal, ref)
    names = [r.data.get("file_name") or "evidence" for r in records
             if r.data.get("file_sha256") == digest]  # fmt: skip
    names += [r.data.get("record_file") or "hearing-record" for r in records
              if r.data.get("record_sha256") == digest]  # 听证笔录  # fmt: skip
    if not names:  # a proof kept with service or performance (送达回证, 执行凭证)
        execution = ctx.casework.store.read_stream(f"execution-{records[0].data['case_id']}")
        names = [r.data.get("proof_name") or f"proof-{digest[:12]}"
                 for r in execution if r.data.get("proof_sha256") == digest]  # fmt: skip
    path = ctx.evidence_dir / digest[:2] / digest
    if not names or not path.is_file():
        raise NotFound("没有这个证据文件", "no such evidence file")
    name = evidence.safe_name(str(names[0]))
    kind = FILE_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
    return FileResponse(path, media_type=kind, headers=_attachment(name))


@router.get("/cases/{ref}/export.zip")
def export_bundle(request: Request, ref: str, v: Visitor = Depends(member)) -> Response:
    """案卷评查导出: the same zip as `casework export`, under its rule (the case's township
    team or a county supervisor)."""
    from workflow.reports.export import authorise_export, export_case

    ctx = web(request)
    stream_id = parse_case_ref(ref, ctx.directory()).stream_id
    authorise_export(ctx.casework.store, ctx.directory(), stream_id, v.principal.account_id)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bundle.zip"
        result = export_case(ctx.casework.store, stream_id, out, clock.now(),
                             v.principal.account_id)  # fmt: skip
        body = out.read_bytes()
    return Response(body, media_type="application/zip",
                    headers=_attachment(f"{result.number}.zip"))  # fmt: skip

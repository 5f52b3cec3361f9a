"""The 送达回证 form of a document (GLOSSARY: attached to the document it proves, with no
number of its own): rendered from the log on demand, to be signed on delivery; the
signed scan is kept by its SHA-256 when the service is recorded (`case serve --proof`)."""

from __future__ import annotations

from workflow.documents import context as doc_context
from workflow.documents import render
from workflow.documents.kinds import DocumentKind
from workflow.documents.service import DocumentService

TEMPLATE = "service_receipt.html"


def receipt_form(
    service: DocumentService, case: str, number: str, actor: str | None = None
) -> bytes:
    """The 送达回证 for the case's document `number` (the same bytes every time). It names
    the party and the address: with `actor`, only one who may read the case's documents."""
    if actor is not None:
        service.may_read(case, actor)
    issued = service.find(case, number)
    event = issued.event
    built = event.built_from
    records = service.store.read_stream(built["stream"], up_to_version=built["version"])
    ctx = doc_context.build(event, "service-receipt", [(r.type, r.data) for r in records])
    ctx["doc"] = {**ctx["doc"], "title": "送达回证", "number": "",
                  "served_title": DocumentKind(event.kind).spec.title,
                  "served_number": event.number, "served_sha256": event.sha256}  # fmt: skip
    return render.from_html(render.html_of(TEMPLATE, ctx))

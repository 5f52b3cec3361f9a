"""The paper of a case in its review bundle (案卷): the documents as PDF and the service proofs.

`documents.json` lists each document with the SHA-256 recorded in its `DocumentIssued`;
`verify-bundle` checks each PDF in the bundle against it. `service.json` lists the case's
execution events (送达 with their 送达回证 hashes, payments, remedies) as stored.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from events import EventStore
from workflow.clock import local_day, parse_time
from workflow.documents.service import DocumentService, issued_for_case

DOCUMENTS, SERVICE = "documents.json", "service.json"


def paper_files(store: EventStore, opened: dict[str, Any], now: datetime) -> dict[str, bytes]:
    """The bundle files of a case's documents and service proofs (empty if it has none)."""
    first = local_day(parse_time(opened["at"])).year
    issued = issued_for_case(store, opened["township"], opened["case_id"], first, local_day(now).year)
    renderer = DocumentService(store, lambda: None)
    files: dict[str, bytes] = {}
    listing = []
    for doc in issued:
        name = f"documents/{doc.stream_id.removeprefix('document-')}-{doc.event.n}.pdf"
        files[name] = renderer.render_event(doc.event, doc.stream_id)
        listing.append({"file": name, "number": doc.event.number, "kind": doc.event.kind,
                        "sha256": doc.event.sha256, "issued_at": doc.event.at,
                        "built_from": doc.event.built_from})  # fmt: skip
    service = [{"type": r.type, "data": r.data, "recorded_at": r.recorded_at.isoformat(),
                "hash": r.hash} for r in store.read_stream(f"execution-{opened['case_id']}")]  # fmt: skip
    if listing:
        files[DOCUMENTS] = _json({"documents": listing})
    if service:
        files[SERVICE] = _json({"events": service})
    return files


def check_documents(files: dict[str, bytes]) -> str | None:
    """Each PDF listed in documents.json has the SHA-256 its DocumentIssued recorded."""
    import hashlib

    if DOCUMENTS not in files:
        return None
    try:
        listing = json.loads(files[DOCUMENTS])["documents"]
    except (ValueError, KeyError, TypeError):
        return f"{DOCUMENTS} is not readable"
    for entry in listing:
        body = files.get(str(entry.get("file")))
        if body is None:
            return f"{entry.get('file')} is missing from the bundle"
        if hashlib.sha256(body).hexdigest() != entry.get("sha256"):
            return f"{entry.get('file')} differs from {entry.get('number')} as issued"
    return None


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")

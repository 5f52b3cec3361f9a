"""`casework export CASE` carries the case's documents (PDF) and service proofs, and
`verify-bundle` checks each PDF against the SHA-256 its DocumentIssued recorded
(in-process CLI, SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from events import open_store
from tests.e2e.case_inproc import cli, ok
from tests.integration.case_db import BACKENDS, database_url
from tests.integration.documents_desk import Desk
from workflow.documents.kinds import DocumentKind
from workflow.execution.events import Method
from workflow.organisation.service import init_county

NOW = "2026-06-05T10:00"


def rezip(path: Path, files: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as z:
        for name, body in files.items():
            z.writestr(name, body)


@pytest.mark.parametrize("backend", BACKENDS)
def test_bundle_holds_and_checks_the_paper(backend: str, tmp_path: Path) -> None:
    db = database_url(backend, tmp_path)
    store = open_store(db)
    init_county(store)
    d = Desk(store)
    case = d.decided(party="王五")
    issued, body = d.documents.issue(case, DocumentKind.DECISION, "tc-004")
    proof = b"scanned service receipt"
    d.execution.serve(case, issued.event.number, Method.PERSONAL, None, "tc-004",
                      proof_sha256=hashlib.sha256(proof).hexdigest())  # fmt: skip
    d.execution.pay(case, 500, "BK-77", None, "tc-004")
    store.close()
    out = tmp_path / "bundle.zip"
    ok(cli("--json", "export", case, "--out", str(out), db=db, user="sv-001", now=NOW))
    with zipfile.ZipFile(out) as z:
        files = {n: z.read(n) for n in z.namelist()}
    listing = json.loads(files["documents.json"])["documents"]
    assert [e["number"] for e in listing] == [issued.event.number]
    assert files[listing[0]["file"]] == body  # the PDF as issued, byte for byte
    service = json.loads(files["service.json"])["events"]
    assert [e["type"] for e in service] == ["DocumentServed", "PaymentRecorded"]
    assert service[0]["data"]["proof_sha256"] == hashlib.sha256(proof).hexdigest()
    good = ok(cli("--json", "verify-bundle", str(out), db=db, now=NOW))
    assert good["ok"] is True
    forged = dict(files)  # a PDF changed and the bundle's own digests made to agree
    forged[listing[0]["file"]] = body.replace(b"%%EOF", b"%%EOF\n%x")
    chain = json.loads(files["chain.json"])
    chain["files"][listing[0]["file"]] = hashlib.sha256(forged[listing[0]["file"]]).hexdigest()
    forged["chain.json"] = json.dumps(chain, ensure_ascii=False).encode()
    altered = tmp_path / "altered.zip"
    rezip(altered, forged)
    bad = cli("verify-bundle", str(altered), db=db, now=NOW)
    assert bad.code == 1 and "differs from" in bad.out and issued.event.number in bad.out

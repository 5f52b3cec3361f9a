"""Documents, service and execution on both backends (the two contracts), and one PNG."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from events import open_store
from tests import pg
from tests.integration.documents_contract import DocumentContract
from tests.integration.documents_desk import Desk
from tests.integration.execution_contract import ExecutionContract
from tests.integration.publicity_contract import PublicityContract
from workflow.documents.kinds import DocumentKind
from workflow.organisation.service import init_county


class TestDocumentsSQLite(DocumentContract, ExecutionContract, PublicityContract):
    @pytest.fixture(autouse=True)
    def _db(self, county_file: Path, tmp_path: Path) -> None:
        copy = tmp_path / "casework.db"
        shutil.copyfile(county_file, copy)
        self.url = f"sqlite:///{copy}"


@pytest.mark.postgres
class TestDocumentsPostgres(DocumentContract, ExecutionContract, PublicityContract):
    @pytest.fixture(autouse=True)
    def _db(self) -> Iterator[None]:
        with pg.fresh_schema() as (url, _schema):
            store = open_store(url)
            init_county(store)
            store.close()
            self.url = url
            yield


def test_first_page_renders_to_png(county_file: Path, tmp_path: Path) -> None:
    """pdftoppm turns page 1 into a PNG with ink on it (tests/artifacts keeps it to look at)."""
    from PIL import Image

    copy = tmp_path / "casework.db"
    shutil.copyfile(county_file, copy)
    d = Desk(open_store(f"sqlite:///{copy}"))
    _, body = d.documents.issue(d.decided(), DocumentKind.DECISION, "tc-004")
    pdf = tmp_path / "decision.pdf"
    pdf.write_bytes(body)
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    png = next(tmp_path.glob("page*.png"))
    image = Image.open(png).convert("L")
    width, height = image.size
    assert abs(height / width - 297 / 210) < 0.01  # A4
    dark = sum(image.histogram()[:128])
    assert dark > 0.01 * width * height  # text, not a blank page


def test_export_carries_documents_and_service_proofs(county_file: Path, tmp_path: Path) -> None:
    """The review bundle holds each PDF and the service record; verify-bundle checks the PDFs."""
    import hashlib
    import json
    import zipfile

    from workflow.execution.events import Method
    from workflow.reports.bundle_verify import verify_bundle, verify_files
    from workflow.reports.export import export_case

    copy = tmp_path / "casework.db"
    shutil.copyfile(county_file, copy)
    d = Desk(open_store(f"sqlite:///{copy}"))
    case = d.decided()
    issued, body = d.documents.issue(case, DocumentKind.DECISION, "tc-004")
    d.execution.serve(case, issued.event.number, Method.PERSONAL, None, "tc-004",
                      proof_sha256="cd" * 32)  # fmt: skip
    out = tmp_path / "case.zip"
    export_case(d.store, f"case-{case}", out, d.tick())
    assert verify_bundle(out).ok
    with zipfile.ZipFile(out) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    [pdf] = [name for name in files if name.startswith("documents/")]
    assert files[pdf] == body
    assert "cd" * 32 in files["service.json"].decode("utf-8")
    forged = {**files, pdf: body + b"%x"}
    report = verify_files(forged)
    assert not report.ok and pdf in str(report.problem)
    chain = json.loads(files["chain.json"])  # a forger who also rewrites chain.json's digest
    chain["files"][pdf] = hashlib.sha256(forged[pdf]).hexdigest()
    forged["chain.json"] = json.dumps(chain).encode("utf-8")
    report = verify_files(forged)
    assert not report.ok and "as issued" in str(report.problem)

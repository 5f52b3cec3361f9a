"""The other outcomes' documents on both backends (templates_contract), and a PNG of each."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from events import open_store
from tests import pg
from tests.integration.documents_desk import Desk
from tests.integration.templates_contract import TemplatesContract
from workflow.cases import commands as c
from workflow.documents.kinds import DocumentKind
from workflow.organisation.service import init_county

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")


class TestTemplatesSQLite(TemplatesContract):
    @pytest.fixture(autouse=True)
    def _db(self, county_file: Path, tmp_path: Path) -> None:
        copy = tmp_path / "casework.db"
        shutil.copyfile(county_file, copy)
        self.url = f"sqlite:///{copy}"


@pytest.mark.postgres
class TestTemplatesPostgres(TemplatesContract):
    @pytest.fixture(autouse=True)
    def _db(self) -> Iterator[None]:
        with pg.fresh_schema() as (url, _schema):
            store = open_store(url)
            init_county(store)
            store.close()
            self.url = url
            yield


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils missing")
def test_first_pages_as_png_for_a_person_to_look_at(county_file: Path, tmp_path: Path) -> None:
    """Writes build/documents/<kind>.png (kept for a person to look at)."""
    copy = tmp_path / "casework.db"
    shutil.copyfile(county_file, copy)
    d = Desk(open_store(f"sqlite:///{copy}"))
    no_penalty, transfer = d.notified(party="赵六"), d.notified(party="钱七")
    d.do(c.DecideNoPenalty(actor="tc-001", case=no_penalty, ground="minor_corrected",
                           reason="当事人已当场改正"))  # fmt: skip
    d.do(c.TransferCase(actor="tc-001", case=transfer, organ="五台县公安局", reason="涉嫌犯罪"))
    out = Path("build/documents")
    out.mkdir(parents=True, exist_ok=True)
    for case, kind in ((no_penalty, DocumentKind.NO_PENALTY), (transfer, DocumentKind.TRANSFER)):
        _, body = d.documents.issue(case, kind, "tc-001")
        pdf = tmp_path / f"{kind.value}.pdf"
        pdf.write_bytes(body)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(out / kind.value)], check=True)  # fmt: skip
        assert (out / f"{kind.value}.png").stat().st_size > 10_000

"""裁量基准 versioned with the catalogue (处罚法 art. 34), on SQLite and PostgreSQL: each
catalogue version records its items' benchmark; a notice is checked against the version in
force on its day; a malformed benchmark file is refused and appends nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from events import open_store
from tests.integration.case_db import BACKENDS, database_url
from tests.unit.case_fakes import PARTY
from workflow.cases import commands as c
from workflow.cases.service import CaseService
from workflow.datafile import InvalidDataFile
from workflow.errors import RuleViolation
from workflow.organisation.catalogue import sample_catalogue_path
from workflow.organisation.service import init_county, load_catalogue
from workflow.organisation.snapshot import load_directory

TIGHT = '[SC-CF-001]\ncap = 1000\n"一般" = { min = 200, max = 500, sanctions = ["警告", "罚款"] }\n'


def notify(store: object, when: datetime, amount: float) -> tuple[CaseService, str, int]:
    directory = load_directory(store)  # type: ignore[arg-type]
    service = CaseService(store, lambda: directory, clock=lambda: when)  # type: ignore[arg-type]
    case = service.open(c.OpenCase(actor="tc-006", township="taicheng", matter="SC-CF-001",
                                   party="p", summary="s", **PARTY)).case_id  # fmt: skip
    service.execute(c.DispatchCase(actor="tc-001", case=case, officers=("tc-004", "tc-005")))
    service.execute(c.RecordEvidence(actor="tc-005", case=case, kind="k", text="t"))
    before = store.stream_version(f"case-{case}")  # type: ignore[attr-defined]
    return service, case, before


@pytest.mark.parametrize("backend", BACKENDS)
def test_each_catalogue_version_carries_its_benchmark(backend: str, tmp_path: Path) -> None:
    store = open_store(database_url(backend, tmp_path))
    init_county(store)
    first = load_directory(store).catalogues[-1]
    assert first.discretion["SC-CF-001"]["cap"] == 100000  # the sample file, recorded
    tight = tmp_path / "tight.toml"
    tight.write_text(TIGHT, encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text('[SC-CF-001]\n"一般" = { min = 1 }\n', encoding="utf-8")
    with pytest.raises(InvalidDataFile):
        load_catalogue(store, "ad-001", sample_catalogue_path(), date(2026, 7, 1),
                       today=date(2026, 6, 1), discretion=str(broken))  # fmt: skip
    assert len(load_directory(store).catalogues) == 1  # nothing appended
    load_catalogue(store, "ad-001", sample_catalogue_path(), date(2026, 7, 1),
                   today=date(2026, 6, 1), discretion=str(tight))  # fmt: skip
    june = datetime(2026, 6, 10, 2, 0, tzinfo=UTC)
    service, case, _ = notify(store, june, 5000)
    ok = service.execute(c.NotifyPenalty(actor="tc-005", case=case, amount=5000, basis="b",
                                         circumstance="一般"))  # fmt: skip
    assert ok.state == "penalty_notified"  # version 1's 一般: 200–20000
    july = datetime(2026, 7, 10, 2, 0, tzinfo=UTC)
    service, case, before = notify(store, july, 5000)
    with pytest.raises(RuleViolation) as refused:
        service.execute(c.NotifyPenalty(actor="tc-005", case=case, amount=5000, basis="b",
                                        circumstance="一般"))  # fmt: skip
    assert "第三十四条" in refused.value.statute
    assert store.stream_version(f"case-{case}") == before  # nothing appended
    allowed = service.execute(c.NotifyPenalty(actor="tc-005", case=case, amount=400, basis="b",
                                              circumstance="一般"))  # fmt: skip
    assert allowed.state == "penalty_notified"  # version 2's 一般: 200–500
    store.close()

"""Case numbers under concurrent opening: 1..N, no gaps, no duplicates (real databases)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from events import open_store
from tests.integration.case_db import BACKENDS, database_url
from tests.unit.case_fakes import licence_by_application
from workflow.cases import commands as c
from workflow.cases.numbering import CaseNumber, current_max
from workflow.cases.service import CaseService
from workflow.organisation.service import init_county
from workflow.organisation.snapshot import load_directory

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
OPENERS = ["tc-004", "tc-005", "tc-006", "tc-007"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_concurrent_opening_is_gapless(backend: str, tmp_path: Path) -> None:
    url = database_url(backend, tmp_path)
    setup = open_store(url)
    init_county(setup)
    setup.close()
    per_thread, threads = 6, 6
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def opener(k: int) -> None:
        store = open_store(url)
        directory = load_directory(store)
        service = CaseService(store, lambda: directory, clock=lambda: NOW)
        try:
            for i in range(per_thread):
                result = service.open(
                    c.OpenCase(
                        actor=OPENERS[k % len(OPENERS)],
                        township="taicheng",
                        matter="SC-CF-001",
                        party=f"并发{k}-{i}",
                        summary="并发立案",
                    )
                )
                with lock:
                    numbers.append(result.case_id)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            store.close()

    workers = [threading.Thread(target=opener, args=(k,)) for k in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not errors, errors
    total = per_thread * threads
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, total + 1))
    store = open_store(url)
    assert current_max(store, CaseNumber("taicheng", "P", 2026, 0)) == total
    human = {e.data["number"] for n in numbers for e in store.read_stream(f"case-{n}")}
    assert len(human) == total and "台城镇综执罚〔2026〕1号" in human
    store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_sequences_are_per_township_kind_and_year(backend: str, tmp_path: Path) -> None:
    url = database_url(backend, tmp_path)
    store = open_store(url)
    init_county(store)
    directory = load_directory(store)
    service = CaseService(store, lambda: directory, clock=lambda: NOW)
    first = service.open(
        c.OpenCase(actor="tc-004", township="taicheng", matter="SC-CF-001", party="a", summary="s")
    )
    other = service.open(
        c.OpenCase(actor="gz-004", township="gengzhen", matter="SC-CF-001", party="b", summary="s")
    )
    licence_code = next(
        m.code for m in directory.catalogues[-1].items.values() if m.kind.value == "licensing"
    )
    lic = licence_by_application(service, "tc-004", "taicheng", licence_code, "c")
    assert (first.number, other.number, lic.number) == (
        "台城镇综执罚〔2026〕1号",
        "耿镇镇综执罚〔2026〕1号",
        "台城镇综执许〔2026〕1号",
    )
    assert service.load("台城镇综执许〔2026〕1号").case_id == "taicheng-L-2026-1"
    store.close()

"""Case numbers: parsing references, the human form, galloping past a stale hint."""

from __future__ import annotations

import pytest

from events import NewEvent
from tests.unit.case_fakes import MemoryStore, directory
from workflow.cases.numbering import CaseNumber, allocate, current_max, parse_case_ref
from workflow.errors import NotFound

SEQ = CaseNumber("taicheng", "P", 2026, 0)


def fill(store: MemoryStore, upto: int) -> None:
    for n in range(1, upto + 1):
        store.append(SEQ.with_n(n).stream_id, [NewEvent("CaseOpened", {})], expected_version=0)


def test_references_parse_both_ways() -> None:
    d = directory()
    assert parse_case_ref("taicheng-P-2026-17") == SEQ.with_n(17)
    assert parse_case_ref("case-taicheng-L-2026-3").letter == "L"
    assert parse_case_ref("台城镇综执罚〔2026〕17号", d) == SEQ.with_n(17)
    assert SEQ.with_n(17).human("台城镇") == "台城镇综执罚〔2026〕17号"
    assert CaseNumber("taicheng", "L", 2026, 3).human("台城镇") == "台城镇综执许〔2026〕3号"
    with pytest.raises(NotFound):
        parse_case_ref("no such thing", d)


@pytest.mark.parametrize("upto", [0, 1, 2, 7, 64, 100])
def test_current_max_finds_the_top(upto: int) -> None:
    store = MemoryStore()
    fill(store, upto)
    assert current_max(store, SEQ) == upto  # type: ignore[arg-type]
    if upto:
        assert current_max(store, SEQ, known=1) == upto  # type: ignore[arg-type]


@pytest.mark.parametrize("hint", [0, 1, 3, 39, 40])
def test_allocate_takes_the_next_number_whatever_the_hint(hint: int) -> None:
    store = MemoryStore()
    fill(store, 40)
    number, result = allocate(store, SEQ, lambda n: [NewEvent("CaseOpened", {"n": n.n})], hint=hint)  # type: ignore[arg-type]
    assert number.n == 41 and result.stream_id == "case-taicheng-P-2026-41"

"""Case numbers as people type them (issue 12, point 5): ASCII brackets, none, a dash."""

from __future__ import annotations

import pytest

from tests.unit.case_fakes import directory
from workflow.cases.numbering import CaseNumber, parse_case_ref
from workflow.errors import NotFound

N1 = CaseNumber("taicheng", "P", 2026, 1)


@pytest.mark.parametrize(
    "typed",
    [
        "台城镇综执罚〔2026〕1号",
        "台城镇综执罚[2026]1号",
        "台城镇综执罚(2026)1号",
        "台城镇综执罚（2026）1号",
        "台城镇综执罚【2026】1号",
        "台城镇综执罚2026-1",
        "台城镇综执罚2026-1号",
        "台城镇综执罚 [2026] 1 号",
        "台城镇综执罚〔2026〕第1号",
    ],
)
def test_the_human_number_however_typed(typed: str) -> None:
    assert parse_case_ref(typed, directory()) == N1


def test_a_licence_number_with_ascii_brackets() -> None:
    assert parse_case_ref("台城镇综执许[2026]12号", directory()) == CaseNumber("taicheng", "L", 2026, 12)


def test_an_unreadable_reference_shows_the_two_forms() -> None:
    with pytest.raises(NotFound) as info:
        parse_case_ref("台城镇2026-1", directory())
    assert "taicheng-P-2026-1" in info.value.zh and "〔2026〕1号" in info.value.zh

"""How a recorded field of an inspection or inquiry reads on its page (pure)."""

from __future__ import annotations

from types import SimpleNamespace

from workflow.web.pages_accountability import field

PEOPLE = {"tc-004": SimpleNamespace(name="李四"), "sv-001": SimpleNamespace(name="王督察")}
TOWNS = {"taicheng": "台城镇"}


def test_people_read_by_name_with_their_number() -> None:
    assert field("inspectors", ["sv-001", "tc-004"], TOWNS, PEOPLE) == "王督察（sv-001）、李四（tc-004）"
    assert field("officer_id", "tc-004", TOWNS, PEOPLE) == "李四（tc-004）"
    assert field("officer_id", "xx-999", TOWNS, PEOPLE) == "xx-999"  # not on the roster: as recorded


def test_the_removals_log_position_is_not_shown_as_a_number() -> None:
    """An inquiry decided 清退 read “清退记录: 2461”, an internal log position."""
    shown = field("removal_position", 2461, TOWNS, PEOPLE)
    assert "2461" not in shown and "清退" in shown


def test_the_township_by_name_and_other_fields_as_before() -> None:
    assert field("township", "taicheng", TOWNS, PEOPLE) == "台城镇"
    assert field("sanction", "circular_criticism", TOWNS, PEOPLE) == "通报批评"


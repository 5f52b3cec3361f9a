"""简易程序 (arts 51–52, 68–69) through the case service: each rule refused and allowed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from tests.unit.case_fakes import FIRM_CODE, World
from workflow.cases import commands as cmd
from workflow.cases.sanctions import parse_sanction
from workflow.errors import CaseworkError, RuleViolation


def spot(actor: str = "tc-o1", *sanctions: str, **fields: Any) -> cmd.DecideOnTheSpot:
    values: dict[str, Any] = {
        "township": "taicheng", "matter": "M-P2", "party": "张三", "summary": "占道经营",
        "facts": "在东街占道摆摊", "statement": "承认，下次不摆了", "place": "台城镇东街",
    }  # fmt: skip
    values.update(fields)
    parsed = tuple(parse_sanction(s) for s in (sanctions or ("罚款:150",)))
    return cmd.DecideOnTheSpot(actor=actor, sanctions=parsed, **values)


def refused(world: World, command: cmd.DecideOnTheSpot, article: str) -> str:
    before = world.store.position
    with pytest.raises(CaseworkError) as caught:
        world.service.on_the_spot(command)
    assert world.store.position == before  # nothing appended
    assert isinstance(caught.value, RuleViolation)
    assert article in caught.value.statute
    return str(caught.value)


def test_a_fine_within_the_limit_is_opened_recorded_and_decided_in_one_append() -> None:
    world = World()
    result = world.service.on_the_spot(spot())
    assert result.state == "penalty_decided"
    assert result.case is not None and result.case.on_the_spot
    assert result.case.decided_amount == 150
    assert result.case.officers == ("tc-o1",)
    assert result.case.filing_due is not None
    assert (result.case.filing_due - result.case.opened_at.date()).days == 5  # type: ignore[union-attr]
    types = [r.type for r in world.store.read_stream(f"case-{result.case_id}")]
    assert types == ["CaseOpened", "CaseDispatched", "OnTheSpotRecorded", "PenaltyDecided"]


@pytest.mark.parametrize(
    ("party_type", "sanction", "ok"),
    [
        ("个人", "罚款:200", True),
        ("个人", "罚款:200.01", False),
        ("单位", "罚款:3000", True),
        ("单位", "罚款:3001", False),
        ("个人", "警告", True),
    ],
)
def test_art51_thresholds_by_party_type(party_type: str, sanction: str, ok: bool) -> None:
    world = World()
    extra = {"party_id_number": FIRM_CODE} if party_type == "单位" else {}
    command = spot("tc-o1", sanction, party_kind=party_type, **extra)
    if ok:
        assert world.service.on_the_spot(command).state == "penalty_decided"
    else:
        assert "普通程序" in refused(world, command, "第五十一条")


@pytest.mark.parametrize("sanction", ["没收违法所得:50", "暂扣许可证件", "通报批评"])
def test_art51_any_other_sanction_is_refused(sanction: str) -> None:
    world = World()
    refused(world, spot("tc-o1", "警告", sanction), "第五十一条")


def test_art51_an_uncertified_or_removed_officer_is_refused() -> None:
    world = World()
    for actor in ("tc-nocert", "tc-gone"):
        before = world.store.position
        with pytest.raises(CaseworkError):
            world.service.on_the_spot(spot(actor))
        assert world.store.position == before


def test_art51_a_licensing_matter_is_refused() -> None:
    world = World()
    with pytest.raises(CaseworkError):
        world.service.on_the_spot(spot(matter="M-L1"))
    assert world.store.position == 0


@pytest.mark.parametrize("missing", ["facts", "statement", "place"])
def test_art52_facts_statement_and_place_are_required(missing: str) -> None:
    world = World()
    refused(world, spot(**{missing: " "}), "第五十二条")


def test_art68_collect_up_to_100_with_a_receipt() -> None:
    world = World()
    result = world.service.on_the_spot(spot("tc-o1", "罚款:100", collect=True, receipt="SX0001"))
    last = world.store.read_stream(f"case-{result.case_id}")[2].data
    assert last["collected"] == 100 and last["receipt"] == "SX0001"


def test_art68_above_100_needs_a_reason_and_art69_a_receipt() -> None:
    world = World()
    refused(world, spot("tc-o1", "罚款:150", collect=True, receipt="SX0002"), "第六十八条")
    refused(world, spot("tc-o1", "罚款:80", collect=True), "第六十九条")
    refused(world, spot("tc-o1", "警告", collect=True, receipt="SX0003"), "第六十八条")
    refused(world, spot("tc-o1", "罚款:80", receipt="SX0004"), "第六十八条")
    reason = "当事人系外地游客，事后缴纳确有困难"
    ok = spot("tc-o1", "罚款:150", collect=True, receipt="SX0005", collect_reason=reason)
    assert world.service.on_the_spot(ok).state == "penalty_decided"


def test_the_thresholds_come_from_the_county_file(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    county = tmp_path / "county.toml"
    county.write_text(
        '[simple_procedure]\nspot_person_max = { value = 50, source = "测试", confirmed = false }\n'
        'spot_filing_days = { value = 3, source = "测试", confirmed = false }\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("CASEWORK_COUNTY", str(county))
    from workflow.procedure import procedure

    world = World()
    world.service.spot_limits = procedure()
    assert "50 元" in refused(world, spot("tc-o1", "罚款:60"), "第五十一条")
    result = world.service.on_the_spot(spot("tc-o1", "罚款:50"))
    assert result.case is not None and result.case.filing_due is not None
    assert (result.case.filing_due - result.case.opened_at.date()).days == 3  # type: ignore[union-attr]


def test_art34_the_items_discretion_benchmark_binds_the_simple_procedure(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """裁量基准 (art 34) as in 一般程序: the circumstance named, the fine within its range
    unless a 从轻/减轻 ground is recorded with its reason (art 32)."""
    bench = tmp_path / "discretion.toml"
    bench.write_text('[M-P2]\ncap = 1000\n"轻微" = { min = 0, max = 100, sanctions = ["警告", "罚款"] }\n'
                     '"一般" = { min = 100, max = 500, sanctions = ["警告", "罚款"] }\n',
                     encoding="utf-8")  # fmt: skip
    monkeypatch.setenv("CASEWORK_DISCRETION", str(bench))
    world = World()
    assert "第三十四条" in refused(world, spot(), "第三十四条")  # no circumstance named
    refused(world, spot("tc-o1", "罚款:150", circumstance="轻微"), "第三十四条")  # above 轻微
    lighter = spot("tc-o1", "罚款:50", circumstance="一般", discretion_ground="从轻")
    refused(world, lighter, "第三十二条")  # a ground needs its reason
    ok = world.service.on_the_spot(replace(lighter, discretion_reason="主动改正"))
    assert ok.state == "penalty_decided"
    decided = world.store.read_stream(f"case-{ok.case_id}")[-1].data
    assert decided["circumstance"].startswith("一般") and decided["discretion_ground"] == "从轻"
    assert world.service.on_the_spot(spot("tc-o1", "罚款:80", circumstance="轻微")).case_id

"""Party (当事人) and sanctions (处罚种类): checksums, masking, art. 63 eligibility, art. 45."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.unit.case_fakes import FIRM_CODE, PARTY, PERSON_ID, World
from tests.unit.test_case_rules import P, dispatched, refused
from workflow.cases import commands as c
from workflow.cases.config import RuleConfig
from workflow.cases.party import (
    Party,
    PartyKind,
    credit_code_valid,
    mask,
    party_view,
    resident_id_valid,
)
from workflow.cases.sanctions import Sanction, SanctionKind, parse_sanction
from workflow.messages import from_recorded

FINE = SanctionKind.FINE


def test_checksums_accept_valid_and_refuse_one_changed_character() -> None:
    assert resident_id_valid(PERSON_ID) and resident_id_valid("11010519491231002X")
    assert not resident_id_valid(PERSON_ID[:-1] + "9")
    assert not resident_id_valid("1409221985031200")
    assert credit_code_valid(FIRM_CODE) and credit_code_valid("91350100M000100Y43")
    assert not credit_code_valid(FIRM_CODE[:-1] + "5")
    assert not credit_code_valid("91350100M000100I43")  # I is not in the code set


def test_mask_shows_the_last_four_only() -> None:
    assert mask(PERSON_ID) == "*" * 14 + "0018"
    assert mask("abc") == "***" and mask("") == ""
    party = Party("张三丰", PartyKind.INDIVIDUAL, PERSON_ID, "台城镇东街1号", "13800000000")
    masked = party_view(party, full=False)
    assert masked["name"] == "张**" and masked["id_number"].endswith("0018")
    assert PERSON_ID not in str(masked) and "13800000000" not in str(masked)
    assert party_view(party, full=True)["id_number"] == PERSON_ID


def test_parse_sanction_words_and_amounts() -> None:
    assert parse_sanction("罚款:5000") == Sanction(FINE, 5000.0)
    assert parse_sanction("警告") == Sanction(SanctionKind.WARNING)
    assert parse_sanction("没收违法所得：1200").amount == 1200
    for bad in ("罚款", "警告:100", "拘留", "罚款:abc", "罚款:-5"):
        with pytest.raises(ValueError):
            parse_sanction(bad)


def test_open_refuses_a_bad_id_number() -> None:
    w = World()
    command = c.OpenCase(
        actor="tc-o1",
        township="taicheng",
        matter="M-P1",
        party="张三",
        summary="s",
        party_id_number=PERSON_ID[:-1] + "9",
    )
    refused(w, command, "第五十九条", "party-id")


def test_open_allows_an_organisation_with_its_credit_code() -> None:
    w = World()
    w.do(
        c.OpenCase(
            actor="tc-o1",
            township="taicheng",
            matter="M-P1",
            party="五台县某商贸有限公司",
            summary="s",
            party_kind="单位",
            party_id_number=FIRM_CODE,
            party_address="台城镇",
        )
    )
    case = w.service.load(P)
    assert case.party_detail.kind is PartyKind.ORGANISATION and case.party_detail.identified


def notify(w: World, *sanctions: Sanction, amount: float | None = None) -> None:
    w.advance(hours=1)
    w.do(c.NotifyPenalty(actor="tc-o1", case=P, basis="b", sanctions=sanctions, amount=amount))


def test_hearing_by_sanction_not_by_catalogue_flag() -> None:
    w = World()
    dispatched(w, "M-P2")  # a matter without the old flag
    notify(w, Sanction(FINE, 50_000))
    case = w.service.load(P)
    assert case.hearing_eligible and "要求听证" in w.store.streams[f"case-{P}"][-1].data["rights"]


@pytest.mark.parametrize(
    ("kind", "sanction", "eligible"),
    [
        ("个人", Sanction(FINE, 10_000), True),
        ("个人", Sanction(FINE, 9_999), False),
        ("单位", Sanction(FINE, 50_000), False),  # 单位 threshold is higher
        ("单位", Sanction(FINE, 100_000), True),
        ("个人", Sanction(SanctionKind.REVOKE_LICENCE), True),
        ("个人", Sanction(SanctionKind.SUSPEND_BUSINESS), True),
        ("个人", Sanction(SanctionKind.WARNING), False),
        ("个人", Sanction(SanctionKind.CONFISCATE_GAINS, 20_000), True),
    ],
)
def test_hearing_eligibility_per_party_type(kind: str, sanction: Sanction, eligible: bool) -> None:
    w = World()
    number = FIRM_CODE if kind == "单位" else PERSON_ID
    w.do(
        c.OpenCase(
            actor="tc-o1",
            township="taicheng",
            matter="M-P1",
            party="当事人",
            summary="s",
            party_kind=kind,
            party_id_number=number,
            party_address="a",
        )
    )
    w.advance(hours=1)
    w.do(c.DispatchCase(actor="tc-lead", case=P, officers=("tc-o1", "tc-o2")))
    w.do(c.RecordEvidence(actor="tc-o1", case=P, kind="笔录", text="t"))
    notify(w, sanction)
    assert w.service.load(P).hearing_eligible is eligible


def test_notice_refuses_no_sanction_and_amount_twice() -> None:
    w = World()
    dispatched(w)
    w.advance(hours=1)
    refused(w, c.NotifyPenalty(actor="tc-o1", case=P, basis="b"), "第九条", "notice-sanction")
    refused(
        w,
        c.NotifyPenalty(
            actor="tc-o1", case=P, basis="b", amount=100, sanctions=(Sanction(FINE, 100),)
        ),
        "第九条",
        "sanction-amount-twice",
    )


def decide_after_waiver(w: World, *sanctions: Sanction) -> object:
    w.advance(hours=1)
    w.do(c.WaiveDefence(actor="tc-o1", case=P))
    w.advance(hours=1)
    return w.do(c.DecidePenalty(actor="tc-lead", case=P, basis="b", sanctions=sanctions))


def test_decision_no_heavier_sanction_by_sanction() -> None:
    w = World()
    dispatched(w)
    notify(w, Sanction(FINE, 3_000), Sanction(SanctionKind.WARNING))
    w.advance(hours=1)
    w.do(c.WaiveDefence(actor="tc-o1", case=P))
    w.advance(hours=1)
    added = c.DecidePenalty(
        actor="tc-lead",
        case=P,
        basis="b",
        sanctions=(Sanction(FINE, 3_000), Sanction(SanctionKind.SUSPEND_BUSINESS)),
    )
    error = refused(w, added, "第四十五条", "no-heavier")
    assert "责令停产停业" in str(error)
    more = c.DecidePenalty(actor="tc-lead", case=P, basis="b", sanctions=(Sanction(FINE, 3_001),))
    refused(w, more, "第四十五条", "no-heavier")
    lighter = c.DecidePenalty(
        actor="tc-lead", case=P, basis="b", sanctions=(Sanction(SanctionKind.WARNING),)
    )
    assert w.do(lighter).state == "penalty_decided"
    assert w.service.load(P).decided == (Sanction(SanctionKind.WARNING),)


def test_decision_refuses_an_unidentified_party_and_allows_after_recording() -> None:
    w = World()
    w.do(c.OpenCase(actor="tc-o1", township="taicheng", matter="M-P1", party="张三", summary="s"))
    w.advance(hours=1)
    w.do(c.DispatchCase(actor="tc-lead", case=P, officers=("tc-o1", "tc-o2")))
    w.do(c.RecordEvidence(actor="tc-o1", case=P, kind="笔录", text="t"))
    notify(w, amount=500)
    w.advance(hours=1)
    w.do(c.WaiveDefence(actor="tc-o1", case=P))
    w.advance(hours=1)
    decide = c.DecidePenalty(actor="tc-lead", case=P, basis="b", amount=500)
    refused(w, decide, "第五十九条", "party-identified")
    w.do(c.RecordParty(actor="tc-o2", case=P, name="张三", id_number=PERSON_ID, address="东街"))
    assert w.do(decide).state == "penalty_decided"


def test_correcting_a_recorded_party_needs_a_reason() -> None:
    w = World()
    dispatched(w)
    change = c.RecordParty(actor="tc-o1", case=P, name="张三", id_number=PERSON_ID, address="西街")
    refused(w, change, "第五十九条", "party-reason")
    assert w.do(replace(change, reason="地址登记有误")).events == ("PartyRecorded",)
    assert w.service.load(P).party_detail.address == "西街"


def test_schema_1_notice_and_decision_read_as_one_fine() -> None:
    w = World()
    dispatched(w)
    notify(w, amount=800)
    stream = w.store.streams[f"case-{P}"]
    old = stream[-1]
    v1 = {k: v for k, v in old.data.items() if k not in ("sanctions", "hearing_grounds")}
    stream[-1] = old._replace(schema_version=1, data=v1)
    event = from_recorded(stream[-1])
    assert event.sanctions[0]["kind"] == "fine" and event.sanctions[0]["amount"] == 800
    assert w.service.load(P).proposed == (Sanction(FINE, 800),)


def test_thresholds_come_from_the_county_procedure_table() -> None:
    from workflow.cases.config import load_procedure, parse_procedure, warning_line

    shipped = load_procedure(None)
    assert shipped.config.hearing_fine_individual > 0
    assert all(name in shipped.sources for name in ("hearing_fine_individual",))
    line = warning_line(shipped)
    assert line is None or "hearing" in line or "_" in line
    custom = parse_procedure(
        {"procedure": {"hearing_fine_individual": {"value": 2000, "source": "某省规定"}}}
    )
    assert custom.config == replace(RuleConfig(), hearing_fine_individual=2000)
    assert "hearing_fine_individual" in custom.unconfirmed  # confirmed not said
    assert PARTY["party_id_number"] == PERSON_ID

"""Each org rule: one case it refuses (naming its source) and one it allows."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.org_fixtures import directory, member
from workflow.errors import NotAuthorised, NotFound, RuleViolation
from workflow.organisation import rules
from workflow.organisation.directory_fold import apply
from workflow.organisation.events import (
    CertificateRevoked,
    OfficerRemoved,
    PersonnelActionRecorded,
    PersonnelOpinionRecorded,
)
from workflow.organisation.types import Domain, Origin, PersonnelAction


def test_admin_only_refuses_an_officer_and_allows_an_admin() -> None:
    d = directory()
    with pytest.raises(NotAuthorised):
        rules.require_admin(d, "aa-4")
    assert rules.require_admin(d, "ad-1").id == "ad-1"


def test_unknown_or_removed_actor_is_not_authorised() -> None:
    d = directory()
    with pytest.raises(NotAuthorised):
        rules.actor_person(d, "nobody")
    apply(d, OfficerRemoved("aa-1", "不作为", "x", "2026-06-01"))
    with pytest.raises(NotAuthorised):
        rules.actor_person(d, "aa-1")


def test_leader_only_refuses_a_deputy_and_another_townships_leader() -> None:
    d = directory()
    with pytest.raises(NotAuthorised):
        rules.require_leader(d, "aa-2", "aa")
    with pytest.raises(NotAuthorised):
        rules.require_leader(d, "bb-1", "aa")
    assert rules.require_leader(d, "aa-1", "aa").id == "aa-1"
    assert rules.require_admin_or_leader(d, "ad-1", "aa").id == "ad-1"


def test_one_team_at_a_time() -> None:
    d = directory()
    with pytest.raises(RuleViolation, match="7\\+9\\+N") as err:
        rules.check_enlist(d, "aa-4", "bb", Origin.TOWNSHIP_STAFF, None)
    assert err.value.rule == "one-team"
    rules.check_enlist(d, "bb-2", "bb", Origin.TOWNSHIP_STAFF, None)


def test_removed_for_good_cannot_come_back() -> None:
    d = directory()
    apply(d, OfficerRemoved("aa-4", "乱作为", "x", "2026-06-01"))
    with pytest.raises(RuleViolation, match="能进能出") as err:
        rules.check_enlist(d, "aa-4", "bb", Origin.TOWNSHIP_STAFF, None)
    assert err.value.rule == "removed-for-good"


def test_transferred_officer_may_join_another_team() -> None:
    d = directory()
    apply(d, PersonnelOpinionRecorded("aa-5", "aa-5-op1", "transfer", True, "同意", "2026-06-01"))
    apply(d, PersonnelActionRecorded("aa-5", "transfer", "调往乙乡", "aa-5-op1", "2026-06-02"))
    assert d.person("aa-5").township is None  # type: ignore[union-attr]
    assert [p.id for p in d.team("aa")] == ["aa-1", "aa-2", "aa-3", "aa-4"]
    rules.check_enlist(d, "aa-5", "bb", Origin.SECONDED, Domain.MARKET)


def test_one_leader_per_team() -> None:
    d = directory()
    with pytest.raises(RuleViolation, match="队长由乡镇长担任"):
        rules.check_enlist(d, "aa-9", "aa", Origin.LEADER, None)
    with pytest.raises(RuleViolation, match="设置2名副队长"):
        rules.check_enlist(d, "aa-9", "aa", Origin.DEPUTY, None)
    rules.check_enlist(d, "bb-9", "bb", Origin.DEPUTY, None)


def test_seconded_officer_names_the_county_team() -> None:
    d = directory()
    with pytest.raises(RuleViolation, match="7\\+9\\+N"):
        rules.check_enlist(d, "aa-9", "aa", Origin.SECONDED, None)
    with pytest.raises(RuleViolation):
        rules.check_enlist(d, "aa-9", "aa", Origin.TOWNSHIP_STAFF, Domain.CULTURE)
    rules.check_enlist(d, "aa-9", "aa", Origin.SECONDED, Domain.CULTURE)


def test_unknown_township_is_not_found() -> None:
    with pytest.raises(NotFound):
        rules.check_enlist(directory(), "zz-1", "zz", Origin.TOWNSHIP_STAFF, None)


def test_certificate_numbers_are_unique_and_dates_run_forwards() -> None:
    d = directory()
    person = d.person("aa-1")
    assert person is not None
    with pytest.raises(RuleViolation, match="第四十二条"):
        rules.check_issue(d, person, "N-aa-4", date(2026, 6, 1), date(2027, 6, 1))
    with pytest.raises(RuleViolation, match="第四十二条"):
        rules.check_issue(d, person, "N-new", date(2026, 6, 1), date(2026, 5, 1))
    rules.check_issue(d, person, "N-new", date(2026, 6, 1), date(2027, 6, 1))


def test_renewal_needs_a_live_certificate_and_a_later_end() -> None:
    d = directory()
    holder, none = d.person("aa-4"), d.person("aa-1")
    assert holder is not None and none is not None
    with pytest.raises(RuleViolation, match="第四十二条"):
        rules.check_renew(none, date(2028, 1, 1), date(2026, 6, 1))
    with pytest.raises(RuleViolation, match="第四十二条"):
        rules.check_renew(holder, date(2026, 12, 1), date(2026, 6, 1))
    rules.check_renew(holder, date(2028, 12, 31), date(2026, 6, 1))


def test_revoke_needs_a_valid_certificate() -> None:
    d = directory()
    holder, none = d.person("aa-4"), d.person("aa-1")
    assert holder is not None and none is not None
    with pytest.raises(RuleViolation, match="第四十二条"):
        rules.check_revoke(none, date(2026, 6, 1))
    rules.check_revoke(holder, date(2026, 6, 1))


def test_removal_needs_details() -> None:
    with pytest.raises(RuleViolation, match="能进能出"):
        rules.check_removal("  ")
    rules.check_removal("连续三次接报未出警")


def test_nobody_removes_themselves() -> None:
    with pytest.raises(RuleViolation, match="能进能出") as caught:
        rules.check_removal("自认不作为", "tc-001", "tc-001")
    assert caught.value.rule == "removal-self"
    rules.check_removal("多次不到岗", "tc-001", "tc-009")


def test_removed_or_teamless_officer_is_no_team_member() -> None:
    d = directory()
    apply(d, OfficerRemoved("aa-4", "不担当", "x", "2026-06-01"))
    with pytest.raises(RuleViolation, match="能进能出"):
        rules.team_member(d, "aa-4")
    with pytest.raises(RuleViolation):
        rules.team_member(d, "ad-1")
    with pytest.raises(NotFound):
        rules.team_member(d, "nobody")
    assert rules.team_member(d, "aa-5").id == "aa-5"


def test_personnel_action_on_seconded_officer_needs_the_township_opinion() -> None:
    d = directory()
    seconded = d.person("aa-5")
    assert seconded is not None
    with pytest.raises(RuleViolation, match="必须征求乡镇意见") as err:
        rules.opinion_for(seconded, PersonnelAction.PROMOTION)
    assert err.value.rule == "township-opinion"
    apply(d, PersonnelOpinionRecorded("aa-5", "aa-5-op1", "promotion", False, "不同意", DAY2))
    assert rules.opinion_for(seconded, PersonnelAction.PROMOTION) == "aa-5-op1"
    with pytest.raises(RuleViolation):  # an opinion on a promotion is not one on an award
        rules.opinion_for(seconded, PersonnelAction.AWARD)


def test_an_opinion_is_used_by_one_action_only() -> None:
    d = directory()
    apply(d, PersonnelOpinionRecorded("aa-5", "aa-5-op1", "award", True, "同意", DAY2))
    apply(d, PersonnelActionRecorded("aa-5", "award", "优秀执法人员", "aa-5-op1", DAY2))
    seconded = d.person("aa-5")
    assert seconded is not None
    with pytest.raises(RuleViolation, match="必须征求乡镇意见"):
        rules.opinion_for(seconded, PersonnelAction.AWARD)


def test_township_staff_need_no_opinion() -> None:
    staff = directory().person("aa-4")
    assert staff is not None
    assert rules.opinion_for(staff, PersonnelAction.AWARD) is None


def test_catalogue_never_takes_effect_in_the_past() -> None:
    with pytest.raises(RuleViolation, match="第一百零四条"):
        rules.check_catalogue_effective(date(2026, 5, 1), date(2026, 5, 2))
    rules.check_catalogue_effective(date(2026, 5, 2), date(2026, 5, 2))


def test_budget_floor() -> None:
    with pytest.raises(RuleViolation, match="10万元"):
        rules.check_budget("甲镇", 99_999, 100_000)
    rules.check_budget("甲镇", 100_000, 100_000)


def test_team_gaps_name_what_is_missing() -> None:
    d = directory()
    gaps = rules.team_gaps(d, "aa")
    assert "township staff 1/7 (乡镇专职执法人员不足7人)" in gaps
    assert "no officer seconded from culture (文化)" in gaps
    assert not any("market" in g for g in gaps)
    for i in range(6):
        apply(d, member(f"aa-s{i}", "aa", "township_staff"))
    for domain in Domain:
        apply(d, member(f"aa-{domain.value}", "aa", "seconded", domain.value))
    assert rules.team_gaps(d, "aa") == []


def test_revoked_certificate_is_invalid_from_that_day() -> None:
    d = directory()
    apply(d, CertificateRevoked("aa-4", "N-aa-4", "2026-07-01", "违规"))
    person = d.person("aa-4")
    assert person is not None
    assert person.certificate_valid_on(date(2026, 6, 30))
    assert not person.certificate_valid_on(date(2026, 7, 1))


DAY2 = "2026-06-01"


def test_certificates_count_for_compliance() -> None:
    """A seconded domain whose members hold no valid certificate is a gap, as is a team
    with fewer than two certified leaders/deputies (《行政处罚法》第四十二条)."""
    d = directory()
    for i in range(6):
        apply(d, member(f"aa-s{i}", "aa", "township_staff"))
    for domain in Domain:
        apply(d, member(f"aa-{domain.value}", "aa", "seconded", domain.value))
    team = {p.id for p in d.team("aa")}
    heads = {p.id for p in d.team("aa") if p.role.value in ("leader", "deputy")}
    assert rules.team_gaps(d, "aa", certified=team) == []
    gaps = rules.team_gaps(d, "aa", certified=team - {"aa-natural_resources"})
    assert gaps == ["seconded natural_resources uncertified (派驻自然资源: 无有效证件)"]
    few = team - set(sorted(heads)[1:])
    assert rules.team_gaps(d, "aa", certified=few)[-1].startswith("certified heads 1/2")

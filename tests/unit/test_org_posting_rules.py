"""调离执法岗位 and 恢复执法岗位 as pure rules over a Directory: each refuses one case
(naming its source) and allows one; 清退 stays for good."""

from __future__ import annotations

import pytest

from tests.unit.org_fixtures import directory
from workflow.accountability import rules as acc_rules
from workflow.accountability.policy import load_policy, parse_policy
from workflow.errors import NotAuthorised, RuleViolation
from workflow.organisation import rules
from workflow.organisation.directory import Directory
from workflow.organisation.directory_fold import apply
from workflow.organisation.events import (
    OfficerPostedAway,
    OfficerReinstated,
    OfficerRemoved,
    ReinstatementAgreed,
)
from workflow.organisation.rules import SEED_AWAY


def away(d: Directory, pid: str = "aa-4") -> Directory:
    apply(d, OfficerPostedAway(pid, "作风粗暴（责任追究 aa-2026-1）", "2026-06-01"))
    return d


def test_a_posted_away_officer_acts_on_nothing_and_is_not_removed_for_good() -> None:
    d = away(directory())
    person = d.person("aa-4")
    assert person is not None and person.away and person.removed and not person.dismissed
    assert not person.on_team and "aa-4" not in [p.id for p in d.team("aa")]
    with pytest.raises(NotAuthorised, match="posted away"):
        rules.actor_person(d, "aa-4")
    with pytest.raises(RuleViolation) as refused:
        rules.team_member(d, "aa-4")
    assert refused.value.rule == "posted-away" and refused.value.statute == SEED_AWAY
    assert rules.team_member(d, "aa-4", away_ok=True).id == "aa-4"  # 清退 may still follow


def test_posting_away_needs_details_and_someone_else() -> None:
    with pytest.raises(RuleViolation, match="details"):
        rules.check_post_away("  ", "aa-1", "aa-4")
    with pytest.raises(RuleViolation, match="themselves"):
        rules.check_post_away("作风粗暴", "aa-4", "aa-4")
    rules.check_post_away("作风粗暴", "aa-1", "aa-4")


def test_only_an_officer_posted_away_is_restored_and_then_acts_again() -> None:
    d = directory()
    with pytest.raises(RuleViolation, match="not posted away"):
        rules.away_member(d, "aa-4")
    away(d)
    assert rules.away_member(d, "aa-4").id == "aa-4"
    apply(d, OfficerReinstated("aa-4", "整改到位", "2026-09-01"))
    person = d.person("aa-4")
    assert person is not None and person.on_team and not person.away
    assert rules.actor_person(d, "aa-4").id == "aa-4"


def test_removal_while_posted_away_is_for_good() -> None:
    d = away(directory())
    apply(d, OfficerRemoved("aa-4", "乱作为", "再次违纪", "2026-07-01"))
    person = d.person("aa-4")
    assert person is not None and person.dismissed and not person.away
    with pytest.raises(RuleViolation, match="not posted away"):
        rules.away_member(d, "aa-4")
    with pytest.raises(RuleViolation, match="removed for good"):
        rules.check_enlist(d, "aa-4", "aa", rules.Origin.TOWNSHIP_STAFF, None)


def test_a_posted_away_officer_is_restored_not_enlisted_again() -> None:
    d = away(directory())
    with pytest.raises(RuleViolation) as refused:
        rules.check_enlist(d, "aa-4", "bb", rules.Origin.TOWNSHIP_STAFF, None)
    assert refused.value.rule == "posted-away"


def test_whom_the_county_file_names_restores() -> None:
    d, policy = away(directory()), load_policy()
    officer = d.person("aa-4")
    assert officer is not None
    assert acc_rules.may_reinstate(d, "aa-1", officer, policy).id == "aa-1"  # the leader (SAMPLE)
    for actor in ("aa-2", "sv-1", "bb-1", "ad-1", "aa-5"):  # deputy, supervisor, other leader…
        with pytest.raises(NotAuthorised):
            acc_rules.may_reinstate(d, actor, officer, policy)
    by_supervisor = parse_policy({**policy.raw, "reinstatement": {"by": ["supervisor"]}})
    assert acc_rules.may_reinstate(d, "sv-1", officer, by_supervisor).id == "sv-1"
    with pytest.raises(NotAuthorised):
        acc_rules.may_reinstate(d, "aa-1", officer, by_supervisor)


def test_a_policy_without_the_table_restores_by_whom_decides_the_posting() -> None:
    policy = load_policy()
    older = {k: v for k, v in policy.raw.items() if k != "reinstatement"}  # a recorded older policy
    reassign = policy.decisions[acc_rules.Sanction.REASSIGN]
    assert (parse_policy(older).reinstate_by, parse_policy(older).reinstate_agree) == (reassign.by, reassign.agree)
    alone = parse_policy({**policy.raw, "reinstatement": {"by": ["leader"]}})
    assert alone.reinstate_agree is None
    with pytest.raises(ValueError, match="role"):
        parse_policy({**policy.raw, "reinstatement": {"by": ["leader"], "agree": "mayor"}})


def test_the_restoration_needs_the_agreement_the_county_file_names() -> None:
    d, policy = away(directory()), load_policy()
    assert policy.reinstate_agree is acc_rules.Role.SUPERVISOR  # SAMPLE: as for the 调离 itself
    officer = d.person("aa-4")
    assert officer is not None
    with pytest.raises(RuleViolation) as refused:
        acc_rules.check_reinstatement_agreed(officer, policy)
    assert refused.value.rule == "agreement-first"
    for actor in ("aa-1", "aa-2", "ad-1", "aa-5"):  # only the supervisor agrees (SAMPLE)
        with pytest.raises(NotAuthorised):
            acc_rules.may_agree_reinstatement(d, actor, officer, policy)
    assert acc_rules.may_agree_reinstatement(d, "sv-1", officer, policy).id == "sv-1"
    apply(d, ReinstatementAgreed("aa-4", "supervisor", "同意", "2026-06-10"))
    agreed = d.person("aa-4")
    assert agreed is not None
    acc_rules.check_reinstatement_agreed(agreed, policy)
    alone = parse_policy({**policy.raw, "reinstatement": {"by": ["leader"]}})
    with pytest.raises(NotAuthorised):  # nobody's agreement is asked for
        acc_rules.may_agree_reinstatement(d, "sv-1", officer, alone)
    apply(d, OfficerReinstated("aa-4", "整改到位", "2026-06-12"))
    apply(d, OfficerPostedAway("aa-4", "再次（责任追究 aa-2026-2）", "2026-07-01"))
    again = d.person("aa-4")
    assert again is not None and again.reinstatement_agreed == ()  # a new posting: agree anew
    with pytest.raises(RuleViolation):
        acc_rules.check_reinstatement_agreed(again, policy)

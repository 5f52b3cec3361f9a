"""Pure refuse/allow tests of the accountability rules added for issue #15: who names the
duty evaluators, who may take each decision (incl. 调离 and 移送), who may see an inquiry."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.org_fixtures import directory
from workflow.accountability import rules
from workflow.accountability.policy import load_policy
from workflow.accountability.state import Inquiry
from workflow.accountability.types import Sanction
from workflow.errors import NotAuthorised, RuleViolation

DAY = date(2026, 6, 30)  # the statement heard: decidable on any day


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [("aa-1", True), ("aa-2", False), ("aa-4", False), ("bb-1", False), ("sv-1", False), ("ad-1", False)],
)
def test_only_the_townships_leader_names_its_evaluators(actor: str, allowed: bool) -> None:
    if allowed:
        assert rules.may_name_evaluators(directory(), actor, "aa").id == actor
    else:
        with pytest.raises(NotAuthorised):
            rules.may_name_evaluators(directory(), actor, "aa")


@pytest.mark.parametrize(
    ("sanction", "deciders"),
    [(Sanction.REASSIGN, {"aa-1"}), (Sanction.DISMISS, {"aa-1"}), (Sanction.REFER, {"sv-1"}),
     (Sanction.CIRCULAR_CRITICISM, {"sv-1"}), (Sanction.TALK, {"aa-1", "sv-1"})],
)  # fmt: skip
def test_each_decision_by_the_role_the_county_file_names(sanction: Sanction, deciders: set[str]) -> None:
    d, policy = directory(), load_policy()
    inquiry = Inquiry("aa-2026-1", "aa", "aa-4")
    for actor in ("aa-1", "aa-2", "aa-4", "bb-1", "sv-1", "ad-1"):
        if actor in deciders:
            assert rules.may_decide(d, actor, inquiry, sanction, policy).id == actor
        else:
            with pytest.raises(NotAuthorised):
                rules.may_decide(d, actor, inquiry, sanction, policy)


def test_reassignment_needs_the_supervisors_agreement_and_an_officer() -> None:
    d, policy = directory(), load_policy()
    heard = Inquiry("aa-2026-1", "aa", "aa-4", stated=True)
    with pytest.raises(RuleViolation, match="agreement"):
        rules.check_decidable(d, heard, Sanction.REASSIGN, policy, DAY)
    heard.agreed.add("reassign")
    rules.check_decidable(d, heard, Sanction.REASSIGN, policy, DAY)
    team = Inquiry("aa-2026-2", "aa", None, stated=True, agreed={"reassign"})
    with pytest.raises(RuleViolation, match="officer"):
        rules.check_decidable(d, team, Sanction.REASSIGN, policy, DAY)

"""恢复执法岗位: an officer posted away by an inquiry's 调离执法岗位 is restored to duty, by
whom the county file's `[accountability.reinstatement]` names, after the agreement it
requires (a SAMPLE: the township leader restores, with the county supervisor's agreement,
as for the 调离 itself: the way out and the way back take the same two hands)."""

from __future__ import annotations

from datetime import date
from functools import partial

from events import AppendResult, EventStore
from workflow.accountability import rules
from workflow.accountability.policy import Policy, load_policy
from workflow.organisation import posting
from workflow.organisation import rules as org_rules
from workflow.organisation.directory import Directory, Person
from workflow.organisation.types import PersonnelAction


def _authorise(policy: Policy, d: Directory, actor: str | None, officer: Person) -> Person:
    person = rules.may_reinstate(d, actor, officer, policy)
    rules.check_reinstatement_agreed(officer, policy)
    # a seconded officer (派驻/借调) comes back only with the township's opinion on record,
    # as for their 调离 and their 提拔重用、评优评先 (seed: 必须征求乡镇意见)
    org_rules.opinion_for(officer, PersonnelAction.REINSTATEMENT)
    return person


def _agreeing(
    policy: Policy, d: Directory, actor: str | None, officer: Person
) -> tuple[Person, str]:
    person = rules.may_agree_reinstatement(d, actor, officer, policy)
    if (
        policy.reinstate_agree is not None
        and policy.reinstate_agree.value in officer.reinstatement_agreed
    ):
        raise rules.refuse("agree-once", rules.POLICY, f"已同意恢复{officer.name}的执法岗位",
                           f"restoring {officer.id} is already agreed")  # fmt: skip
    assert policy.reinstate_agree is not None
    return person, policy.reinstate_agree.value


def agree(
    store: EventStore,
    actor: str | None,
    officer_id: str,
    *,
    comments: str = "",
    on: date | None = None,
    policy: Policy | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """The agreement the county file requires before `officer_id` is restored."""
    agreeing = partial(_agreeing, policy or load_policy())
    return posting.agree_reinstatement(store, actor, officer_id=officer_id, comments=comments,
                                       on=on, authorise=agreeing, command_id=command_id)  # fmt: skip


def reinstate(
    store: EventStore,
    actor: str | None,
    officer_id: str,
    *,
    reasons: str,
    on: date | None = None,
    policy: Policy | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """Restore `officer_id` to enforcement duty (they act on cases again from `on`)."""
    authorise = partial(_authorise, policy or load_policy())
    return posting.reinstate(store, actor, officer_id=officer_id, details=reasons, on=on,
                             authorise=authorise, command_id=command_id)  # fmt: skip

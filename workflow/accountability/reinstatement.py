"""恢复执法岗位: an officer posted away by an inquiry's 调离执法岗位 is restored to duty, by
whom the county file's `[accountability.reinstatement]` names (a SAMPLE: the leader)."""

from __future__ import annotations

from datetime import date
from functools import partial

from events import AppendResult, EventStore
from workflow.accountability import rules
from workflow.accountability.policy import Policy, load_policy
from workflow.organisation import posting
from workflow.organisation.directory import Directory, Person


def _authorise(policy: Policy, d: Directory, actor: str | None, officer: Person) -> Person:
    return rules.may_reinstate(d, actor, officer, policy)


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

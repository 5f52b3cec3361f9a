"""The accountability policy's history (县级问责规则的变更记录): the county file's
`[accountability]` table recorded as an event whenever it differs from the last one recorded
(by the daily sweep, and before the yearly grades are issued), so a past year's grades are
computed and recomputed with the policy in force that year, not with today's file.

The policy in force for a year is the last one recorded on or before 31 December of that
year; a year before the first record uses the first record (the history starts with it).
"""

from __future__ import annotations

import json
from datetime import date

from events import ConcurrencyError, EventStore
from workflow.accountability.events import POLICY_STREAM, AccountabilityPolicyRecorded
from workflow.accountability.policy import Policy, parse_policy
from workflow.messages import from_recorded, to_new_event

SYSTEM = {"actor": "scheduler", "role": "system"}


def history(store: EventStore) -> list[AccountabilityPolicyRecorded]:
    """Every recorded policy, oldest first."""
    return [from_recorded(r) for r in store.read_stream(POLICY_STREAM)]


def _same(a: dict[str, object], b: dict[str, object]) -> bool:
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def record(store: EventStore, policy: Policy, on: date, metadata: dict[str, str] | None = None) -> bool:
    """Record the policy from `on` when it differs from the last recorded; True if recorded."""
    if not policy.raw:
        return False
    records = store.read_stream(POLICY_STREAM)
    if records and _same(from_recorded(records[-1]).policy, policy.raw):
        return False
    event = AccountabilityPolicyRecorded(json.loads(json.dumps(policy.raw, default=str)),
                                         on.isoformat(), on.isoformat())  # fmt: skip
    try:
        store.append(POLICY_STREAM, [to_new_event(event)], expected_version=len(records),
                     metadata=metadata or SYSTEM)  # fmt: skip
    except ConcurrencyError:
        return False  # another process recorded meanwhile; the next sweep compares again
    return True


def in_force(store: EventStore, year: int) -> Policy | None:
    """The policy in force in `year` (None when none was ever recorded)."""
    found = history(store)
    if not found:
        return None
    end = date(year, 12, 31).isoformat()
    before = [p for p in found if p.effective <= end]
    return parse_policy((before[-1] if before else found[0]).policy)

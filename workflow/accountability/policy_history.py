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
from typing import Any

from events import ConcurrencyError, EventStore
from workflow import clock
from workflow.accountability.events import POLICY_STREAM, AccountabilityPolicyRecorded
from workflow.accountability.policy import Policy, parse_policy
from workflow.messages import from_recorded, to_new_event

SYSTEM = {"actor": "scheduler", "role": "system", "channel": "system"}  # channel: workflow/origin.py


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


def versions(store: EventStore, year: int | None = None) -> list[dict[str, Any]]:
    """Every recorded version, oldest first: when it took effect and was recorded, and what
    changed against the one before (`path: before → after`); with `year`, the one in force."""
    found, rows = store.read_stream(POLICY_STREAM), []
    before: dict[str, Any] = {}
    for n, record in enumerate(found, 1):
        event = from_recorded(record)
        rows.append({"version": n, "effective": event.effective, "recorded_on": event.recorded_on,
                     "recorded_at": clock.show(record.recorded_at), "position": record.position,
                     "changes": changes(before, event.policy) if n > 1 else ["首次记录 first record"]})  # fmt: skip
        before = event.policy
    if year is None:
        return rows
    end = date(year, 12, 31).isoformat()
    then = [r for r in rows if r["effective"] <= end] or rows[:1]
    return then[-1:]


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Each value that differs, as `path: before → after` (— where absent)."""
    old, new = _flat(before), _flat(after)
    return [f"{k}: {_shown(old.get(k))} → {_shown(new.get(k))}"
            for k in sorted(old.keys() | new.keys()) if old.get(k) != new.get(k)]  # fmt: skip


def _flat(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _shown(value: Any) -> str:
    return "—" if value is None else json.dumps(value, ensure_ascii=False, default=str)


def in_force(store: EventStore, year: int) -> Policy | None:
    """The policy in force in `year` (None when none was ever recorded)."""
    found = history(store)
    if not found:
        return None
    end = date(year, 12, 31).isoformat()
    before = [p for p in found if p.effective <= end]
    return parse_policy((before[-1] if before else found[0]).policy)

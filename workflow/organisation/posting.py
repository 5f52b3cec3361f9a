"""调离执法岗位 and 恢复执法岗位: an officer posted away from enforcement duty, and back.

Distinct from 清退 (removal for good): the officer stays on the team's books, acts on no
case while away (the directory marks them `removed` with `away_on`), is counted apart in the
roster and the circular, and is restored by whom the county file names (accountability).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from events import AppendResult, EventStore
from workflow import clock
from workflow.datafile import as_text
from workflow.organisation import rules as org_rules
from workflow.organisation.directory import Directory, Person
from workflow.organisation.events import (
    OfficerPostedAway,
    OfficerReinstated,
    ReinstatementAgreed,
    roster_stream,
)
from workflow.organisation.service import append
from workflow.organisation.snapshot import load_directory

Authorise = Callable[[Directory, str | None, Person], Person]


def _leader_or_admin(d: Directory, actor: str | None, officer: Person) -> Person:
    assert officer.township is not None
    return org_rules.require_admin_or_leader(d, actor, officer.township)


def _day(on: date | None) -> date:
    return on if on is not None else clock.local_day(clock.now())


def posting_of(d: Directory, officer_id: str) -> dict[str, str] | None:
    """The officer's current 调离执法岗位 (since when, why) for records, or None."""
    person = d.person(officer_id)
    if person is None or person.away_on is None:
        return None
    return {"on": person.away_on.isoformat(), "details": person.away_details or ""}


def post_away(
    store: EventStore,
    actor: str | None,
    *,
    officer_id: str,
    details: str,
    on: date | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """调离执法岗位: the team leader or an administrator (an inquiry's decision calls this)."""
    d = load_directory(store)
    if command_id in d.commands:
        return d.commands[command_id]
    officer = org_rules.team_member(d, officer_id)
    person = _leader_or_admin(d, actor, officer)
    org_rules.check_post_away(details, actor, officer_id)
    event = OfficerPostedAway(officer_id, as_text(details, "--details"), _day(on).isoformat())
    assert officer.township is not None
    return append(store, d, roster_stream(officer.township), [event], person, command_id)


def reinstate(
    store: EventStore,
    actor: str | None,
    *,
    officer_id: str,
    details: str,
    on: date | None = None,
    authorise: Authorise = _leader_or_admin,
    command_id: str | None = None,
) -> AppendResult:
    """恢复执法岗位: an officer posted away is back on duty; `authorise` is the county's rule."""
    d = load_directory(store)
    if command_id in d.commands:
        return d.commands[command_id]
    officer = org_rules.away_member(d, officer_id)
    person = authorise(d, actor, officer)
    text = as_text(details, "--reasons")
    assert officer.township is not None
    event = OfficerReinstated(officer_id, text, _day(on).isoformat())
    return append(store, d, roster_stream(officer.township), [event], person, command_id)


def agree_reinstatement(
    store: EventStore,
    actor: str | None,
    *,
    officer_id: str,
    comments: str = "",
    on: date | None = None,
    authorise: Callable[[Directory, str | None, Person], tuple[Person, str]],
    command_id: str | None = None,
) -> AppendResult:
    """The agreement to restoring an officer posted away, by the role `authorise` names
    (the county's rule); the restoration then finds it on record."""
    d = load_directory(store)
    if command_id in d.commands:
        return d.commands[command_id]
    officer = org_rules.away_member(d, officer_id)
    person, role = authorise(d, actor, officer)
    event = ReinstatementAgreed(officer_id, role, comments.strip(), _day(on).isoformat())
    assert officer.township is not None
    return append(store, d, roster_stream(officer.township), [event], person, command_id)

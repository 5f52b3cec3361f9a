"""The graded annual assessment (年度考核) and its consequences (奖惩).

Issued once per year (stream `grades-<year>`) after the year is over, from that year's
raw events only (`yearfacts`), graded by the county file's points (`grading`). Each 不合格
raises a notice to the county supervisors to consider an inquiry (not a decision). A
reward (评优评先) goes to an officer graded 优秀, recorded as the organisation's personnel
action, so a seconded officer's reward needs the township's opinion first.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from datetime import date
from typing import Any

from events import AppendResult, ConcurrencyError, EventStore
from workflow.accountability import policy_history, rules
from workflow.accountability.appending import today
from workflow.accountability.events import (
    AnnualGradesIssued,
    FailedAssessmentNoticeIssued,
    failed_notice_stream,
    grades_stream,
)
from workflow.accountability.grading import grade_year
from workflow.accountability.policy import Policy, load_policy
from workflow.accountability.types import Grade, Ground
from workflow.accountability.yearfacts import gather
from workflow.errors import CaseworkError, NotAuthorised, NotFound, UsageError
from workflow.messages import from_recorded, to_new_event
from workflow.organisation import service as org_service
from workflow.organisation.rules import require_admin
from workflow.organisation.snapshot import load_directory
from workflow.organisation.types import PersonnelAction, Role

SYSTEM = {"actor": "scheduler", "role": "system", "channel": "system"}  # channel: workflow/origin.py


FIRST_YEAR, LAST_YEAR = 1900, 9998  # any year a calendar date can hold, with the year after


def check_year(year: int) -> int:
    """A year the assessment can be about (usage error otherwise: a year such as 2147483648
    from a URL or a command line overflowed the date arithmetic further down)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"考核年度须在 {FIRST_YEAR}–{LAST_YEAR} 之间：{year}",
                         f"the assessment year must be between {FIRST_YEAR} and {LAST_YEAR}: {year}")  # fmt: skip
    return year


def policy_for(store: EventStore, year: int, current: Policy) -> Policy:
    """The policy in force that year as recorded (policy_history), else the county file's."""
    check_year(year)
    return policy_history.in_force(store, year) or current


def compute(store: EventStore, year: int, policy: Policy, on: date) -> AnnualGradesIssued:
    """The year's grades from the log as it stands (the events of that year only), with the
    given policy (callers pass `policy_for(year)`: the one in force that year)."""
    check_year(year)
    officers, teams = grade_year(gather(store.iter_all(), year), policy)
    return AnnualGradesIssued(year, officers, teams, policy.to_data(), on.isoformat())


def issued(store: EventStore, year: int) -> AnnualGradesIssued | None:
    """The year's grades as issued, if they are."""
    check_year(year)
    records = store.read_stream(grades_stream(year))
    return from_recorded(records[0]) if records else None


def issue(
    store: EventStore,
    year: int,
    *,
    actor: str | None = None,
    policy: Policy | None = None,
    on: date | None = None,
) -> tuple[AnnualGradesIssued, bool]:
    """Issue the year's grades once (a supervisor or administrator, or the scheduler), then
    a notice per 不合格; returns the grades and whether this call issued them."""
    check_year(year)
    day = today(on)
    metadata = SYSTEM if actor is None else _issuer(store, actor)
    if day <= date(year, 12, 31):
        raise rules.refuse("assessment-after-year", rules.SEED_DUTY, f"{year} 年度尚未结束",
                           f"{year} is not over yet")  # fmt: skip
    found = issued(store, year)
    now = found is None
    current = policy or load_policy()
    if found is None:
        settled(store)
        found = compute(store, year, policy_for(store, year, current), day)
        try:
            store.append(grades_stream(year), [to_new_event(found)], expected_version=0,
                         metadata=metadata)  # fmt: skip
        except ConcurrencyError:
            found, now = issued(store, year) or found, False
    policy_history.record(store, current, day, metadata)  # after the grades: nothing read waits on it
    _notify_failed(store, found, day)
    return found, now


SETTLE_SECONDS = 30.0


def settled(store: EventStore, timeout: float | None = None) -> None:
    """Wait until every event committed so far is readable. Grades are issued for good, so
    they are not computed from a log that an open write transaction anywhere on the server
    still holds back (PostgreSQL's gap-safe head, events/postgres.py); refused after
    `timeout` (nothing appended: issue again)."""
    wait = SETTLE_SECONDS if timeout is None else timeout
    last, deadline = store.status().last_position, time.monotonic() + wait
    while store.head() < last:
        if time.monotonic() >= deadline:
            raise CaseworkError("其他写入事务尚未结束，日志暂不能完整读取，请稍后再印发年度考核",
                                f"readers are held back below position {last} by an open write transaction; issue again")  # fmt: skip
        time.sleep(0.05)


def _issuer(store: EventStore, actor: str) -> dict[str, str]:
    person = rules.actor_person(load_directory(store), actor)
    if person.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise NotAuthorised("只有县级监督人员或管理员可以印发年度考核", f"{actor} may not issue the assessment")
    return {"actor": person.id, "role": person.role.value}


def _notify_failed(store: EventStore, grades: AnnualGradesIssued, day: date) -> int:
    """One notice per 不合格 officer, to the supervisors (issued once each)."""
    sent = 0
    for line in grades.officers:
        if line["grade"] != Grade.FAILED.value:
            continue
        notice = FailedAssessmentNoticeIssued(grades.year, line["officer_id"], line["township"],
                                              line["score"], [line["why"]], day.isoformat())  # fmt: skip
        try:
            store.append(failed_notice_stream(grades.year, line["officer_id"]),
                         [to_new_event(notice)], expected_version=0, metadata=SYSTEM)  # fmt: skip
            sent += 1
        except ConcurrencyError:
            continue
    return sent


def reward(
    store: EventStore,
    actor: str | None,
    officer: str,
    *,
    year: int,
    details: str = "",
    on: date | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """评优评先 for an officer graded 优秀 that year: an administrator, with the township's
    opinion on record for a seconded officer (组织 rules); once per officer and year (a
    repeated reward returns the first one and records nothing)."""
    require_admin(load_directory(store), actor)  # before the once-a-year command id answers
    grades = issued(store, year)
    if grades is None:
        raise NotFound(f"{year} 年度考核尚未印发", f"the {year} assessment is not issued")
    line = next((o for o in grades.officers if o["officer_id"] == officer), None)
    if line is None or line["grade"] != Grade.EXCELLENT.value:
        raise rules.refuse("reward-excellent", rules.SEED_DUTY, f"{officer} {year} 年度考核不是优秀",
                           f"{officer} was not graded 优秀 in {year}")  # fmt: skip
    text = details.strip() or f"{year}年度考核优秀，评优评先"
    return org_service.record_personnel_action(
        store, actor, officer_id=officer, action=PersonnelAction.AWARD, details=text, on=on,
        command_id=command_id or reward_command(year, officer),
    )  # fmt: skip


def reward_command(year: int, officer: str) -> str:
    """The command id of an officer's reward for a year (so it is recorded once)."""
    return f"reward-{year}-{officer}"


def as_data(grades: AnnualGradesIssued) -> dict[str, object]:
    return asdict(grades)


FAILED_YEARS = 2  # a 不合格 notice is followed up within the two years after the graded one


def failed_notices(store: EventStore, day: date) -> list[dict[str, Any]]:
    """The 不合格 notices to the supervisors (年度考核不合格, to consider an inquiry) of the
    assessments of the last `FAILED_YEARS` years before `day`, latest year first."""
    found: list[dict[str, Any]] = []
    for year in range(day.year - 1, day.year - 1 - FAILED_YEARS, -1):
        grades = issued(store, year)
        for line in grades.officers if grades is not None else []:
            if line["grade"] != Grade.FAILED.value:
                continue
            for record in store.read_stream(failed_notice_stream(year, line["officer_id"]))[:1]:
                found.append({**record.data, "name": line.get("name", "")})
    return found


def failed_team(store: EventStore, township: str, day: date) -> bool:
    """Whether the team was graded 不合格 in one of the last `FAILED_YEARS` assessments."""
    for year in range(day.year - 1, day.year - 1 - FAILED_YEARS, -1):
        grades = issued(store, year)
        if grades is not None and any(t["township"] == township and t["grade"] == Grade.FAILED.value
                                      for t in grades.teams):  # fmt: skip
            return True
    return False


def failed_pending(
    store: EventStore, day: date, inquiries: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The 不合格 notices no inquiry on that ground (年度考核不合格) has followed since they
    were issued (`inquiries`: the oversight model's rows, any order)."""
    followed = [(r["officer_id"], r["opened_on"]) for r in inquiries
                if r["ground"] == Ground.FAILED_ASSESSMENT.value]  # fmt: skip
    return [n for n in failed_notices(store, day)
            if not any(o == n["officer_id"] and on >= n["issued_on"] for o, on in followed)]  # fmt: skip


"""Duty reports and their evaluation (述职评议): each team member reports once a year in the
county's window; the evaluators the township named for the year (its leadership, team
members and, where the county allows, representatives of those served, whose grades the
team leader enters) grade each report once; the result follows the county file's rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from events import AppendResult, EventStore
from workflow.accountability import rules
from workflow.accountability.appending import append, today
from workflow.accountability.evaluators import named_evaluator
from workflow.accountability.events import DutyEvaluated, DutyReportSubmitted, duty_stream
from workflow.accountability.policy import Policy, load_policy
from workflow.accountability.state import DutyYear, fold_duty
from workflow.accountability.types import DutyGrade
from workflow.datafile import as_text
from workflow.errors import NotAuthorised, NotFound
from workflow.organisation.snapshot import load_directory


@dataclass(frozen=True)
class DutyResult:
    """One officer's year: the votes and the grade the county rule gives them (or None)."""

    officer_id: str
    year: int
    submitted_on: date | None
    votes: dict[str, str]
    grade: DutyGrade | None


def load_duty(store: EventStore, officer: str, year: int) -> DutyYear:
    return fold_duty(store.read_stream(duty_stream(year, officer)))


def submit(
    store: EventStore,
    actor: str | None,
    *,
    year: int,
    text: str = "",
    file: Path | None = None,
    on: date | None = None,
    policy: Policy | None = None,
    command_id: str | None = None,
    file_limit: int | None = None,
) -> AppendResult:
    """The acting team member's duty report (述职), once, inside the county's window.
    `file_limit`: the most bytes `file` may hold (the CLI's CASEWORK_EVIDENCE_MAX_MB, the
    limit every --file shares; None: the settings' default)."""
    d, day = load_directory(store), today(on)
    person = rules.actor_person(d, actor)
    if not person.on_team:
        raise NotAuthorised("只有执法队成员述职", f"{actor} is not on a team")
    rules.check_duty_window(year, day, policy or load_policy())
    current = load_duty(store, person.id, year)
    if current.submitted_on is not None:
        raise rules.refuse("duty-once", rules.SEED_DUTY, f"{year} 年度已述职", f"already reported for {year}")
    name, digest = _file(file, file_limit)
    body = text.strip() if file is not None else as_text(text, "--text")
    event = DutyReportSubmitted(person.id, year, body, name, digest, day.isoformat())
    return append(store, duty_stream(year, person.id), [event], current.version, person, command_id)


def _file(file: Path | None, most: int | None) -> tuple[str | None, str | None]:
    """The file's name and SHA-256 (its content is kept outside the log, by hash)."""
    if file is None:
        return None, None
    from workflow.limits import file_digest  # streamed; devices and FIFOs refused unread
    from workflow.settings import Settings

    limit = most if most is not None else int(Settings().evidence_max_mb * 1024 * 1024)
    return file.name, file_digest(file, limit)


def evaluate(
    store: EventStore,
    actor: str | None,
    officer: str,
    *,
    year: int,
    grade: DutyGrade,
    comments: str = "",
    on: date | None = None,
    representative: str | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """One named evaluator's grade (评议) of one officer's report: once, within the report's
    year; a representative's grade is entered by the team leader (`representative`)."""
    d, day = load_directory(store), today(on)
    actor_person = rules.actor_person(d, actor)
    subject = d.person(officer)
    if subject is None or subject.township is None:
        raise NotFound(f"没有执法人员 {officer}", f"no officer {officer!r}")
    evaluator = named_evaluator(store, actor_person, subject, year, representative)
    current = load_duty(store, officer, year)
    rules.check_evaluation(current, evaluator, year, day)
    event = DutyEvaluated(officer, year, evaluator, grade.value, comments.strip(), day.isoformat())
    return append(store, duty_stream(year, officer), [event], current.version, actor_person, command_id)


def result(store: EventStore, officer: str, year: int, policy: Policy | None = None) -> DutyResult:
    """The votes and the grade by the county rule (None: not enough votes)."""
    duty = load_duty(store, officer, year)
    grade = rules.duty_result(list(duty.votes.values()), policy or load_policy())
    return DutyResult(officer, year, duty.submitted_on, dict(duty.votes), grade)

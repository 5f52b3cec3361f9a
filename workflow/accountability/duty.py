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
from workflow.accountability import files, rules
from workflow.accountability.appending import append, today
from workflow.accountability.evaluators import named as named_list
from workflow.accountability.evaluators import named_evaluator
from workflow.accountability.events import DutyEvaluated, DutyReportSubmitted, duty_stream
from workflow.accountability.policy import Policy, load_policy
from workflow.accountability.state import DutyYear, fold_duty
from workflow.accountability.types import DutyGrade
from workflow.datafile import as_text
from workflow.errors import NotAuthorised, NotFound
from workflow.organisation.directory import Directory, Person
from workflow.organisation.snapshot import load_directory
from workflow.organisation.types import Role


@dataclass(frozen=True)
class DutyResult:
    """One officer's year: the votes and the grade the county rule gives them (or None)."""

    officer_id: str
    year: int
    submitted_on: date | None
    votes: dict[str, str]
    grade: DutyGrade | None
    text: str = ""  # the report: shown only to whom `may_read` / `reads_report` allows
    file_name: str | None = None
    file_sha256: str | None = None


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
    files_dir: Path | None = None,
    kept: tuple[str, str] | None = None,
) -> AppendResult:
    """The acting team member's duty report (述职), once, inside the county's window.
    `file`: the report as a file, read after the checks and kept content-addressed in
    `files_dir` (`<sha[:2]>/<sha>`, like 整改材料) before the event is appended, so the
    evaluators can read it; `kept`: a file already kept there (a console upload), as its
    (name, SHA-256). `file_limit`: the most bytes `file` may hold (the CLI's
    CASEWORK_EVIDENCE_MAX_MB, the limit every --file shares; None: the settings' default)."""
    day = today(on)
    person = may_submit(store, actor)
    rules.check_duty_window(year, day, policy or load_policy())
    current = load_duty(store, person.id, year)
    if current.submitted_on is not None:
        raise rules.refuse("duty-once", rules.SEED_DUTY, f"{year} 年度已述职", f"already reported for {year}")
    name, digest = kept if kept is not None else _keep(file, files_dir, file_limit)
    body = as_text(text, "--text") if name is None or text.strip() else ""  # beside a file: optional
    event = DutyReportSubmitted(person.id, year, body, name, digest, day.isoformat())
    return append(store, duty_stream(year, person.id), [event], current.version, person, command_id)


def may_submit(store: EventStore, actor: str | None) -> Person:
    """A team member reports (述职); checked before any file is read."""
    person = rules.actor_person(load_directory(store), actor)
    if not person.on_team:
        raise NotAuthorised("只有执法队成员述职", f"{actor} is not on a team")
    return person


def _keep(
    file: Path | None, directory: Path | None, most: int | None
) -> tuple[str | None, str | None]:
    """The file's name and SHA-256, its content kept in `directory` by that hash (streamed;
    devices and FIFOs refused unread, nothing kept past the limit)."""
    if file is None:
        return None, None
    if directory is None:
        raise ValueError("a duty report file needs the directory it is kept in")
    from workflow.limits import evidence_chunks
    from workflow.settings import Settings

    limit = most if most is not None else int(Settings().evidence_max_mb * 1024 * 1024)
    name, digest, _ = files.keep(directory, file.name, evidence_chunks(file, limit), most=limit,
                                 any_type=True)  # fmt: skip
    return name, digest


def may_read(store: EventStore, actor: str | None, officer: str, year: int) -> DutyYear:
    """An officer's duty report, to whom may read it (述职报告): the officer themself (also
    while posted away), the evaluators the township named for that year, the township's
    leadership and the county supervisors; nobody else (administrators run the system, not
    the people; other members read it only when named to evaluate it)."""
    d = load_directory(store)
    person = rules.reader(d, actor)
    subject = officer_of(store, officer, d)
    assert subject.township is not None
    named = {e["id"] for e in named_list(store, subject.township, year)[0]}
    if not reads_report(person, subject, named):
        raise NotAuthorised(f"无权查看 {officer} 的述职报告",
                            f"{actor} may not read the duty report of {officer}")  # fmt: skip
    return load_duty(store, officer, year)


def officer_of(store: EventStore, officer: str, d: Directory | None = None) -> Person:
    """A team member on record (NotFound otherwise)."""
    subject = (d or load_directory(store)).person(officer)
    if subject is None or subject.township is None:
        raise NotFound(f"没有执法人员 {officer}", f"no officer {officer!r}")
    return subject


def reads_report(person: Person, subject: Person, named: set[str]) -> bool:
    """The rule behind `may_read`, given the year's named evaluators (`named`)."""
    if person.id == subject.id:
        return True
    heads = person.role in rules.HEADS and person.township == subject.township
    return not person.away and (person.role is Role.SUPERVISOR or person.id in named or heads)


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
    return DutyResult(officer, year, duty.submitted_on, dict(duty.votes), grade, duty.text,
                      duty.file_name, duty.file_sha256)  # fmt: skip

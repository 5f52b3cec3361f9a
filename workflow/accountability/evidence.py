"""The evidence an inquiry links to: cases (and their 评查 verdicts) and inspection findings."""

from __future__ import annotations

from datetime import date

from events import EventStore
from workflow.accountability.assessment import FAILED_YEARS, failed_notices, failed_team
from workflow.accountability.rules import SEED_CHECK, SEED_DUTY, refuse
from workflow.accountability.state import fold_inspection
from workflow.accountability.types import Ground
from workflow.accountability.yearfacts import CASE_HANDLERS, OVERTURNING, YearFacts
from workflow.cases.numbering import parse_case_ref
from workflow.errors import NotFound
from workflow.organisation.directory import Directory

CASE_GROUNDS = (Ground.REPEATED_OVERDUE, Ground.ERRONEOUS_REVIEW, Ground.OVERTURNED)


def case_refs(store: EventStore, d: Directory, township: str, refs: list[str]) -> list[str]:
    """The stream ids of these cases, each on record and of this township."""
    found = []
    for ref in refs:
        number = parse_case_ref(ref, d)
        if number.township != township or store.stream_version(number.stream_id) == 0:
            raise NotFound(f"{township} 没有案件 {ref}", f"no case {ref!r} in {township}")
        found.append(number.stream_id)
    return list(dict.fromkeys(found))


def finding_refs(
    store: EventStore, township: str, refs: list[str], officer: str | None
) -> list[str]:
    """`INSPECTION/F<n>` references, each a finding on record for this team (naming the
    officer, when the inquiry is into one)."""
    found = []
    for ref in refs:
        inspection_id, _, finding_id = ref.strip().removeprefix("inspection-").partition("/")
        inspection = fold_inspection(store.read_stream(f"inspection-{inspection_id}"))
        match = [f for f in inspection.findings if f["id"] == finding_id]
        if inspection.township != township or not match:
            raise NotFound(f"没有检查发现 {ref}", f"no finding {ref!r} for the {township} team")
        if officer is not None and officer not in match[0]["officers"]:
            raise refuse("finding-names-officer", SEED_CHECK, f"检查发现 {ref} 未涉及 {officer}",
                         f"finding {ref} does not name {officer}")  # fmt: skip
        found.append(f"{inspection_id}/{finding_id}")
    return list(dict.fromkeys(found))


def check_grounds(
    store: EventStore,
    ground: Ground,
    cases: list[str],
    findings: list[str],
    day: date,
    subject: tuple[str, str | None] = ("", None),
) -> None:
    """A case ground links cases that bear it out: an erroneous review, a case reviewed 错误;
    overturned, a decision revoked, changed or declared unlawful in 复议/诉讼; repeated
    overdue, more than one case (多次) each past its deadline by `day`. A finding ground
    links findings. 年度考核不合格 (`subject`: township, officer) needs the 不合格 on record:
    the officer's notice to the supervisors, or the team's grade, of the last two assessments."""
    if ground in CASE_GROUNDS and not cases:
        raise refuse("ground-evidence", SEED_CHECK, f"追究事由“{ground.zh}”须关联案件",
                     f"the ground {ground.value} needs --case")  # fmt: skip
    if ground is Ground.OVERTURNED:
        for case in cases:
            if not overturned(store, case):
                raise refuse("ground-evidence", OVERTURN_LAW, f"案件 {case} 的决定未在复议或诉讼中被撤销、变更或确认违法",
                             f"{case}: no decision revoked, changed or declared unlawful on 复议/诉讼")  # fmt: skip
    if ground is Ground.FAILED_ASSESSMENT:
        _check_failed(store, day, *subject)
    if ground is Ground.REPEATED_OVERDUE:
        if len(cases) < 2:
            raise refuse("ground-evidence", SEED_CHECK, "追究事由“多次超期办案”须关联两件以上超期案件",
                         "the ground repeated_overdue needs two or more overdue cases")  # fmt: skip
        for case in cases:
            if not overdue(store, case, day):
                raise refuse("ground-evidence", SEED_CHECK, f"案件 {case} 未超期",
                             f"{case} was not overdue")  # fmt: skip
    if ground is Ground.FINDING and not findings:
        raise refuse("ground-evidence", SEED_CHECK, "追究事由“监督检查发现问题”须关联检查发现",
                     "the ground 'finding' needs --finding")  # fmt: skip
    if ground is Ground.ERRONEOUS_REVIEW:
        for case in cases:
            verdicts = [e.data.get("verdict") for e in store.read_stream(case)
                        if e.type == "CaseReviewed"]  # fmt: skip
            if "erroneous" not in verdicts:
                raise refuse("ground-evidence", SEED_CHECK, f"案件 {case} 未被评查为错误",
                             f"{case} was not reviewed as erroneous")  # fmt: skip


OVERTURN_LAW = "《行政复议法》第六十三条至第六十五条；《行政诉讼法》第七十条、第七十四条、第七十七条"


def overturned(store: EventStore, case: str) -> bool:
    """The case's decision was revoked, changed or declared unlawful (its `execution-` stream)."""
    stream = "execution-" + case.removeprefix("case-")
    return any(e.type == "RemedyDecided" and e.data.get("outcome") in OVERTURNING
               for e in store.read_stream(stream))  # fmt: skip


def overdue(store: EventStore, case: str, day: date) -> bool:
    """Past its deadline (as extended): decided or closed after it, or still open after it on
    `day` (the assessment's rule, `yearfacts`)."""
    facts = YearFacts(day.year)
    for e in store.read_stream(case):
        if e.type in CASE_HANDLERS:
            CASE_HANDLERS[e.type](facts, e)
    found = facts.cases.get(case)
    if found is None:
        return False
    done = found.disposed_on
    return done > found.due if done is not None else day > found.due


def _check_failed(store: EventStore, day: date, township: str, officer: str | None) -> None:
    if officer is None:
        failed = failed_team(store, township, day)
    else:
        failed = any(n["officer_id"] == officer for n in failed_notices(store, day))
    if not failed:
        who = officer or township
        raise refuse("ground-evidence", SEED_DUTY, f"{who} 近{FAILED_YEARS}个年度考核均不是不合格",
                     f"{who} was not graded 不合格 in the last {FAILED_YEARS} assessments")  # fmt: skip


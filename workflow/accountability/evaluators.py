"""The evaluators a township names for its team's duty reports (评议人员), and the check
that an evaluation comes from one of them.

The seed: 述职评议 by the township (乡镇统一管理、考核); the evaluators are the township's
leadership and team members and, where the county file allows it (`[accountability.duty]
representatives`), representatives of those served (服务对象代表), who have no account: the
team leader enters their grades, recorded under the representative's id.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from events import AppendResult, EventStore
from workflow.accountability import rules
from workflow.accountability.appending import append, today
from workflow.accountability.events import DutyEvaluatorsNamed, evaluators_stream
from workflow.accountability.policy import Policy, load_policy
from workflow.datafile import as_text
from workflow.errors import NotAuthorised, NotFound
from workflow.messages import from_recorded
from workflow.organisation.directory import Directory, Person
from workflow.organisation.snapshot import load_directory
from workflow.organisation.types import Role

REP_PREFIX = "rep-"


def named(store: EventStore, township: str, year: int) -> tuple[list[dict[str, str]], int]:
    """The township's current list for the year (empty when none is named) and its version."""
    records = store.read_stream(evaluators_stream(township, year))
    if not records:
        return [], 0
    latest: DutyEvaluatorsNamed = from_recorded(records[-1])
    return list(latest.evaluators), records[-1].version


def name_evaluators(
    store: EventStore,
    actor: str | None,
    *,
    township: str,
    year: int,
    evaluators: list[str],
    representatives: list[str] | None = None,
    on: date | None = None,
    policy: Policy | None = None,
    command_id: str | None = None,
) -> AppendResult:
    """The township's team leader names the year's evaluators (a new list replaces the old)."""
    d, rule = load_directory(store), policy or load_policy()
    code = d.township(township).code
    person = rules.may_name_evaluators(d, actor, code)
    listed = [_member(d, code, pid) for pid in dict.fromkeys(evaluators)]
    reps = [as_text(name, "--representative") for name in representatives or []]
    if reps and not rule.duty_representatives:
        raise rules.refuse("representatives-allowed", rules.POLICY, "县级规定未设服务对象代表参加评议",
                           "the county file does not let representatives evaluate")  # fmt: skip
    listed += [{"id": f"{REP_PREFIX}{code}-{year}-{n}", "kind": "representative", "name": name}
               for n, name in enumerate(reps, 1)]  # fmt: skip
    if len(listed) < rule.duty_min_votes:
        raise rules.refuse("evaluators-enough", rules.POLICY,
                           f"评议人员至少 {rule.duty_min_votes} 名", f"name at least {rule.duty_min_votes} evaluators")  # fmt: skip
    _, version = named(store, code, year)
    event = DutyEvaluatorsNamed(code, year, listed, today(on).isoformat())
    return append(store, evaluators_stream(code, year), [event], version, person, command_id)


def _member(d: Directory, township: str, pid: str) -> dict[str, str]:
    person = d.person(pid)
    if person is None or person.removed or not person.on_team or person.township != township:
        raise NotFound(f"{township} 执法队没有 {pid}", f"{pid} is not on the {township} team")
    kind = "leadership" if person.role in rules.HEADS else "member"
    return {"id": person.id, "kind": kind, "name": person.name}


def named_evaluator(
    store: EventStore, actor: Person, subject: Person, year: int, representative: str | None
) -> str:
    """The evaluator id this evaluation is recorded under, or the refusal: no list named,
    not on it, oneself, or a representative's grade entered by anyone but the team leader."""
    assert subject.township is not None
    listed, _ = named(store, subject.township, year)
    if not listed:
        raise rules.refuse("evaluators-named", rules.SEED_DUTY, f"{subject.township} 尚未确定 {year} 年度评议人员",
                           f"{subject.township} has not named its {year} evaluators")  # fmt: skip
    ids = {e["id"]: e for e in listed}
    if representative is not None:
        entry: dict[str, Any] | None = ids.get(representative)
        leads = actor.role is Role.LEADER and actor.township == subject.township
        if entry is None or entry["kind"] != "representative" or not leads:
            raise NotAuthorised("服务对象代表的评议由队长按名单录入",
                                f"{representative!r} is not a named representative, or you are not the leader")  # fmt: skip
        return representative
    if actor.id not in ids or actor.id == subject.id:
        raise NotAuthorised("只有乡镇确定的评议人员可以评议，且不能评议本人",
                            f"{actor.id} is not a named evaluator of {subject.id}")  # fmt: skip
    return actor.id

"""Grading the year (年度考核): a score from the county's points, explained by its inputs.

score = base + Σ count × points (overdue cases, 评查 有瑕疵 / 错误, decisions overturned
in 复议/诉讼 that year (撤销, 变更, 确认违法), findings naming the officer) + the points of each inquiry decision + the points of the
duty-evaluation result. A decision or duty result the county lists in `fail_on` makes the
year 不合格 whatever the score; otherwise the cut-offs decide. A team's score is its
members' mean plus the points of findings naming nobody and of inquiries into the team.
"""

from __future__ import annotations

from statistics import mean
from typing import Any

from workflow.accountability.policy import Policy
from workflow.accountability.rules import duty_result
from workflow.accountability.types import Grade, Sanction
from workflow.accountability.yearfacts import YearFacts

INPUT_ZH = {"overdue": "超期案件", "defective": "评查有瑕疵", "erroneous": "评查错误",
            "overturned": "复议诉讼被撤销变更", "finding": "检查发现问题"}  # fmt: skip


def grade_of(score: float, failed: bool, policy: Policy) -> Grade:
    if failed:
        return Grade.FAILED
    for grade in (Grade.EXCELLENT, Grade.QUALIFIED, Grade.BASIC):
        if score >= policy.cutoffs[grade]:
            return grade
    return Grade.FAILED


def _line(name: str, count: int, points: float, zh: str) -> dict[str, Any]:
    return {"input": name, "zh": zh, "count": count, "points": round(count * points, 2)}


def officer_counts(facts: YearFacts, officer: str) -> dict[str, int]:
    """How many of each counted input the year holds for this officer."""
    counts = dict.fromkeys(INPUT_ZH, 0)
    for case in facts.cases.values():
        if officer not in case.officers:
            continue
        if case.due.year == facts.year and (case.disposed_on is None or case.disposed_on > case.due):
            counts["overdue"] += 1
        for day, verdict in case.verdicts:
            if day.year == facts.year and verdict in ("defective", "erroneous"):
                counts[verdict] += 1
        counts["overturned"] += len(case.overturned)
    counts["finding"] = sum(1 for _, named in facts.findings if officer in named)
    return counts


def grade_officer(facts: YearFacts, officer: str, policy: Policy) -> dict[str, Any]:
    """One officer's line: inputs with their points, score, grade and why."""
    counts = officer_counts(facts, officer)
    lines = [_line(k, n, policy.points[k], INPUT_ZH[k]) for k, n in counts.items()]
    sanctions = [s for _, who, s in facts.sanctions if who == officer]
    lines += [_line(f"sanction:{s}", 1, policy.sanction_points[Sanction(s)], Sanction(s).zh)
              for s in sanctions]  # fmt: skip
    duty = duty_result(facts.votes.get(officer, []), policy)
    if duty is not None:
        lines.append(_line(f"duty:{duty.value}", 1, policy.duty_points[duty], f"述职评议{duty.value}"))
    score = round(policy.points["base"] + sum(x["points"] for x in lines), 2)
    fails = [s for s in sanctions if s in policy.fail_on]
    fails += [duty.value] if duty is not None and duty.value in policy.fail_on else []
    grade = grade_of(score, bool(fails), policy)
    return {"officer_id": officer, "name": facts.names.get(officer, officer),
            "township": facts.members[officer], "score": score, "grade": grade.value,
            "duty": duty.value if duty else None, "inputs": [x for x in lines if x["count"]],
            "why": _why(grade, score, fails, policy)}  # fmt: skip


def _why(grade: Grade, score: float, fails: list[str], policy: Policy) -> str:
    if fails:
        names = "、".join(Sanction(f).zh if f in set(Sanction) else f"述职评议{f}" for f in fails)
        return f"{names}：依县级规定直接定为不合格"
    floor = policy.cutoffs.get(grade)
    return f"得分 {score:g}" + (f" ≥ {floor:g}" if floor is not None else f" < {policy.cutoffs[Grade.BASIC]:g}")


def grade_team(facts: YearFacts, township: str, members: list[dict[str, Any]], policy: Policy) -> dict[str, Any]:
    """A team: its members' mean, findings naming nobody, inquiries into the team itself."""
    unnamed = sum(1 for town, named in facts.findings if town == township and not named)
    lines = [_line("finding", unnamed, policy.points["finding"], "检查发现问题（未涉及个人）")]
    sanctions = [s for town, who, s in facts.sanctions if town == township and who is None]
    lines += [_line(f"sanction:{s}", 1, policy.sanction_points[Sanction(s)], Sanction(s).zh)
              for s in sanctions]  # fmt: skip
    base = mean(m["score"] for m in members) if members else policy.points["base"]
    score = round(base + sum(x["points"] for x in lines), 2)
    fails = [s for s in sanctions if s in policy.fail_on]
    grade = grade_of(score, bool(fails), policy)
    return {"township": township, "members": len(members), "members_mean": round(base, 2),
            "score": score, "grade": grade.value, "inputs": [x for x in lines if x["count"]],
            "why": _why(grade, score, fails, policy)}  # fmt: skip


def graded(facts: YearFacts, officer: str) -> bool:
    """Whether the team's assessment grades this officer for the year: on a team that year,
    not removed before it (清退), and on enforcement duty at least one day of it.

    An officer posted away (调离执法岗位) during the year is graded: they served part of it,
    and the 调离 itself counts against that year (its sanction points). One posted away for
    the whole year (from 1 January or earlier, not restored by 31 December) is not: the
    team's 年度考核 grades enforcement work, and they did none; their civil-service assessment
    (公务员年度考核) stays with the unit they are posted to, not with this team. Counting
    them would also drag the team's mean by someone it could not deploy all year."""
    return officer not in facts.removed_before and not facts.away_all_year(officer)


def grade_year(facts: YearFacts, policy: Policy) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every officer graded that year (`graded`), then every team."""
    officers = [grade_officer(facts, o, policy) for o in sorted(facts.members) if graded(facts, o)]
    townships = sorted({o["township"] for o in officers})
    teams = [grade_team(facts, t, [o for o in officers if o["township"] == t], policy) for t in townships]
    return officers, teams



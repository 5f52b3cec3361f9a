"""The county's accountability policy: the `[accountability]` tables of the county file.

Who may decide each sanction, the statement period, the duty-report window and the
evaluation rule, the assessment's points and cut-offs. The law leaves these to the county
(五台县 sets 管理、考核、奖惩 per township); the shipped values are SAMPLES that the
county must confirm, and the file says so beside each one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workflow.accountability.types import DutyGrade, Grade, Sanction
from workflow.datafile import InvalidDataFile, as_count
from workflow.limits import read_data_text
from workflow.organisation.county import shipped_county_path
from workflow.organisation.types import Role, parse_enum


@dataclass(frozen=True)
class DecisionRule:
    """Who may take one graded decision, and whose agreement it needs first."""

    by: frozenset[Role]
    agree: Role | None


@dataclass(frozen=True)
class Policy:
    """The parsed `[accountability]` tables (every number has its source in the file)."""

    statement_days: int
    rectification_max_days: int
    decisions: dict[Sanction, DecisionRule]
    duty_opens: tuple[int, int]
    duty_closes: tuple[int, int]
    duty_reminder: tuple[int, int]
    duty_min_votes: int
    duty_representatives: bool
    duty_excellent_share: float
    duty_failing_share: float
    points: dict[str, float]
    sanction_points: dict[Sanction, float]
    duty_points: dict[DutyGrade, float]
    cutoffs: dict[Grade, float]
    fail_on: frozenset[str]
    reinstate_by: frozenset[Role] = frozenset()  # 恢复执法岗位 (`[accountability.reinstatement]`)
    reinstate_agree: Role | None = None  # whose agreement the restoration needs first
    raw: dict[str, Any] = field(default_factory=dict, compare=False)  # the table as written

    def to_data(self) -> dict[str, Any]:
        """The numbers an assessment used, as recorded in its event."""
        return {
            "points": self.points,
            "sanction_points": {s.value: v for s, v in self.sanction_points.items()},
            "duty_points": {g.value: v for g, v in self.duty_points.items()},
            "cutoffs": {g.value: v for g, v in self.cutoffs.items()},
            "fail_on": sorted(self.fail_on),
        }


def load_policy(path: str | Path | None = None) -> Policy:
    """The policy of the county file at `path` (default: the shipped 五台县 file); a county
    file without `[accountability]` gets the shipped SAMPLE policy."""
    where = str(path or shipped_county_path())
    try:
        raw: dict[str, Any] | None = tomllib.loads(read_data_text(where)).get(
            "accountability"
        )
        if raw is None and path is not None:
            return load_policy(None)
        return _parse(raw or {})
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidDataFile(where, [str(exc)]) from exc
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise InvalidDataFile(where, [f"[accountability]: {exc!s}"]) from exc


def parse_policy(raw: dict[str, Any]) -> Policy:
    """A policy from its `[accountability]` table (as a file or a recorded event holds it)."""
    return _parse(raw)


def _parse(raw: dict[str, Any]) -> Policy:
    duty, points = raw["duty"], raw["assessment"]
    return Policy(
        statement_days=as_count(raw["inquiry"]["statement_days"], "statement_days"),
        rectification_max_days=as_count(raw["inspection"]["rectification_max_days"], "max"),
        decisions={
            parse_enum(Sanction, k, "sanction"): _rule(v) for k, v in raw["decisions"].items()
        },
        duty_opens=_month_day(duty["opens"]),
        duty_closes=_month_day(duty["closes"]),
        duty_reminder=_month_day(duty["reminder"]),
        duty_min_votes=as_count(duty["min_votes"], "min_votes"),
        duty_representatives=bool(duty.get("representatives", False)),
        duty_excellent_share=_share(duty["excellent_share"]),
        duty_failing_share=_share(duty["failing_share"]),
        points={k: float(points[k]) for k in POINT_KEYS},
        sanction_points={
            parse_enum(Sanction, k, "sanction"): float(v) for k, v in points["sanction"].items()
        },
        duty_points={
            parse_enum(DutyGrade, k, "duty grade"): float(v) for k, v in points["duty"].items()
        },
        cutoffs={parse_enum(Grade, k, "grade"): float(v) for k, v in points["cutoffs"].items()},
        fail_on=frozenset(str(x) for x in points["fail_on"]),
        reinstate_by=_reinstatement(raw).by,
        reinstate_agree=_reinstatement(raw).agree,
        raw=raw,
    )


POINT_KEYS = ("base", "overdue", "defective", "erroneous", "overturned", "finding")


def _rule(raw: dict[str, Any]) -> DecisionRule:
    by = frozenset(parse_enum(Role, r, "role") for r in raw["by"])
    agree = parse_enum(Role, raw["agree"], "role") if raw.get("agree") else None
    if not by:
        raise ValueError("a decision needs at least one role in `by`")
    return DecisionRule(by, agree)


def _reinstatement(raw: dict[str, Any]) -> DecisionRule:
    """Who restores an officer posted away, and whose agreement comes first; a file (or a
    recorded policy) without the table: the rule the county set for 调离执法岗位 itself."""
    table = raw.get("reinstatement")
    return _rule(raw["decisions"][Sanction.REASSIGN.value] if table is None else table)


def _month_day(text: str) -> tuple[int, int]:
    month, day = (int(x) for x in str(text).split("-"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ValueError(f"{text!r} is not MM-DD")
    return month, day


def _share(value: Any) -> float:
    share = float(value)
    if not 0 <= share <= 1:
        raise ValueError(f"share {value!r} must be between 0 and 1")
    return share

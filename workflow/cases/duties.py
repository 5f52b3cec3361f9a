"""Duties on a team's record (职责指定): 法制审核人员 and deputies authorised to decide.

The leader of a township designates them (stream `duties-<township>`); the case rules
ask `Duties` whether the acting person holds one. Folding the stream has no checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from workflow.cases import events as ev
from workflow.cases.ports import DirectoryLike, PersonLike
from workflow.errors import RuleViolation


class Duty(StrEnum):
    LEGAL_REVIEWER = "legal_reviewer"  # 法制审核人员 (《行政处罚法》第五十八条)
    DECIDER = "decider"  # 经负责人授权作出处罚决定的副队长 (第五十七条)

    @property
    def zh(self) -> str:
        return "法制审核人员" if self is Duty.LEGAL_REVIEWER else "经授权作出决定的副队长"


def stream_of(township: str) -> str:
    return f"duties-{township}"


@dataclass
class Duties:
    """Who holds which duty in one township, as its stream says."""

    holders: dict[str, set[str]] = field(default_factory=dict)
    version: int = 0

    def holds(self, person: str, duty: Duty) -> bool:
        return person in self.holders.get(duty.value, set())


def fold(events: Iterable[Any], into: Duties | None = None) -> Duties:
    """The duties the events designate (onto `into`, folded up to its version, if given)."""
    duties = into if into is not None else Duties()
    for e in events:
        assert isinstance(e, ev.DutyDesignated)
        held = duties.holders.setdefault(e.duty, set())
        (held.add if e.granted else held.discard)(e.person)
        duties.version += 1
    return duties


def decide_designation(
    actor: PersonLike,
    directory: DirectoryLike,
    township: str,
    person_id: str,
    duty: Duty,
    granted: bool,
    at: str,
) -> ev.DutyDesignated:
    """Only the township's leader designates; a decider is a deputy of the same team."""
    statute = (
        "《行政处罚法》第五十八条" if duty is Duty.LEGAL_REVIEWER else "《行政处罚法》第五十七条"
    )
    if str(actor.role) != "leader" or actor.township != township:
        raise RuleViolation(
            "designate-by-leader",
            statute,
            f"指定{duty.zh}只能由本乡镇队长执行",
            "only the township's team leader designates duties",
        )
    person = directory.person(person_id)
    if person is None or person.removed:
        raise RuleViolation(
            "designee", statute, f"{person_id} 不是在册人员", f"{person_id} is not on the roster"
        )
    if duty is Duty.DECIDER and (str(person.role) != "deputy" or person.township != township):
        raise RuleViolation(
            "decider-deputy",
            statute,
            f"{person_id} 不是本乡镇副队长，不能授权作出处罚决定",
            f"{person_id} is not a deputy of this team",
        )
    return ev.DutyDesignated(
        township=township, person=person_id, duty=duty.value, granted=granted, at=at
    )

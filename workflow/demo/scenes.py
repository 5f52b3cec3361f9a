"""The demo's organisation scenes (removal, personnel, monthly seals) at their business days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol

from events import EventStore
from workflow.cases import commands as cmd
from workflow.cases.service import CaseService
from workflow.clock import SHANGHAI
from workflow.demo import fronts, oversight, procedure
from workflow.organisation import service as org_service
from workflow.organisation.directory import Directory
from workflow.organisation.types import PersonnelAction
from workflow.reports.circular.issue import issue_circular
from workflow.reports.seals import previous_month, seal_month


class DemoRun(Protocol):
    """What a scene needs of the running simulation (`workflow.demo.run.DemoRun`)."""

    store: EventStore
    service: CaseService
    directory: Directory

REMOVAL = ("tc-009", date(2026, 8, 17))


def _removed_tries(run: DemoRun, day: date) -> None:
    at = datetime.combine(day, datetime.min.time(), tzinfo=SHANGHAI) + timedelta(hours=10)
    run.service.execute(
        cmd.OpenCase(
            actor=REMOVAL[0],
            township="taicheng",
            matter="SC-CF-001",
            party="某商户",
            summary="被清退人员尝试立案",
            violation_date=day,
            at=at,
        )
    )


def _seconded(run: DemoRun) -> str:
    return next(p.id for p in run.directory.team("gengzhen") if p.origin.value == "seconded")


def _action_without_opinion(run: DemoRun, day: date) -> None:
    org_service.record_personnel_action(
        run.store,
        "ad-001",
        officer_id=_seconded(run),
        action=PersonnelAction.AWARD,
        details="评优（未征求乡镇意见）",
        on=day,
    )


def _opinion(run: DemoRun, day: date) -> None:
    org_service.record_opinion(
        run.store,
        "gz-001",
        officer_id=_seconded(run),
        action=PersonnelAction.AWARD,
        opinion="同意评为优秀执法人员",
        on=day,
        command_id="demo-opinion",
    )


def _award(run: DemoRun, day: date) -> None:
    org_service.record_personnel_action(
        run.store,
        "ad-001",
        officer_id=_seconded(run),
        action=PersonnelAction.AWARD,
        details="年度优秀执法人员",
        on=day,
        command_id="demo-award",
    )


def _seal(run: DemoRun, day: date) -> None:
    """The monthly job on the 1st at 08:00: seal last month's log, then issue its circular."""
    month = previous_month(day)
    seal_month(run.store, month, day)
    issue_circular(run.store, month, day)


SCENES = {
    **oversight.SCENES,
    **fronts.SCENES,  # leads and licence applications (issue 9)
    **procedure.SCENES,  # recusal, no-show, returned review, discussion (issue 9)
    "month_sealed": _seal,
    "removed_officer_refused": _removed_tries,
    "personnel_action_refused": _action_without_opinion,
    "township_opinion": _opinion,
    "personnel_action": _award,
}


def scenes(today: date) -> list[tuple[datetime, str]]:
    def at(day: date, hour: int) -> datetime:
        return datetime.combine(day, datetime.min.time(), tzinfo=SHANGHAI) + timedelta(hours=hour)

    firsts = [date(2026, m, 1) for m in range(6, 13)] + [
        date(y, m, 1) for y in range(2027, today.year + 1) for m in range(1, 13)
    ]
    seals = [(at(day, 8), "month_sealed") for day in firsts if day <= today]
    fronts_and_procedure = fronts.schedule(today) + procedure.schedule(today)
    return seals + oversight.schedule(today) + fronts_and_procedure + [  # the removal: 清退 decided in an inquiry
        (at(date(2026, 8, 18), 10), "removed_officer_refused"),
        (at(date(2026, 9, 8), 10), "personnel_action_refused"),
        (at(date(2026, 9, 10), 10), "township_opinion"),
        (at(date(2026, 9, 15), 15), "personnel_action"),
    ]

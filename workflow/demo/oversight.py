"""The demo's year of accountability: inspections with rectification (one left overdue),
two inquiries (通报批评; 清退 = the demo's removal of tc-009), a third ending in 调离执法岗位
(dc-010, September) and the way back (恢复执法岗位, October: the supervisor agrees, the
township leader restores), duty reports with evaluation in December, and the graded
assessment on 2 January when the demo runs past the year.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from events import EventStore
from workflow.accountability import (
    assessment,
    duty,
    evaluators,
    inquiries,
    inspections,
    reinstatement,
)
from workflow.accountability.types import DutyGrade, Ground, Sanction, Scope, Verification
from workflow.clock import SHANGHAI
from workflow.organisation.directory import Directory


class DemoRun(Protocol):
    """What these scenes need of the running simulation."""

    store: EventStore
    directory: Directory

DUTY_TEAMS = ("taicheng", "gengzhen")
WEAK = "gz-008"  # graded 不称职 by its evaluators: 不合格, a notice to the supervisors
REMOVED = "tc-009"
POSTED = ("dc-010", date(2026, 9, 9), date(2026, 10, 28))  # 调离执法岗位 .. 恢复执法岗位
POSTING_REF = "doucun-2026-1"


def _ref(stream: str) -> str:
    return stream.split("-", 1)[1]


def _plan(run: DemoRun, township: str, scope: list[Scope], held: date, day: date) -> str:
    result = inspections.plan(run.store, "sv-001", township=township, scope=scope,
                              planned_for=held, inspectors=["sv-001", "sv-002"], on=day,
                              command_id=f"demo-plan-{township}-{held}")  # fmt: skip
    return _ref(result.stream_id)


def taicheng_planned(run: DemoRun, day: date) -> None:
    _plan(run, "taicheng", [Scope.CASE_FILES, Scope.EQUIPMENT], date(2026, 6, 16), day)


def taicheng_inspected(run: DemoRun, day: date) -> None:
    findings: list[dict[str, Any]] = [
        {"scope": "case_files", "text": "2件案卷立案审批表缺少负责人签名", "officers": ["tc-005"]},
        {"scope": "equipment", "text": "执法记录仪2台损坏未报修"},
    ]
    inspections.record(run.store, "sv-001", "taicheng-2026-1", findings=findings, on=day,
                       rectify_by=date(2026, 7, 16), requirement="补签审批表，维修执法记录仪",
                       command_id="demo-record-taicheng")  # fmt: skip


def taicheng_rectified(run: DemoRun, day: date) -> None:
    inspections.report(run.store, "tc-001", "taicheng-2026-1", text="已补签，记录仪已维修",
                       on=day, command_id="demo-rectify-taicheng")  # fmt: skip


def taicheng_accepted(run: DemoRun, day: date) -> None:
    inspections.verify(run.store, "sv-001", "taicheng-2026-1", outcome=Verification.ACCEPTED,
                       comments="整改到位", on=day, command_id="demo-verify-taicheng")  # fmt: skip


def gengzhen_planned(run: DemoRun, day: date) -> None:
    _plan(run, "gengzhen", [Scope.ON_SITE, Scope.ROSTER], date(2026, 7, 8), day)


def gengzhen_inspected(run: DemoRun, day: date) -> None:
    findings = [{"scope": "on_site", "text": "现场执法未出示执法证件", "officers": [WEAK]}]
    inspections.record(run.store, "sv-002", "gengzhen-2026-1", findings=findings, on=day,
                       rectify_by=date(2026, 7, 31), command_id="demo-record-gengzhen")  # fmt: skip


def doucun_inspected(run: DemoRun, day: date) -> None:
    _plan(run, "doucun", [Scope.EQUIPMENT], day, day)
    inspections.record(run.store, "sv-003", "doucun-2026-1", findings=[], on=day,
                       command_id="demo-record-doucun")  # fmt: skip


def removal_opened(run: DemoRun, day: date) -> None:
    inquiries.open_inquiry(run.store, "sv-001", officer=REMOVED, ground=Ground.INACTION,
                           details="多次接到指派不到岗，不作为", on=day,
                           command_id="demo-inquiry-removal")  # fmt: skip


def removal_stated(run: DemoRun, day: date) -> None:
    inquiries.state_case(run.store, REMOVED, "taicheng-2026-1", statement="家中有事，未及时请假",
                         on=day, command_id="demo-statement-removal")  # fmt: skip


def removal_agreed(run: DemoRun, day: date) -> None:
    inquiries.agree(run.store, "sv-001", "taicheng-2026-1", sanction=Sanction.DISMISS,
                    comments="同意清退", on=day, command_id="demo-agree-removal")  # fmt: skip


def removal_decided(run: DemoRun, day: date) -> None:
    inquiries.decide(run.store, "tc-001", "taicheng-2026-1", sanction=Sanction.DISMISS,
                     reasons="多次接到指派不到岗，不作为", on=day,
                     command_id="demo-decide-removal")  # fmt: skip


def criticism_opened(run: DemoRun, day: date) -> None:
    inquiries.open_inquiry(run.store, "sv-002", officer=WEAK, ground=Ground.FINDING,
                           details="现场执法未出示执法证件，整改逾期未报告", on=day,
                           findings=["gengzhen-2026-1/F1"], command_id="demo-inquiry-criticism")  # fmt: skip


def criticism_decided(run: DemoRun, day: date) -> None:
    inquiries.decide(run.store, "sv-002", "gengzhen-2026-1", sanction=Sanction.CIRCULAR_CRITICISM,
                     reasons="情况属实，予以通报批评", on=day,
                     command_id="demo-decide-criticism")  # fmt: skip


def posting_opened(run: DemoRun, day: date) -> None:
    inquiries.open_inquiry(run.store, "sv-003", officer=POSTED[0], ground=Ground.MISCONDUCT,
                           details="现场执法态度粗暴，群众投诉属实，乱作为", on=day,
                           command_id="demo-inquiry-posting")  # fmt: skip


def posting_stated(run: DemoRun, day: date) -> None:
    inquiries.state_case(run.store, POSTED[0], POSTING_REF, statement="当时情绪激动，愿意检讨改正",
                         on=day, command_id="demo-statement-posting")  # fmt: skip


def posting_agreed(run: DemoRun, day: date) -> None:
    inquiries.agree(run.store, "sv-003", POSTING_REF, sanction=Sanction.REASSIGN,
                    comments="同意调离执法岗位", on=day, command_id="demo-agree-posting")  # fmt: skip


def officer_posted_away(run: DemoRun, day: date) -> None:
    inquiries.decide(run.store, "dc-001", POSTING_REF, sanction=Sanction.REASSIGN,
                     reasons="乱作为，调离执法岗位接受教育", on=day,
                     command_id="demo-decide-posting")  # fmt: skip


def reinstatement_agreed(run: DemoRun, day: date) -> None:
    reinstatement.agree(run.store, "sv-003", POSTED[0], comments="教育整改到位，同意恢复", on=day,
                        command_id="demo-agree-reinstatement")  # fmt: skip


def officer_reinstated(run: DemoRun, day: date) -> None:
    reinstatement.reinstate(run.store, "dc-001", POSTED[0], reasons="经教育整改，考核合格，恢复执法岗位",
                            on=day, command_id="demo-reinstate")  # fmt: skip


def duty_reports(run: DemoRun, day: date) -> None:
    for township in DUTY_TEAMS:
        for person in run.directory.team(township):
            duty.submit(run.store, person.id, year=day.year, text=f"{person.name}{day.year}年度述职报告",
                        on=day, command_id=f"demo-duty-{day.year}-{person.id}")  # fmt: skip


def duty_evaluations(run: DemoRun, day: date) -> None:
    for township in DUTY_TEAMS:
        heads = [p.id for p in run.directory.leaders(township)]
        member = next(p.id for p in run.directory.team(township) if p.id not in heads)
        evaluators.name_evaluators(run.store, heads[0], township=township, year=day.year,
                                   evaluators=[*heads, member], representatives=["服务对象代表甲"],
                                   on=day, command_id=f"demo-evaluators-{day.year}-{township}")  # fmt: skip
        for n, person in enumerate(run.directory.team(township)):
            grade = _grade(person.id, n)
            for evaluator in [e for e in [*heads, member] if e != person.id]:
                duty.evaluate(run.store, evaluator, person.id, year=day.year, grade=grade, on=day,
                              command_id=f"demo-eval-{day.year}-{person.id}-{evaluator}")  # fmt: skip


def _grade(officer: str, n: int) -> DutyGrade:
    if officer == WEAK:
        return DutyGrade.INCOMPETENT
    return DutyGrade.EXCELLENT if n % 5 == 0 else DutyGrade.COMPETENT


def graded(run: DemoRun, day: date) -> None:
    assessment.issue(run.store, day.year - 1, on=day)


SCENES = {"officer_removed" if name == "removal_decided" else name: f  # 清退: the removal
          for name, f in globals().items() if callable(f) and name in (
    "taicheng_planned", "taicheng_inspected", "taicheng_rectified", "taicheng_accepted",
    "gengzhen_planned", "gengzhen_inspected", "doucun_inspected", "removal_opened",
    "removal_stated", "removal_agreed", "removal_decided", "criticism_opened",
    "criticism_decided", "posting_opened", "posting_stated", "posting_agreed",
    "officer_posted_away", "reinstatement_agreed", "officer_reinstated", "duty_reports",
    "duty_evaluations", "graded")}  # fmt: skip


def schedule(today: date) -> list[tuple[datetime, str]]:
    """The scenes at their business days (10:00 Asia/Shanghai), up to `today`."""
    days = [(date(2026, 6, 10), "taicheng_planned"), (date(2026, 6, 16), "taicheng_inspected"),
            (date(2026, 7, 1), "gengzhen_planned"), (date(2026, 7, 8), "gengzhen_inspected"),
            (date(2026, 7, 10), "taicheng_rectified"), (date(2026, 7, 14), "taicheng_accepted"),
            (date(2026, 8, 3), "removal_opened"), (date(2026, 8, 5), "removal_stated"),
            (date(2026, 8, 12), "removal_agreed"), (date(2026, 8, 17), "officer_removed"),
            (date(2026, 9, 1), "posting_opened"), (date(2026, 9, 2), "posting_stated"),
            (date(2026, 9, 7), "posting_agreed"), (POSTED[1], "officer_posted_away"),
            (date(2026, 10, 26), "reinstatement_agreed"), (POSTED[2], "officer_reinstated"),
            (date(2026, 9, 25), "doucun_inspected"), (date(2026, 10, 12), "criticism_opened"),
            (date(2026, 10, 20), "criticism_decided"), (date(2026, 12, 4), "duty_reports"),
            (date(2026, 12, 18), "duty_evaluations"), (date(2027, 1, 2), "graded")]  # fmt: skip
    at = lambda d: datetime.combine(d, datetime.min.time(), tzinfo=SHANGHAI) + timedelta(hours=10)  # noqa: E731
    return [(at(d), name) for d, name in days if d <= today]


def counts(store: EventStore) -> dict[str, Any]:
    """The demo summary's oversight figures: inspections, inquiries, evaluations, grades."""
    kinds: Counter[str] = Counter()
    grades: Counter[str] = Counter()
    for e in store.iter_all():
        kinds[e.type] += 1
        if e.type == "AnnualGradesIssued":
            grades.update(o["grade"] for o in e.data["officers"])
    return {"inspections": kinds["InspectionRecorded"], "rectifications": kinds["RectificationOrdered"],
            "inquiries": kinds["InquiryOpened"], "inquiries_decided": kinds["InquiryDecided"],
            "postings": kinds["OfficerPostedAway"], "reinstatements": kinds["OfficerReinstated"],
            "duty_reports": kinds["DutyReportSubmitted"], "evaluations": kinds["DutyEvaluated"],
            "grades": dict(grades)}  # fmt: skip

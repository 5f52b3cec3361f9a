"""The demo's leads and licence applications (线索、许可申请), in 台城镇, with the licensing
clock paused once: each outcome of 立案审批 and of 受理 happens at least once; `counts`
reads them back from the store for the summary."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from workflow.cases import commands as cmd
from workflow.cases.application_service import (
    AnswerApplication,
    ApplicationService,
    ReceiveApplication,
)
from workflow.cases.source_service import AcceptSource, RegisterSource, RejectSource, SourceService
from workflow.clock import SHANGHAI

DemoRun = Any  # the demo's run (workflow.demo.run.DemoRun): its service and clock

TOWN, OFFICER, LEADER, PARTNER = "taicheng", "tc-004", "tc-001", "tc-006"
LEADS = [("群众举报", "东街一商铺无照经营", "赵某", "1380000****"),
         ("巡查发现", "西关路占道堆放建材", "", ""), ("部门移送", "县市场局移送：价格标示不清", "", "")]  # fmt: skip
APPLICATIONS = [("CG-XK-001", "五台县某建筑公司", "临时占道施工"),
                ("CG-XK-002", "某广告公司", "设置大型户外广告"),
                ("XZ-XK-001", "王某", "乡村建设规划许可")]  # fmt: skip


def leads_registered(run: DemoRun, day: date) -> None:
    for channel, summary, reporter, contact in LEADS:
        SourceService(run.service).register(RegisterSource(
            actor=OFFICER, township=TOWN, channel=channel, summary=summary, reporter=reporter,
            reporter_contact=contact, discovered_on=day - timedelta(days=1),
        ))  # fmt: skip


def leads_decided(run: DemoRun, day: date) -> None:
    """Lead 1 opened (立案), lead 2 not (不予立案); lead 3 stays pending: overdue on the board."""
    opening = cmd.OpenCase(actor="", township="", matter="SC-CF-003", party="某便利店",
                           summary="价格标示不清", party_kind="单位",
                           violation_date=day - timedelta(days=6))  # fmt: skip
    leads = SourceService(run.service)
    case = leads.accept(AcceptSource(actor=LEADER, source=f"{TOWN}-S-2026-1", opinion="同意立案",
                                     opening=opening)).case_id  # fmt: skip
    run.service.execute(cmd.DispatchCase(actor=LEADER, case=case, officers=(OFFICER, PARTNER)))
    run.service.execute(cmd.RecordEvidence(actor=OFFICER, case=case, kind="现场笔录",
                                           text="价签与实际售价不符，当场改正"))  # fmt: skip
    run.service.execute(cmd.NotifyPenalty(  # below the 一般 range: 从轻 (art. 32), its reason
        actor=OFFICER, case=case, basis="《中华人民共和国价格法》第四十二条", amount=5,
        circumstance="一般", discretion_ground="从轻", discretion_reason="主动消除违法行为危害后果",
    ))  # fmt: skip
    leads.reject(RejectSource(actor=LEADER, source=f"{TOWN}-S-2026-2",
                              reason="经现场核查，建材已清理，不予立案"))  # fmt: skip


def applications_received(run: DemoRun, day: date) -> None:
    for matter, applicant, summary in APPLICATIONS:
        view = ApplicationService(run.service).receive(ReceiveApplication(
            actor=OFFICER, township=TOWN, matter=matter, applicant=applicant, summary=summary))  # fmt: skip
        run.applications.append(str(view["application_id"]))


def _answer(run: DemoRun, n: int, answer: str, **kw: Any) -> Any:
    """Answer the scene's n-th application (numbered among the licence plans' ones)."""
    return ApplicationService(run.service).answer(AnswerApplication(
        actor=OFFICER, application=run.applications[n - 1], answer=answer, **kw))  # fmt: skip


def applications_answered(run: DemoRun, day: date) -> None:
    _answer(run, 1, "correct", materials=("占道平面图", "交通安全措施"))
    _answer(run, 2, "reject", reason="设置大型户外广告不属本机关职权，告知向县城管局申请")


def application_accepted(run: DemoRun, day: date) -> None:
    """A-1 resubmitted and accepted; its case dispatched and paused for an inspection."""
    _answer(run, 1, "resubmitted")
    case = _answer(run, 1, "accept").case_id
    run.service.execute(cmd.DispatchCase(actor=LEADER, case=case, officers=(OFFICER, PARTNER)))
    run.service.execute(cmd.PauseClock(actor=OFFICER, case=case, kind="检验",
                                       reason="占道设施送检，约五个工作日，已书面告知申请人"))  # fmt: skip


def application_resumed(run: DemoRun, day: date) -> None:
    """The inspection is back: the clock resumes; A-3, never answered, counts as accepted."""
    case = ApplicationService(run.service).load(run.applications[0])[1].case_id
    run.service.execute(cmd.ResumeClock(actor=OFFICER, case=case))
    _answer(run, 3, "accept")


SCENES = {f.__name__: f for f in (leads_registered, leads_decided, applications_received,
                                  applications_answered, application_accepted,
                                  application_resumed)}  # fmt: skip
DAYS = [(date(2026, 6, 3), "leads_registered"), (date(2026, 6, 5), "leads_decided"),
        (date(2026, 6, 8), "applications_received"), (date(2026, 6, 9), "applications_answered"),
        (date(2026, 6, 11), "application_accepted"), (date(2026, 6, 22), "application_resumed")]  # fmt: skip


def schedule(today: date) -> list[tuple[datetime, str]]:
    """The scenes at 10:00 of their days, up to `today`."""
    return [(datetime.combine(day, datetime.min.time(), tzinfo=SHANGHAI) + timedelta(hours=10),
             name) for day, name in DAYS if day <= today]  # fmt: skip


def counts(store: Any) -> dict[str, int]:
    """Leads, applications, pauses, discretion grounds and estimate flags, read back."""
    seen: Counter[str] = Counter()
    for r in store.iter_all():
        seen[r.type] += 1
        if r.type in ("PenaltyNotified", "PenaltyDecided") and r.data.get("discretion_ground"):
            seen["discretion_grounds"] += 1
        if r.data.get("on_estimate"):
            seen["on_estimate"] += 1
        if r.type == "ApplicationAccepted" and r.data.get("deemed"):
            seen["deemed_accepted"] += 1
        if r.type == "CaseOpened" and r.data.get("limitation_note"):
            seen["limitation_unchecked"] += 1
    names = {"leads_registered": "SourceRegistered", "leads_opened": "SourceAccepted",
             "leads_rejected": "SourceRejected", "applications_received": "ApplicationReceived",
             "applications_accepted": "ApplicationAccepted",
             "applications_rejected": "ApplicationRejected", "corrections": "CorrectionRequested",
             "clock_pauses": "ClockPaused", "deemed_accepted": "deemed_accepted",
             "discretion_grounds": "discretion_grounds", "on_estimate": "on_estimate",
             "limitation_unchecked": "limitation_unchecked",
             "limitation_warnings": "LimitationWarningIssued",
             "licences_issued": "LicenceIssued"}  # fmt: skip
    return {key: seen[kind] for key, kind in names.items()}

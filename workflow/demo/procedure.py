"""The demo's general-procedure scene (一般程序), in 豆村镇: one case through the outcomes the
drawn plans never take — 当事人信息更正 (处罚法 art 59), 回避 and 更换办案人员 (arts 43, 42),
认定重大案件 (arts 57, 58), 当事人未出席听证 (art 64(八)), 法制审核退回 then 通过 (art 58),
集体讨论 (art 57) and the decision that follows them. `counts` reads every such outcome
back from the store for the summary (the plans' ones included)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from workflow import calendar
from workflow.cases import commands as cmd
from workflow.cases.sanctions import Sanction, SanctionKind
from workflow.clock import SHANGHAI

DemoRun = Any  # the demo's run (workflow.demo.run.DemoRun): its service, directory, clock

TOWN, MATTER, FINE = "doucun", "SC-CF-001", 20000.0  # a fine that carries the right to a hearing
PARTY, OPENED_ON = "李某", date(2026, 7, 1)


def _officers(run: DemoRun, day: date) -> list[str]:
    """The township's members (not the leadership) who may act that day, by id."""
    return [p.id for p in run.directory.team(TOWN)
            if p.role.value not in ("leader", "deputy") and p.certificate_valid_on(day)]  # fmt: skip


def opened(run: DemoRun, day: date) -> None:
    """立案, two officers dispatched, the party's address corrected with a reason; one of them
    is recused on the party's application and the leader puts another in his place."""
    from workflow.demo.plan import demo_id_number

    heads, _ = run._leadership(TOWN)
    first, second, third = _officers(run, day)[:3]
    opened = run.service.execute(cmd.OpenCase(
        actor=first, township=TOWN, matter=MATTER, party=PARTY, summary="未经许可擅自经营（群众反映）",
        party_id_number=demo_id_number(901), party_address="五台县豆村镇",
        violation_date=day - timedelta(days=3),
    ))  # fmt: skip
    case = run.procedure_case = opened.case_id
    run.service.execute(cmd.DispatchCase(actor=heads[0], case=case, officers=(first, second)))
    run.service.execute(cmd.RecordParty(
        actor=first, case=case, name=PARTY, party_kind="个人", id_number=demo_id_number(901),
        address="五台县豆村镇北街12号", reason="立案时地址登记不全，以身份证住址为准",
    ))  # fmt: skip
    run.service.execute(cmd.RecuseOfficer(actor=heads[0], case=case, officer=second,
                                          applicant="party", reason="当事人申请：系当事人表兄"))  # fmt: skip
    run.service.execute(cmd.ReassignCase(actor=heads[0], case=case, officers=(first, third),
                                         reason="回避后补充办案人员"))  # fmt: skip
    run.service.execute(cmd.RecordEvidence(actor=first, case=case, kind="现场笔录",
                                           text="现场检查，当事人无营业执照经营"))  # fmt: skip
    run.service.execute(cmd.NotifyPenalty(
        actor=first, case=case, basis="《无证无照经营查处办法》第十三条",
        sanctions=(Sanction(SanctionKind.FINE, FINE),), circumstance="一般",
    ))  # fmt: skip
    run.service.execute(cmd.RequestHearing(actor=first, case=case))
    _, deputies = run._leadership(TOWN)
    run.service.execute(cmd.ScheduleHearing(
        actor=heads[0], case=case, on=hearing_day(), place="豆村镇执法队听证室", chair=deputies[0],
    ))  # fmt: skip


def hearing_day() -> date:
    return calendar.add_working_days(OPENED_ON, 8)  # 7 working days' notice (arts 64, 85)


def no_show(run: DemoRun, day: date) -> None:
    """The party does not come: the hearing ends as waived; the leader marks the case
    疑难复杂 and 情节复杂; the reviewer sends it back for more investigation."""
    heads, deputies = run._leadership(TOWN)
    case = run.procedure_case
    run.service.execute(cmd.AbandonHearing(actor=deputies[0], case=case,
                                           reason="当事人经书面通知无正当理由未到场"))  # fmt: skip
    run.service.execute(cmd.MarkMajor(actor=heads[0], case=case, grounds=("疑难复杂", "情节复杂"),
                                      reason="经营场所涉及多户，事实认定有争议"))  # fmt: skip
    run.service.execute(cmd.RecordLegalReview(actor=deputies[-1], case=case, result="returned",
                                              opinion="经营期间证据不足，退回补充调查"))  # fmt: skip


def reviewed(run: DemoRun, day: date) -> None:
    """More evidence; the review passes; the leadership discusses; the leader decides."""
    heads, deputies = run._leadership(TOWN)
    case = run.procedure_case
    first = _officers(run, day)[0]
    run.service.execute(cmd.RecordEvidence(actor=first, case=case, kind="询问笔录",
                                           text="询问邻近商户，证实经营已逾三个月"))  # fmt: skip
    run.service.execute(cmd.RecordLegalReview(actor=deputies[-1], case=case, result="passed",
                                              opinion="事实清楚，证据确凿，同意"))  # fmt: skip
    run.service.execute(cmd.HoldDiscussion(
        actor=heads[0], case=case, participants=(*heads, *deputies),
        conclusion="同意罚款二万元", result="penalty",
    ))  # fmt: skip
    run.service.execute(cmd.DecidePenalty(
        actor=heads[0], case=case, basis="《无证无照经营查处办法》第十三条",
        sanctions=(Sanction(SanctionKind.FINE, FINE),),
    ))  # fmt: skip


SCENES = {f"procedure_{f.__name__}": f for f in (opened, no_show, reviewed)}


def schedule(today: date) -> list[tuple[datetime, str]]:
    """The scene's days at 10:00, up to `today`."""
    days = [(OPENED_ON, "procedure_opened"), (hearing_day(), "procedure_no_show"),
            (calendar.add_working_days(hearing_day(), 1), "procedure_reviewed")]  # fmt: skip
    return [(datetime.combine(day, datetime.min.time(), tzinfo=SHANGHAI) + timedelta(hours=10),
             name) for day, name in days if day <= today]  # fmt: skip


def counts(store: Any) -> dict[str, int]:
    """Each outcome of the general procedure's steps, read back from the store."""
    seen: Counter[str] = Counter()
    for r in store.iter_all():
        seen[r.type] += 1
        if r.type == "LegalReviewRecorded":
            seen[f"review_{r.data.get('result')}"] += 1
    names = {"parties_recorded": "PartyRecorded", "recusals": "RecusalDecided",
             "reassignments": "CaseReassigned", "marked_major": "CaseMarkedMajor",
             "hearings_requested": "HearingRequested", "hearings_held": "HearingHeld",
             "hearings_abandoned": "HearingAbandoned", "reviews_passed": "review_passed",
             "reviews_returned": "review_returned",
             "discussions": "CollectiveDiscussionHeld"}  # fmt: skip
    return {key: seen[kind] for key, kind in names.items()}

"""The demo's less common paper (少见的文书与执行情形), so its 案卷 hold every kind of paper:

- 简易程序: on-the-spot decisions (《行政处罚法》第五十一条、第五十二条), twice a month in turn
  through the townships: a 警告 or a small fine, paid on the spot (当场收缴, art 68) or
  served and paid later, and filed with the organ (备案, one of them late);
- service by 电子送达 (after the party's signed consent, art 61) and one 公告送达 after
  direct service and post failed (《民事诉讼法》第九十五条, deemed served 30 days on);
- one 延期/分期缴纳 plan approved by the leader (art 66), paid by its instalments;
- sanctions other than the fine (没收违法所得) recorded as performed, with proof;
- one 行政诉讼: the party sues, pays meanwhile (a suit does not stay execution, art 73),
  and the court rejects the claim (驳回诉讼请求);
- the stage documents of one case in twelve: 立案审批表, 事先告知书, 结案报告 (结案报告 with
  how the decision was executed).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from workflow import calendar
from workflow.cases import commands as cmd
from workflow.cases.sanctions import Sanction, SanctionKind
from workflow.demo.plan import CasePlan, certified, moment
from workflow.documents.kinds import DocumentKind
from workflow.execution import rules
from workflow.execution.events import Method
from workflow.execution.spot import file_spot

Act = Callable[[], None]
COURT = "五台县人民法院"
STAGE_DOCUMENTS = {  # one case in twelve keeps every stage's paper
    "open": DocumentKind.FILING,
    "notify": DocumentKind.NOTICE,
    "close": DocumentKind.CLOSING,
}
GAINS = 600.0  # 没收违法所得 (yuan) in the cases that have it
SPOT_MATTER = "SC-CF-001"
SPOT_FACTS = ("在集市人行道上占道摆摊销售水果", "在镇区主街占道堆放建材", "在村道旁占道经营小吃")


def stage_document(plan: CasePlan, action: str) -> DocumentKind | None:
    """The stage document a full-paper case issues after `action` (None for the others)."""
    if plan.kind != "penalty" or plan.index % 12 != 1:
        return None
    return STAGE_DOCUMENTS.get(action)


def with_other_sanction(plan: CasePlan) -> bool:
    """Whether the plan's decision also confiscates illegal gains (one case in seventeen)."""
    return plan.kind == "penalty" and plan.index % 17 == 4


def sanctions_for(plan: CasePlan, extra: dict[str, Any]) -> None:
    """Turn the step's fine into the fine plus 没收违法所得 for the chosen plans."""
    if not with_other_sanction(plan) or "amount" not in extra:
        return
    fine = float(extra.pop("amount"))
    extra["sanctions"] = (Sanction(SanctionKind.FINE, fine),
                          Sanction(SanctionKind.CONFISCATE_GAINS, GAINS))  # fmt: skip


def proof(*parts: object) -> str:
    """The demo keeps no files: a stand-in digest of what the proof would be."""
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def perform_gains(paper: Any, plan: CasePlan, case: str, on: date) -> Act:
    def act() -> None:
        officer = paper.run._handler(plan, on)
        paper.execution.perform(case, "没收违法所得", on, proof("gains", case, on), officer,
                                note="违法所得已上缴国库")  # fmt: skip

    return act


def serve_electronic(paper: Any, case: str, number: str, on: date, officer: str) -> None:
    """电子送达: the party's signed consent first (art 61), then the service."""
    if not paper.execution.load(case).execution.consent:
        paper.execution.consent(case, "微信（当事人确认的号码）", proof("consent", case), officer)
    paper.execution.serve(case, number, Method.ELECTRONIC, on, officer)


def serve_by_notice(paper: Any, case: str, number: str, on: date, officer: str) -> None:
    """公告送达 after direct service and post failed (民事诉讼法 art 95)."""
    paper.execution.service_failed(case, number, Method.PERSONAL, on, "当事人下落不明，住所无人",
                                   officer)  # fmt: skip
    paper.execution.service_failed(case, number, Method.POST, on, "邮件被退回：查无此人", officer)
    paper.execution.serve(case, number, Method.PUBLIC, None, officer, published_on=on)


def plan_road(paper: Any, plan: CasePlan, case: str, served: date,
              rng: random.Random) -> list[tuple[date, Act]]:  # fmt: skip
    """延期/分期缴纳 (art 66): asked after service, approved, paid in two instalments."""
    asked = served + timedelta(days=4)
    first, second = served + timedelta(days=30), served + timedelta(days=60)
    leader = paper.leader(plan.township)

    def approve() -> None:
        fine = paper.execution.load(case).fine
        half = round(fine / 2, 2)
        paper.execution.approve_plan(case, [(first, half), (second, round(fine - half, 2))],
                                     "当事人经营困难，申请分期缴纳", leader)  # fmt: skip

    def pay(due: date, on: date, last: bool) -> Act:
        def act() -> None:
            x = paper.execution.load(case)
            amount = x.execution.owed(x.fine, on) if last else round(x.fine / 2, 2)
            paper.receipts += 1
            paper.execution.pay(case, amount, f"WTFS{on:%Y%m%d}{paper.receipts:05d}", on,
                                paper.run._handler(plan, on))  # fmt: skip

        return act

    early = [due - timedelta(days=rng.randint(0, 3)) for due in (first, second)]
    return [(asked, approve), (early[0], pay(first, early[0], False)),
            (early[1], pay(second, early[1], True))]  # fmt: skip


def suit_road(paper: Any, plan: CasePlan, case: str, served: date) -> list[tuple[date, Act]]:
    """行政诉讼: filed a month after service, rejected by the court two months later."""
    filed = served + timedelta(days=30)
    ruled = calendar.add_working_days(filed, 45)
    leader = paper.leader(plan.township)

    def sue() -> None:
        paper.execution.seek_remedy(case, "suit", COURT, filed, leader)

    def judge() -> None:
        paper.execution.decide_remedy(case, "suit", "驳回", ruled, leader,
                                      judgment="（2026）晋0922行初5号")  # fmt: skip

    return [(filed, sue), (ruled, judge)]


def spot_days(start: date, today: date, townships: list[str]) -> list[tuple[date, str, int]]:
    """(day, township, k) of the on-the-spot decisions: the 8th and 22nd of each month."""
    out = []
    k = 0
    day = start
    while day <= today:
        if day.day in (8, 22) and calendar.is_working_day(day):
            out.append((day, townships[k % len(townships)], k))
            k += 1
        day += timedelta(days=1)
    return out


def spot_acts(paper: Any, start: date, today: date, seed: int) -> list[tuple[datetime, Act]]:
    """The on-the-spot cases and their follow-ups (served, paid, filed), by business time."""
    townships = sorted(paper.run.directory.townships)
    out: list[tuple[datetime, Act]] = []
    for day, township, k in spot_days(start, today, townships):
        rng = random.Random(f"{seed}-spot-{k}")
        state: dict[str, str] = {}
        out.append((moment(day, rng), _spot(paper, day, township, k, state)))
        filed = calendar.add_working_days(day, 7 if k % 9 == 4 else rng.randint(1, 3))
        out.append((moment(filed, rng), _file(paper, state, filed)))
        if k % 3 == 1:  # not collected: served on the spot, paid at the bank within 15 days
            paid = day + timedelta(days=rng.randint(2, 12))
            out.append((moment(paid, rng), _spot_pay(paper, state, paid, k)))
    return out


def _spot(paper: Any, day: date, township: str, k: int, state: dict[str, str]) -> Act:
    def act() -> None:
        officer = certified(paper.run.directory, township, day, set())[0]
        warning = k % 5 == 3
        fine = 0.0 if warning else (50.0 if k % 3 != 1 else 150.0)
        sanctions = (Sanction(SanctionKind.WARNING),) if warning else (
            Sanction(SanctionKind.FINE, fine),)  # fmt: skip
        collect = not warning and k % 3 != 1  # ≤ 100 yuan: collected on the spot (art 68)
        result = paper.run.service.on_the_spot(cmd.DecideOnTheSpot(
            actor=officer, at=None, command_id=f"demo-spot-{k}", township=township,
            matter=SPOT_MATTER, party=f"摊贩{k + 1:03d}", summary=SPOT_FACTS[k % 3],
            facts=SPOT_FACTS[k % 3], statement="承认违法事实，愿意接受处罚",
            place=f"五台县{township}集市", sanctions=sanctions, collect=collect, circumstance="轻微",
            receipt=f"WTSJ{day:%Y%m%d}{k:03d}" if collect else "",
        ))  # fmt: skip
        case = result.case_id
        state.update(case=case, officer=officer)
        issued, _ = paper.documents.issue(case, DocumentKind.ON_THE_SPOT, officer)
        paper.execution.serve(case, issued.event.number, Method.PERSONAL, day, officer)
        if collect:
            paper.execution.collect_on_the_spot(case, officer)
        paper.run.done["on_the_spot"] += 1

    return act


def _file(paper: Any, state: dict[str, str], on: date) -> Act:
    def act() -> None:
        if state:
            file_spot(paper.execution, state["case"], on, state["officer"])

    return act


def _spot_pay(paper: Any, state: dict[str, str], on: date, k: int) -> Act:
    def act() -> None:
        if not state:
            return
        x = paper.execution.load(state["case"])
        owed = x.execution.owed(x.fine, on)
        if owed > 0:
            paper.execution.pay(state["case"], owed, f"WTFS{on:%Y%m%d}S{k:03d}", on,
                                state["officer"])  # fmt: skip

    return act


def paid_in_time(served: date, rng: random.Random) -> date:
    """A payment day within the 15 days from service (art 67)."""
    return served + timedelta(days=rng.randint(1, rules.PAY_DAYS))

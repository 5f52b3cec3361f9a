"""The demo's paper (文书、送达、执行、复议、公示): what happens after each decision.

`Paper.after(plan, k)` runs right after a plan's step k succeeds. At a decision it issues
the document there and then, and schedules the later acts (service, publication,
payment, …) as follow-ups the simulation runs at their business time; it moves the
plan's closing to after the payment, since a penalty case closes as executed only once
it is paid (the demo's case service has the execution close guard). Most parties pay in
time; a few pay late with the late fee (art 72); the first case decided early enough to
reach the court window is never paid (催告, then the court application, 《行政强制法》
arts 53–54); one published decision is revoked on 复议 and its publication withdrawn
the next working day (art 48). Deterministic for the seed (one RNG per case).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from workflow import calendar
from workflow.clock import SHANGHAI, local_day
from workflow.demo import paper_roads as roads
from workflow.demo.plan import CasePlan, moment
from workflow.documents.kinds import DocumentKind
from workflow.errors import CaseworkError
from workflow.execution import rules
from workflow.execution.closing import issue_closing
from workflow.execution.demand import issue_demand
from workflow.execution.events import Method
from workflow.publicity.service import PublicityService

COURT = "五台县人民法院"
REVIEW_ORGAN = "五台县人民政府"
ISSUED_AT = {  # the document a step's record is the basis of
    "decide": DocumentKind.DECISION,
    "no_penalty": DocumentKind.NO_PENALTY,
    "transfer": DocumentKind.TRANSFER,
    "schedule_hearing": DocumentKind.HEARING_NOTICE,
    "hold_hearing": DocumentKind.HEARING_RECORD,
    "grant": DocumentKind.LICENCE_GRANTED,
    "refuse": DocumentKind.LICENCE_REFUSED,
}
NOT_SERVED = {DocumentKind.TRANSFER, DocumentKind.HEARING_RECORD,  # to an organ, or on file
              DocumentKind.FILING, DocumentKind.CLOSING}  # fmt: skip
Act = Callable[[], None]


class Paper:
    """The paper side of a demo run; `after` is its only entry from the simulation."""

    def __init__(self, run: Any, today: date) -> None:
        self.run = run
        self.today = today
        self.end = datetime.combine(today, time(23, 59), tzinfo=SHANGHAI)
        clock = self._clock
        self.publicity = PublicityService(run.store, lambda: run.directory, clock=clock)
        self.execution = self.publicity.execution
        self.documents = self.execution.documents
        self.acts: list[Act] = []
        self.court_case: str | None = None
        self.review_case: str | None = None
        self.public_case: str | None = None  # 公告送达
        self.plan_case: str | None = None  # 分期缴纳
        self.suit_case: str | None = None  # 行政诉讼
        self.receipts = 0

    def _clock(self) -> datetime:
        return self.run.sim_now

    def act(self, index: int) -> None:
        """Run follow-up `index`; a refusal is counted by its rule, as the run's are."""
        try:
            self.acts[index]()
        except CaseworkError as exc:
            self.run.refused[getattr(exc, "rule", "not-authorised")] += 1

    def after(self, plan: CasePlan, k: int) -> list[tuple[datetime, int]]:
        """The step k of the plan succeeded: issue its document, return the follow-ups."""
        step = plan.steps[k]
        kind = ISSUED_AT.get(step.action) or roads.stage_document(plan, step.action)
        if kind is None or not plan.case_id:
            return []
        rng = random.Random(f"{self.run.seed}-paper-{plan.index}")
        leader = self.leader(plan.township)
        try:
            if kind is DocumentKind.CLOSING:  # states how the decision was executed
                issued, _ = issue_closing(self.execution, plan.case_id, leader)
            else:
                issued, _ = self.documents.issue(plan.case_id, kind, leader)
        except CaseworkError as exc:
            self.run.refused[getattr(exc, "rule", "not-authorised")] += 1
            return []
        day = local_day(step.at)
        number, case = issued.event.number, plan.case_id
        served = calendar.add_working_days(day, _serve_wait(rng, plan.index))
        if kind in NOT_SERVED:
            return []
        if kind is DocumentKind.DECISION:
            return self._schedule(self._decision(plan, case, number, day, served, rng), rng)
        return self._schedule([(served, self._serve(plan, case, number, served, rng))], rng)

    def schedule(self, acts: list[tuple[datetime, Act]]) -> list[tuple[datetime, int]]:
        """Acts of their own (the on-the-spot cases), registered as follow-ups."""
        out = []
        for at, act in acts:
            if at <= self.end:
                self.acts.append(act)
                out.append((at, len(self.acts) - 1))
        return out

    def _schedule(self, todo: list[tuple[date, Act]], rng: random.Random) -> list[tuple[datetime, int]]:
        out = []
        for day, act in todo:
            at = max(moment(day, rng), self._clock() + timedelta(minutes=10))
            if at <= self.end:
                self.acts.append(act)
                out.append((at, len(self.acts) - 1))
        return out

    def _decision(self, plan: CasePlan, case: str, number: str, day: date, served: date,
                  rng: random.Random) -> list[tuple[date, Act]]:  # fmt: skip
        """Service, publication, other sanctions performed, then the payment's road."""
        late_publish = plan.index % 29 == 7
        published = calendar.add_working_days(day, rng.randint(9, 11) if late_publish
                                              else rng.randint(1, 5))  # fmt: skip
        lapse = rules.add_months(served, rules.SUIT_MONTHS) + timedelta(days=1)
        court = self.court_case is None and lapse + timedelta(days=3) <= self.today
        public = (not court and self.public_case is None
                  and served + timedelta(days=120) <= self.today)  # fmt: skip
        todo = [(served, self._serve(plan, case, number, served, rng, public=public))]
        if public:
            self.public_case = case
            served = rules.public_notice_served(served)  # deemed served 30 days on
        todo.append((published, lambda: self._publish(plan, case)))
        if roads.with_other_sanction(plan):
            done = served + timedelta(days=rng.randint(2, 6))
            todo.append((done, roads.perform_gains(self, plan, case, done)))
        if court:
            self.court_case = case
            _drop_close(plan, self.end, None)
            return todo + self._court_road(plan, case, served, lapse)
        return todo + self._payment_road(plan, case, served, published, rng, plain=public)

    def _payment_road(self, plan: CasePlan, case: str, served: date, published: date,
                      rng: random.Random, plain: bool) -> list[tuple[date, Act]]:  # fmt: skip
        """复议 that revokes, or a plan (分期), or paid (late for some; one while suing);
        `plain`: paid, nothing else."""
        if plain:
            pay_day = _pay_day(served, rng, plan.index)
            _drop_close(plan, self.end, calendar.add_working_days(pay_day, rng.randint(1, 4)))
            return [(pay_day, lambda: self._pay(plan, case, pay_day))]
        if self.review_case is None and published + timedelta(days=90) <= self.today:
            self.review_case = case
            _drop_close(plan, self.end, None)
            return self._review_road(plan, case, served)
        if self.plan_case is None and served + timedelta(days=70) <= self.today:
            self.plan_case = case
            road = roads.plan_road(self, plan, case, served, rng)
            _drop_close(plan, self.end, calendar.add_working_days(road[-1][0], 2))
            return road
        pay_day = _pay_day(served, rng, plan.index)
        todo = [(pay_day, lambda: self._pay(plan, case, pay_day))]
        close = calendar.add_working_days(pay_day, rng.randint(1, 4))
        if self.suit_case is None and served + timedelta(days=110) <= self.today:
            self.suit_case = case
            pay_day = roads.paid_in_time(served, rng)
            todo = [(pay_day, lambda: self._pay(plan, case, pay_day))]
            todo += roads.suit_road(self, plan, case, served)
            close = calendar.add_working_days(todo[-1][0], 2)
        _drop_close(plan, self.end, close)
        return todo

    def _court_road(self, plan: CasePlan, case: str, served: date,
                    lapse: date) -> list[tuple[date, Act]]:  # fmt: skip
        """Not paid: a 催告书 served (10 days), then the court, once the remedy periods lapse."""
        demand_day = calendar.add_working_days(served + timedelta(days=rules.PAY_DAYS), 10)
        court_day = lapse
        while not calendar.is_working_day(court_day):
            court_day += timedelta(days=1)
        return [(demand_day, lambda: self._demand(plan, case, demand_day)),
                (court_day, lambda: self._court(plan, case))]  # fmt: skip

    def _review_road(self, plan: CasePlan, case: str, served: date) -> list[tuple[date, Act]]:
        """The party applies for 复议; the county government revokes; the team withdraws."""
        filed = calendar.add_working_days(served, 12)
        ruled = calendar.add_working_days(filed, 40)
        withdrawn = calendar.add_working_days(ruled, 1)
        lead = self.leader(plan.township)
        return [
            (filed, lambda: self._remedy(case, filed, lead)),
            (ruled, lambda: self._ruling(case, ruled, lead)),
            (withdrawn, lambda: self._withdraw(case, lead)),
        ]

    def leader(self, township: str) -> str:
        return str(self.run._leadership(township)[0][0])

    def _serve(self, plan: CasePlan, case: str, number: str, on: date,
               rng: random.Random, public: bool = False) -> Act:  # fmt: skip
        def serve() -> None:
            officer = self.run._handler(plan, on)
            way = rng.random()
            if public:
                roads.serve_by_notice(self, case, number, on, officer)
            elif 0.25 <= way < 0.31:
                roads.serve_electronic(self, case, number, on, officer)
            elif way < 0.15:
                self.execution.serve(case, number, Method.POST, on, officer,
                                     tracking=f"1{plan.index:05d}{on:%m%d}09")  # fmt: skip
            elif way < 0.25:
                self.execution.serve(case, number, Method.LEFT, on, officer,
                                     witnesses=["村委会主任"])  # fmt: skip
            else:
                self.execution.serve(case, number, Method.PERSONAL, on, officer)
            self.run.done["paper_served"] += 1

        return serve

    def _publish(self, plan: CasePlan, case: str) -> None:
        self.publicity.publish(case, self.leader(plan.township))

    def _pay(self, plan: CasePlan, case: str, on: date) -> None:
        officer = self.run._handler(plan, on)
        x = self.execution.load(case)
        owed = x.execution.owed(x.fine, on)
        if owed <= 0:
            return
        self.receipts += 1
        receipt = f"WTFS{on:%Y%m%d}{self.receipts:05d}"  # 非税收入缴款书号 (fictional)
        self.execution.pay(case, owed, receipt, on, officer)

    def _demand(self, plan: CasePlan, case: str, on: date) -> None:
        issued, _ = issue_demand(self.execution, case, self.leader(plan.township))
        officer = self.run._handler(plan, on)
        self.execution.serve(case, issued.event.number, Method.PERSONAL, on, officer)

    def _court(self, plan: CasePlan, case: str) -> None:
        self.execution.apply_court(case, COURT, self.leader(plan.township))

    def _remedy(self, case: str, on: date, leader: str) -> None:
        self.execution.seek_remedy(case, "review", REVIEW_ORGAN, on, leader)

    def _ruling(self, case: str, on: date, leader: str) -> None:
        self.execution.decide_remedy(case, "review", "撤销", on, leader,
                                     judgment="五政复决字〔2026〕第3号")  # fmt: skip

    def _withdraw(self, case: str, leader: str) -> None:
        self.publicity.withdraw(case, "行政复议决定撤销原处罚决定（五政复决字〔2026〕第3号）", leader)


def _serve_wait(rng: random.Random, index: int) -> int:
    """Working days from issue to service: most within 3; one in 23 after the 7 of art 61."""
    return rng.randint(8, 10) if index % 23 == 5 else rng.randint(0, 3)


def _pay_day(served: date, rng: random.Random, index: int) -> date:
    """Most pay within the 15 days (art 67); one in 12 pays 3 to 12 days late (art 72)."""
    if index % 12 == 3:
        return served + timedelta(days=rules.PAY_DAYS + rng.randint(3, 12))
    return served + timedelta(days=rng.randint(1, rules.PAY_DAYS))


def _drop_close(plan: CasePlan, end: datetime, on: date | None) -> None:
    """Move the plan's closing (and its review) to the working day `on`, or drop it (None)."""
    k = next((i for i, s in enumerate(plan.steps) if s.action == "close"), None)
    if k is None:
        return
    if on is None:
        del plan.steps[k:]
        return
    shift = timedelta(days=max(0, (on - local_day(plan.steps[k].at)).days))
    for s in plan.steps[k:]:
        s.at += shift
    plan.steps[:] = [s for s in plan.steps if s.at <= end]

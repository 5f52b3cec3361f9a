"""`casework demo`: a fresh Wutai county and 2 May 2026 → today, run through the real domain.

The plans come from `workflow.demo.plan` (deterministic for a seed). Steps run in
business-time order; before each, the service's clock is set to just after the step's
business time, so the 72-hour backdate rule holds honestly. Recording times are real.
"""

from __future__ import annotations

import heapq
import os
import random
import time
from collections import Counter
from datetime import date, datetime, timedelta
from datetime import time as wall_time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from events import EventStore, open_store
from workflow import calendar
from workflow.cases import commands as cmd
from workflow.cases import discretion
from workflow.cases.service import CaseService
from workflow.clock import SHANGHAI, local_day
from workflow.clock import now as clock_now
from workflow.demo.oversight import POSTED
from workflow.demo.oversight import counts as oversight_counts
from workflow.demo.paper import Paper
from workflow.demo.paper_report import counts as paper_counts
from workflow.demo.paper_roads import sanctions_for, spot_acts
from workflow.demo.plan import CasePlan, Scene, demo_id_number, plan_cases, violation_day
from workflow.demo.report import summarise
from workflow.demo.scenes import REMOVAL, SCENES, scenes
from workflow.errors import CaseworkError, NotAuthorised, RuleViolation
from workflow.execution.closing import guard
from workflow.execution.service import ExecutionService
from workflow.organisation import service as org_service
from workflow.organisation.directory import Directory
from workflow.organisation.snapshot import load_directory
from workflow.origin import stamped
from workflow.settings import Settings

if TYPE_CHECKING:
    from projections.engine import ProjectionEngine

START = date(2026, 5, 6)  # first working day after the 2 May launch (5.1 holiday)
BASIS = "事项清单所列法律条款"  # the documents read "依据{basis}的规定"
COMMANDS: dict[str, type[cmd.CaseCommand]] = {
    "dispatch": cmd.DispatchCase,
    "evidence": cmd.RecordEvidence,
    "notify": cmd.NotifyPenalty,
    "waive": cmd.WaiveDefence,
    "request_hearing": cmd.RequestHearing,
    "schedule_hearing": cmd.ScheduleHearing,
    "hold_hearing": cmd.HoldHearing,
    "discuss": cmd.HoldDiscussion,
    "legal_review": cmd.RecordLegalReview,
    "decide": cmd.DecidePenalty,
    "no_penalty": cmd.DecideNoPenalty,
    "transfer": cmd.TransferCase,
    "withdraw": cmd.WithdrawCase,
    "grant": cmd.GrantLicence,
    "issue_licence": cmd.IssueLicence,
    "refuse": cmd.RefuseLicence,
    "extend": cmd.ExtendDeadline,
    "close": cmd.CloseCase,
    "review": cmd.ReviewCase,
}
DEFAULTS: dict[str, dict[str, Any]] = {
    "notify": {"basis": BASIS},
    "decide": {"basis": BASIS},
    "schedule_hearing": {"place": "乡镇执法队听证室"},
    "hold_hearing": {
        "notes": "听证会已举行",
        "record_file": "听证笔录.pdf",
        "record_sha256": "d" * 64,  # the demo keeps no files: a stand-in digest
    },
    "legal_review": {"opinion": "事实清楚，证据确凿，程序合法", "result": "passed"},
    "discuss": {"conclusion": "同意给予行政处罚", "result": "penalty"},
}
HANDLERS = {"evidence", "notify", "waive", "request_hearing", "issue_licence"}


def fresh_store(url: str, *, replace: bool = False) -> EventStore:
    """Open an empty store. An event log is never deleted unless asked (`replace`, SQLite
    files only): a mistyped CASEWORK_DATABASE_URL must not wipe a county's log."""
    if replace and url.startswith("sqlite:///") and ":memory:" not in url:
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = open_store(url)
    if store.head() > 0:
        store.close()
        raise CaseworkError(
            "演示需要一个空数据库（SQLite 文件可用 --replace 删除后重建）",
            f"the demo needs an empty database: {url} holds events "
            "(use --replace to delete a SQLite file first)",
        )
    return store


def _violation(plan: CasePlan, day: date) -> dict[str, Any]:
    """The violation date; for one penalty case in 60 it is unknown (举报人记不清): the
    limitation (art. 36) stays unchecked and the sweep warns once."""
    if plan.kind == "penalty" and plan.index % 60 == 17:
        return {"violation_unknown": "群众举报，违法行为发生时间待查"}
    return {"violation_date": violation_day(plan.kind, day)}


class DemoRun:
    """Runs plans and org scenes through the services with a simulated clock."""

    def __init__(self, store: EventStore, seed: int, *, sweeps: bool = True) -> None:
        self.store = store
        self.sweeps = sweeps  # the daily deadline sweep as the scheduler would run it
        self.seed = seed
        self.sim_now = clock_now()
        self.directory: Directory = load_directory(store)
        execution = ExecutionService(store, lambda: self.directory, clock=lambda: self.sim_now)
        self.service = CaseService(store, lambda: self.directory, clock=lambda: self.sim_now,
                                   close_guard=guard(execution))  # executed only when paid
        self.paper = Paper(self, local_day(self.sim_now))  # run_demo sets the last day
        self.done: Counter[str] = Counter()
        self.applications: list[str] = []  # the front scenes' applications (fronts.py)
        self.procedure_case = ""  # the general-procedure scene's case (procedure.py)
        self.refused: Counter[str] = Counter()
        self.engine: ProjectionEngine | None = None  # for the daily sweep, built on first use
        self.swept = START - timedelta(days=1)

    def run(self, plans: list[CasePlan], scenes: list[tuple[datetime, str]]) -> None:
        queue: list[tuple[datetime, int, int, int]] = []
        for k, (at, _) in enumerate(scenes):
            heapq.heappush(queue, (at, k, -1, k))
        for plan in plans:
            heapq.heappush(queue, (plan.steps[0].at, len(scenes) + plan.index, plan.index, 0))
        order = len(scenes) + len(plans)
        for at, act in self.paper.schedule(spot_acts(self.paper, START, self.paper.today, self.seed)):
            order += 1  # 简易程序: on-the-spot decisions, their service, payment and 备案
            heapq.heappush(queue, (at, order, -2, act))
        while queue:
            at, _, index, step = heapq.heappop(queue)
            self.sweep_until(local_day(at))
            self.sim_now = at + timedelta(minutes=2)
            if index < 0:
                self._scene(scenes[step][1], at) if index == -1 else self.paper.act(step)
                continue
            plan = plans[index]
            if not self._step(plan, step):
                continue
            for later, act in self.paper.after(plan, step):  # documents, service, payment …
                order += 1
                heapq.heappush(queue, (later, order, -2, act))
            if step + 1 < len(plan.steps):
                order += 1
                heapq.heappush(queue, (plan.steps[step + 1].at, order, index, step + 1))

    def sweep_until(self, day: date) -> None:
        """The daily deadline sweep (期限巡查), at 07:00 of every simulated day up to `day`,
        as the scheduled job would have run it: warnings and overdue notices, each once."""
        from projections.engine import ProjectionEngine
        from projections.registry import all_projections
        from workflow.reports.notices import sweep_deadlines

        if not self.sweeps:
            return
        if self.engine is None:
            self.engine = ProjectionEngine(self.store, all_projections())
        while self.swept < day:
            self.swept += timedelta(days=1)
            self.sim_now = datetime.combine(self.swept, wall_time(7), tzinfo=SHANGHAI)
            report = sweep_deadlines(self.store, self.engine, self.swept)
            self.done["deadline_warnings"] += report.warnings
            self.done["overdue_notices"] += report.overdue

    def _step(self, plan: CasePlan, k: int) -> bool:
        step = plan.steps[k]
        command = self._command(plan, k)
        try:
            if step.action == "open" and plan.kind == "licensing":
                result = self._apply_and_accept(plan, command)  # type: ignore[arg-type]
            else:
                result = self.service.execute(command)
        except (RuleViolation, NotAuthorised) as exc:
            self.refused[getattr(exc, "rule", "not-authorised")] += 1
            return step.action == "request_hearing"  # a late request is refused; the case goes on
        if step.action == "open":
            plan.case_id = result.case_id
        self.done[step.action] += 1
        return True

    def _command(self, plan: CasePlan, k: int) -> cmd.Command:
        step = plan.steps[k]
        base: dict[str, Any] = {"at": step.at, "command_id": f"demo-{self.seed}-{plan.index}-{k}"}
        if step.action == "open":
            return cmd.OpenCase(
                actor=plan.opener,
                township=plan.township,
                matter=plan.matter,
                party=plan.party,
                summary=f"{plan.party}涉嫌违法（{plan.matter}）",
                party_id_number=demo_id_number(plan.index),
                party_address=f"五台县{self.directory.township(plan.township).name}",
                **_violation(plan, local_day(step.at)),
                **base,
            )
        base.update(
            case=plan.case_id or "", actor=self._actor(plan, step.action, local_day(step.at))
        )
        extra = {**DEFAULTS.get(step.action, {}), **step.params}
        if step.action == "dispatch":
            extra["officers"] = plan.officers
        if step.action == "issue_licence":  # 许可证件编号
            extra["document_number"] = f"五台县{plan.township}许〔2026〕{plan.index + 1}号"
        if step.action in ("notify", "decide") and "amount" in extra:  # 裁量基准 (art. 34)
            extra.update(discretion.demo_fields(plan.matter, float(extra["amount"])))
            sanctions_for(plan, extra)  # a few decisions also confiscate illegal gains
        if step.action == "schedule_hearing":
            extra["on"] = calendar.add_working_days(local_day(step.at), 8)
            extra["chair"] = self._leadership(plan.township)[1][0]
        if step.action == "discuss":
            heads, deputies = self._leadership(plan.township)
            extra["participants"] = (*heads, *deputies)
        built: cmd.Command = COMMANDS[step.action](**base, **extra)
        return built

    def _apply_and_accept(self, plan: CasePlan, opening: cmd.OpenCase) -> Any:
        """A licensing case opens only by 受理 of an application (许可法 arts 29, 32): the
        applicant's materials are received at the window and accepted the same day."""
        from workflow.cases.application_service import (
            AnswerApplication,
            ApplicationService,
            ReceiveApplication,
        )

        apps = ApplicationService(self.service)
        cid = opening.command_id or ""
        view = apps.receive(ReceiveApplication(
            actor=plan.opener, at=opening.at, command_id=f"{cid}-received",
            township=plan.township, matter=plan.matter, applicant=plan.party,
            summary=f"{plan.party}申请（{plan.matter}）",
        ))  # fmt: skip
        return apps.answer(AnswerApplication(
            actor=plan.opener, at=opening.at, command_id=cid,
            application=str(view["application_id"]), answer="accept", opening=opening,
        ))  # fmt: skip

    def _actor(self, plan: CasePlan, action: str, day: date) -> str:
        dispatched = any(s.action == "dispatch" for s in plan.steps)
        if action in HANDLERS or (action == "close" and dispatched):
            return self._handler(plan, day)
        if action == "review":
            return ["sv-001", "sv-002", "sv-003"][plan.index % 3]
        heads, deputies = self._leadership(plan.township)
        if action == "hold_hearing":
            return deputies[0]  # the chair: never an investigator (officers investigate)
        if action in ("extend", "discuss", "schedule_hearing") or not deputies:
            return heads[0]
        if action == "legal_review":
            return deputies[-1]  # the designated 法制审核人员
        return deputies[0] if plan.index % 2 else heads[0]

    def _leadership(self, township: str) -> tuple[list[str], list[str]]:
        leaders = self.directory.leaders(township)
        heads = [p.id for p in leaders if p.role.value == "leader"]
        deputies = [p.id for p in leaders if p.role.value == "deputy"]
        return heads, deputies

    def designate_duties(self) -> None:
        """Each leader names the last deputy 法制审核人员 and authorises the first to decide."""
        for township in sorted({p.township for p in self.directory.people.values() if p.township}):
            heads, deputies = self._leadership(township)
            if not heads or not deputies:
                continue
            for person, duty in ((deputies[-1], "legal_reviewer"), (deputies[0], "decider")):
                self.service.designate(
                    cmd.DesignateDuty(
                        actor=heads[0], township=township, person=person, duty=duty, at=None
                    )
                )

    def _handler(self, plan: CasePlan, day: date) -> str:
        for officer_id in plan.officers:
            person = self.directory.person(officer_id)
            if person and not person.removed and person.certificate_valid_on(day):
                return officer_id
        return plan.officers[0]

    def _scene(self, name: str, at: datetime) -> None:
        """Org actions at their business day, with the clock set for the org service."""
        saved = os.environ.get("CASEWORK_NOW")
        os.environ["CASEWORK_NOW"] = self.sim_now.isoformat()
        try:
            SCENES[name](self, local_day(at))
            self.done[name] += 1
        except CaseworkError as exc:
            self.refused[getattr(exc, "rule", "not-authorised")] += 1
        finally:
            if saved is None:
                os.environ.pop("CASEWORK_NOW", None)
            else:
                os.environ["CASEWORK_NOW"] = saved
            self.directory = load_directory(self.store)


def run_demo(
    settings: Settings,
    *,
    seed: int = 2026,
    cases: int = 320,
    replace: bool = False,
    until: date | None = None,
    sweeps: bool = True,
) -> dict[str, Any]:
    """Build the demo database and return its summary (simulated to `until`, else today).
    `sweeps=False` leaves out the daily deadline sweeps (for tests of the sweep itself)."""
    started = time.monotonic()
    check_until(until, local_day(clock_now()))  # before the database is touched
    store = fresh_store(settings.database_url, replace=replace)
    recorded = [datetime.combine(START, datetime.min.time(), tzinfo=SHANGHAI)]
    store.clock = lambda: recorded[0]  # a simulation: events are recorded as the story unfolds
    demo = stamped(store, "demo")  # every simulated event says so (channel, workflow/origin.py)
    try:
        org_service.init_county(demo)
        today = until or local_day(clock_now())
        run = DemoRun(demo, seed, sweeps=sweeps)
        run.paper = Paper(run, today)
        store.clock = lambda: run.sim_now
        run.sim_now = datetime.combine(START, datetime.min.time(), tzinfo=SHANGHAI)
        run.designate_duties()
        scene = Scene(run.directory, START, today, REMOVAL[0], REMOVAL[1], POSTED)
        plans = plan_cases(scene, random.Random(seed), cases)
        run.run(plans, [s for s in scenes(today) if s[0].date() <= today])
        run.sweep_until(today)
        catch_up_read_models(store, settings)
        summary = summarise(
            run.service,
            plans,
            run.done,
            run.refused,
            today,
            seed=seed,
            seconds=time.monotonic() - started,
            url=settings.database_url,
        )
        from workflow.demo.fronts import counts as fronts_counts
        from workflow.demo.procedure import counts as procedure_counts

        return {
            **summary,
            "oversight": oversight_counts(store),
            "fronts": fronts_counts(store),
            "procedure": procedure_counts(store),
            "paper": paper_counts(store),
        }
    finally:
        store.close()


def check_until(until: date | None, today: date) -> None:
    """`--until` lies within what can be simulated: at least a month after the launch (the
    cases need working days to open in) and not after today (the daily sweep issues each
    day's notices once, so a future day is refused; CASEWORK_NOW moves "today")."""
    if until is None:
        return
    first = START + timedelta(days=30)
    if until < first:
        raise ValueError(f"--until {until} 早于 {first}（演示从 {START} 开始，至少模拟一个月）"
                         f" / --until must be {first} or later (the demo starts on {START})")
    if until > today:
        raise ValueError(f"--until {until} 晚于今天 {today}：演示不记录未来的日子，可设 "
                         f"CASEWORK_NOW={until}T12:00+08:00 / --until is after today {today}: "
                         f"set CASEWORK_NOW={until}T12:00+08:00 to simulate to that day")


def catch_up_read_models(store: EventStore, settings: Settings) -> None:
    """Leave every read model current (activity included): `status` shows no lag."""
    from projections.engine import ProjectionEngine
    from projections.registry import all_projections

    engine = ProjectionEngine(store, all_projections(), batch=settings.projection_batch)
    deadline = time.monotonic() + 30  # a transaction elsewhere on a PostgreSQL server may
    engine.catch_up_all()  # hold readers back a moment: wait for the demo's own last event
    while store.head() < store.status().last_position and time.monotonic() < deadline:
        time.sleep(0.1)
        engine.catch_up_all()

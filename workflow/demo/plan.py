"""The demo's script (演示剧本): which cases happen when, through which path.

Pure and deterministic for a seed: `plan_cases(directory, rng, start, end, n)` returns
one `CasePlan` per enforcement action, each a list of business-time steps. Nothing
here touches the store; `workflow.demo.run` runs the steps in time order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from workflow import calendar
from workflow.clock import SHANGHAI

PENALTY_PATHS = [
    ("waive", 30),
    ("defence", 25),
    ("hearing", 12),
    ("major", 8),
    ("dropped", 8),
    ("extended", 6),
    ("stalled", 5),
    ("late_hearing", 3),
    ("no_penalty", 4),
    ("transfer", 2),
    ("withdraw", 2),
]
OTHER_OUTCOMES: dict[str, tuple[str, dict[str, str], str]] = {  # art. 57: not a penalty
    "no_penalty": (
        "no_penalty",
        {"ground": "minor_corrected", "reason": "违法行为轻微并已当场改正"},
        "no_penalty",
    ),
    "transfer": (
        "transfer",
        {"organ": "五台县公安局", "reason": "涉嫌犯罪，依法移送"},
        "transferred",
    ),
    "withdraw": ("withdraw", {"reason": "经复核，当事人不属于本机关管辖"}, "withdrawn"),
}
LICENCE_PATHS = [
    ("grant", 55),
    ("refuse", 20),
    ("licence_extended", 12),
    ("licence_stalled", 8),
    ("licence_dropped", 5),
]
EVIDENCE = [
    ("现场笔录", "现场检查，当事人在场"),
    ("照片", "现场照片 6 张"),
    ("询问笔录", "询问当事人"),
    ("书证", "营业执照复印件"),
    ("视听资料", "执法记录仪视频"),
]


@dataclass
class Step:
    """One command of a plan at its business time (UTC)."""

    at: datetime
    action: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class CasePlan:
    """One enforcement action: township, matter, opener, officers and its steps."""

    index: int
    township: str
    matter: str
    kind: str
    path: str
    opener: str
    officers: tuple[str, ...]
    party: str
    steps: list[Step]
    case_id: str | None = None


def violation_day(kind: str, opened: date) -> date | None:
    """The demo's violation date (art. 36 requires one at 立案): a few days before opening."""
    return opened - timedelta(days=VIOLATION_DAYS_BEFORE) if kind == "penalty" else None


VIOLATION_DAYS_BEFORE = 4


def moment(day: date, rng: random.Random) -> datetime:
    """A business moment on a working day, 08:30–17:00 Asia/Shanghai, in UTC."""
    minutes = rng.randrange(8 * 60 + 30, 17 * 60)
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=SHANGHAI).astimezone(UTC)


def demo_id_number(index: int) -> str:
    """A fictional 身份证号码 with a valid GB 11643 check character (五台县 area code)."""
    from workflow.cases.party import resident_id_check

    first = f"140922{1960 + index % 40}{1 + index % 12:02d}{1 + index % 28:02d}{index % 1000:03d}"
    return first + resident_id_check(first)


def working_days(start: date, end: date) -> list[date]:
    days = []
    current = start
    while current <= end:
        if calendar.is_working_day(current):
            days.append(current)
        current += timedelta(days=1)
    return days


def certified(directory: Any, township: str, day: date, exclude: set[str]) -> list[str]:
    """Officers of the township's team with a valid certificate on the day."""
    return [
        p.id
        for p in directory.team(township)
        if p.role.value == "officer" and p.id not in exclude and p.certificate_valid_on(day)
    ]


def later(day: date, rng: random.Random, low: int, high: int) -> date:
    return calendar.add_working_days(day, rng.randint(low, high))


class Timeline:
    """Builds a plan's steps, each strictly after the previous one."""

    def __init__(self, rng: random.Random, day: date) -> None:
        self.rng = rng
        self.day = day
        self.last = moment(day, rng)
        self.steps: list[Step] = [Step(self.last, "open")]

    def add(self, action: str, wait: tuple[int, int] = (0, 0), **params: Any) -> None:
        """The next step `wait` working days later (0: later the same day)."""
        if wait == (0, 0):
            at = self.last + timedelta(minutes=self.rng.randint(10, 60))
        else:
            self.day = later(self.day, self.rng, *wait)
            at = max(moment(self.day, self.rng), self.last + timedelta(minutes=5))
        self._push(at, action, params)

    def on(self, day: date, action: str, **params: Any) -> None:
        """The next step on a given day (moved to the next working day if needed)."""
        while not calendar.is_working_day(day):
            day += timedelta(days=1)
        self.day = max(day, self.day)
        self._push(
            max(moment(self.day, self.rng), self.last + timedelta(minutes=5)), action, params
        )

    def _push(self, at: datetime, action: str, params: dict[str, Any]) -> None:
        self.last = at
        self.day = at.astimezone(SHANGHAI).date()
        self.steps.append(Step(at, action, params))


def fine(rng: random.Random, low: int, high: int) -> float:
    return float(rng.randrange(low // 100, high // 100 + 1) * 100)


def penalty_steps(t: Timeline, path: str, rng: random.Random, eligible: bool, opened: date) -> None:
    """The steps of a penalty case after opening."""
    if path == "dropped":
        t.add("close", (0, 3), outcome="dropped", reason="经核查不构成违法，不予立案")
        return
    t.add("dispatch", (0, 1))
    t.add("evidence", (1, 4), **_evidence(rng))
    if rng.random() < 0.5:
        t.add("evidence", (0, 2), **_evidence(rng))
    if path == "stalled":
        return
    if path in OTHER_OUTCOMES:
        action, params, outcome = OTHER_OUTCOMES[path]
        t.add(action, (2, 6), **params)
        t.add("close", (1, 5), outcome=outcome)
        return
    big = path in ("hearing", "late_hearing") and eligible
    amount = fine(rng, 10_000, 40_000) if big else fine(rng, 200, 8_000)
    if path == "major":
        amount = fine(rng, 50_000, 120_000)
    if path == "extended":
        t.on(opened + timedelta(days=rng.randint(40, 60)), "notify", amount=amount)
    else:
        t.add("notify", (2, 8), amount=amount)
    _after_notice(t, path, rng, amount, eligible, opened)


def _after_notice(
    t: Timeline, path: str, rng: random.Random, amount: float, eligible: bool, opened: date
) -> None:
    if path == "hearing" and eligible:
        t.add("request_hearing", (1, 4))
        t.add("schedule_hearing", (0, 2))
        t.add("hold_hearing", (16, 20))  # 8 working days' notice, then held (art. 64)
        t.add("legal_review", (1, 3))
    elif path == "late_hearing" and eligible:
        t.add("request_hearing", (7, 9))  # refused: past 5 working days (art. 64)
    elif path == "extended":
        t.add("waive", (0, 1))
        t.on(
            opened + timedelta(days=rng.randint(80, 88)),
            "extend",
            days=30,
            reason="案情复杂，需补充调查",
        )
        t.on(opened + timedelta(days=rng.randint(92, 100)), "decide", amount=amount)
        t.add("close", (3, 10), outcome="executed")
        return
    elif path == "waive":
        t.add("waive", (0, 1))
    if path == "major":
        t.add("legal_review", (6, 7))
        t.add("discuss", (0, 1))
    decided = amount if rng.random() < 0.8 else max(0.0, amount - fine(rng, 100, int(amount) // 2))
    wait = (1, 3) if path in ("hearing", "waive", "major") else (6, 8)
    t.add("decide", wait, amount=decided)
    t.add("close", (3, 10), outcome="executed")


def licence_steps(t: Timeline, path: str, rng: random.Random, opened: date) -> None:
    """The steps of a licensing case after acceptance (受理)."""
    if path == "licence_dropped":
        t.add("close", (0, 5), outcome="dropped", reason="申请人撤回申请")
        return
    t.add("dispatch", (0, 1))
    t.add("evidence", (1, 3), kind="申请材料", text="申请材料齐全，已审查")
    if path == "licence_stalled":
        return
    if path == "licence_extended":
        t.on(
            calendar.add_working_days(opened, rng.randint(16, 19)),
            "extend",
            days=10,
            reason="需现场核查",
        )
        t.on(calendar.add_working_days(opened, rng.randint(22, 28)), "grant")
        _issue(t, rng)
    elif path == "refuse":
        t.add("refuse", (3, 12), reason="申请材料不符合法定条件")
        t.add("close", (1, 5), outcome="refusal_served")
    else:
        t.add("grant", (3, 12))
        _issue(t, rng)


def _issue(t: Timeline, rng: random.Random) -> None:
    """许可证件 issued within 10 working days of 准予 (许可法 art. 44); one in ten later,
    with the reason; then the case closes."""
    if rng.random() < 0.9:
        t.add("issue_licence", (1, 6))
    else:
        t.add("issue_licence", (17, 21), delay_reason="申请人外出未能领取，电话联系后补送")
    t.add("close", (0, 3), outcome="licence_issued")


def _evidence(rng: random.Random) -> dict[str, Any]:
    kind, text = rng.choice(EVIDENCE)
    return {"kind": kind, "text": text}


VERDICTS = [("qualified", 70), ("defective", 22), ("erroneous", 8)]
FINDINGS = {
    "qualified": "案卷材料齐全，程序合法",
    "defective": "送达回证缺少签名，文书有瑕疵",
    "erroneous": "适用法律依据错误，责令纠正",
}


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([w[0] for w in weighted], [w[1] for w in weighted])[0]


@dataclass(frozen=True)
class Scene:
    """What the plans are drawn from: the directory, the days, the officer to be removed."""

    directory: Any
    start: date
    end: date
    removed: str
    removal_day: date
    away: tuple[str, date, date] | None = None  # posted away (调离) from .. restored on

    def stand_in(self, officers: tuple[str, ...], team: list[str], day: date) -> tuple[str, ...]:
        """The officers drawn, with one posted away by the time the case is dispatched (a
        month's margin) until restored replaced by the first free member: no draw of the
        random stream, so every other plan stays as it was."""
        if not self.away or not self.away[1] - timedelta(days=30) <= day < self.away[2]:
            return officers
        free = [o for o in team if o not in officers and o != self.away[0]]
        return tuple(free[0] if o == self.away[0] and free else o for o in officers)


def plan_cases(scene: Scene, rng: random.Random, n: int) -> list[CasePlan]:
    """`n` enforcement actions between scene.start and scene.end, in opening order."""
    items = list(scene.directory.catalogues[-1].items.values())
    townships = sorted(scene.directory.townships)
    plans = [_plan(scene, rng, i, items, townships) for i in range(n)]
    plans.sort(key=lambda p: p.steps[0].at)
    for index, plan in enumerate(plans):
        plan.index = index
    return plans


def _plan(
    scene: Scene, rng: random.Random, i: int, items: list[Any], townships: list[str]
) -> CasePlan:
    penalty = rng.random() < 0.75
    path = pick(rng, PENALTY_PATHS if penalty else LICENCE_PATHS)
    early = path in ("extended", "stalled", "licence_stalled")
    last = scene.end - timedelta(days=120 if early else 3)
    # a short simulation (--until soon after the start) leaves no room for an early path's
    # four months: it opens in the whole window instead (same draw, so longer runs are unchanged)
    day = rng.choice(working_days(scene.start, last) or working_days(scene.start, scene.end))
    kind = "penalty" if penalty else "licensing"
    pool = [m for m in items if m.kind.value == kind]
    if path in ("hearing", "late_hearing"):
        pool = [m for m in pool if m.hearing_eligible] or pool
    matter = rng.choice(pool)
    township = rng.choice(townships)
    exclude = {scene.removed} if day >= scene.removal_day else set()
    team = certified(scene.directory, township, day, exclude)
    officers = scene.stand_in(tuple(rng.sample(team, 2)), team, day)
    t = Timeline(rng, day)
    if penalty:
        penalty_steps(t, path, rng, bool(matter.hearing_eligible), day)
    else:
        licence_steps(t, path, rng, day)
    if t.steps[-1].action == "close" and rng.random() < 0.35:
        verdict = pick(rng, VERDICTS)
        t.add("review", (5, 30), verdict=verdict, findings=FINDINGS[verdict])
    end = datetime.combine(scene.end, time(23, 59), tzinfo=SHANGHAI)
    steps = [s for s in t.steps if s.at <= end]
    return CasePlan(
        i, township, matter.code, kind, path, officers[0], officers, f"当事人{i + 1:03d}", steps
    )

"""The demo's summary (演示汇总): what happened, read back from the store."""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import date
from typing import Any

from workflow.cases.case import Case
from workflow.cases.service import CaseService
from workflow.cases.view import active_deadlines
from workflow.demo.paper_report import paper_lines
from workflow.demo.plan import CasePlan


def overdue(case: Case, today: date) -> bool:
    """An open deadline passed today."""
    return any(
        today > case.deadlines[name].due
        for name in active_deadlines(case)
        if name in case.deadlines and name != "fine_payment"
    )


# Decisions other than a penalty (处罚法 57): counted whether the case is closed yet or not.
DECISIONS = {"no_penalty_decided": "no_penalty", "transferred": "transferred",
             "withdrawn": "withdrawn"}  # fmt: skip


def decided(cases: list[Case], value: str) -> int:
    """Cases in that decision state, or closed with that outcome."""
    return sum(1 for c in cases if value in (c.state.value if c.state else None, c.outcome))


def case_counts(cases: list[Case], today: date) -> dict[str, Any]:
    """What the cases' own events say: kinds, states, paths taken, verdicts, townships."""
    return {
        **{key: decided(cases, value) for key, value in DECISIONS.items()},
        "enforcement_actions": len(cases),
        "penalty_cases": sum(1 for c in cases if c.kind.value == "penalty"),
        "licensing_cases": sum(1 for c in cases if c.kind.value == "licensing"),
        "states": dict(sorted(Counter(c.state.value for c in cases if c.state).items())),
        "hearings_held": sum(1 for c in cases if c.hearing_held),
        "legal_reviews": sum(1 for c in cases if c.legal_reviewed),
        "defence_waived": sum(1 for c in cases if c.defence_waived),
        "extensions": sum(c.extensions for c in cases),
        "dropped": sum(1 for c in cases if c.outcome == "dropped"),
        "outcomes": dict(sorted(Counter(c.outcome for c in cases if c.outcome).items())),
        "overdue_open": sum(1 for c in cases if c.is_open and overdue(c, today)),
        "fines_decided_yuan": sum(c.decided_amount or 0 for c in cases),
        "reviews": dict(sorted(Counter(c.verdict for c in cases if c.verdict).items())),
        "by_township": dict(Counter(c.township_name for c in cases).most_common()),
    }


def summarise(
    service: CaseService,
    plans: list[CasePlan],
    done: Counter[str],
    refused: Counter[str],
    today: date,
    *,
    seed: int,
    seconds: float,
    url: str,
) -> dict[str, Any]:
    """The demo's summary: the cases read back from the store, plus what the run did."""
    cases = [service.load(p.case_id) for p in plans if p.case_id]
    return {
        "seed": seed,
        "database": url,
        "period": f"2026-05-02 → {today.isoformat()}",
        **case_counts(cases, today),
        "licences_granted": done["grant"],
        "licences_refused": done["refuse"],
        "commands_recorded": sum(done.values()),
        "commands_refused": dict(sorted(refused.items())),
        "events_in_store": service.store.head(),
        "officer_removed": done["officer_removed"],
        "personnel_actions": done["personnel_action"],
        "seconds": round(seconds, 1),
    }


LABELS = [
    ("enforcement_actions", "执法行动（案件） enforcement actions"),
    ("penalty_cases", "  行政处罚 penalty"),
    ("licensing_cases", "  行政许可 licensing"),
    ("hearings_held", "听证 hearings held"),
    ("legal_reviews", "法制审核 legal reviews"),
    ("defence_waived", "放弃陈述申辩 defence waived"),
    ("extensions", "延期 extensions"),
    ("licences_granted", "准予许可 licences granted"),
    ("licences_refused", "不予许可 licences refused"),
    ("no_penalty_decided", "不予处罚 no penalty decided"),
    ("transferred", "移送司法机关 transferred"),
    ("withdrawn", "撤销立案 cases withdrawn"),
    ("dropped", "撤案 dropped"),
    ("overdue_open", "超期未结 overdue, still open"),
    ("fines_decided_yuan", "罚款决定 fines decided (yuan)"),
    ("officer_removed", "清退 officers removed"),
    ("personnel_actions", "人事事项 personnel actions"),
    ("commands_recorded", "记录的命令 commands recorded"),
    ("events_in_store", "事件总数 events in store"),
    ("seconds", "用时 seconds"),
]


def width_of(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - width_of(text))


def number(value: Any) -> str:
    return f"{value:,.0f}" if isinstance(value, float) and value >= 1000 else str(value)


def render_summary(summary: dict[str, Any]) -> str:
    """The summary as a two-column table (Chinese / English labels, right-aligned figures)."""
    lines = [f"casework demo · 五台县 wutai · {summary['period']} · seed {summary['seed']}", ""]
    width = max(width_of(label) for _, label in LABELS) + 2
    lines += [f"{pad(label, width)}{number(summary[key]):>12}" for key, label in LABELS]
    lines.append(f"{pad('（原文：5月2日以来开展执法319次 / seed article: 319 actions）', width)}")
    for key, title in (
        ("states", "案件状态 states"),
        ("outcomes", "结案方式 outcomes"),
        ("reviews", "评查结论 review verdicts"),
        ("commands_refused", "被拒绝的命令 refused (by rule)"),
        ("by_township", "各乡镇 by township"),
    ):
        lines += ["", title]
        lines += [
            f"  {pad(str(name), width - 2)}{count:>12}" for name, count in summary[key].items()
        ]
    fronts = summary.get("fronts") or {}  # leads, applications, discretion (issue 9)
    lines += ["", "案件来源、许可受理与裁量 leads, applications, discretion"] if fronts else []
    lines += [f"  {pad(name, width - 2)}{count:>12}" for name, count in fronts.items()]
    procedure = summary.get("procedure") or {}  # each step's outcomes (issue 9)
    lines += ["", "一般程序 the general procedure"] if procedure else []
    lines += [f"  {pad(PROCEDURE.get(name, name), width - 2)}{count:>12}"
              for name, count in procedure.items()]  # fmt: skip
    paper = paper_lines(summary.get("paper"), width, pad)
    return "\n".join(lines + paper + oversight_lines(summary.get("oversight"), width))


PROCEDURE = {"parties_recorded": "更正当事人 parties recorded", "recusals": "回避 recusals",
             "reassignments": "更换办案人员 reassignments", "marked_major": "重大案件 marked major",
             "hearings_requested": "申请听证 hearings requested",
             "hearings_held": "举行听证 hearings held",
             "hearings_abandoned": "未出席听证 hearing no-shows",
             "reviews_passed": "法制审核通过 reviews passed",
             "reviews_returned": "法制审核退回 reviews returned",
             "discussions": "集体讨论 collective discussions"}  # fmt: skip


OVERSIGHT = (("inspections", "监督检查 inspections"), ("rectifications", "责令整改 rectifications"),
             ("inquiries", "责任追究 inquiries"), ("inquiries_decided", "已决定 decided"),
             ("postings", "调离执法岗位 posted away"), ("reinstatements", "恢复执法岗位 reinstated"),
             ("duty_reports", "述职 duty reports"), ("evaluations", "评议 evaluations"))  # fmt: skip


def oversight_lines(figures: dict[str, Any] | None, width: int) -> list[str]:
    """监督问责: inspections, inquiries, duty evaluations, and the year's grades if issued."""
    if not figures:
        return []
    lines = ["", "监督问责 oversight"]
    lines += [f"  {pad(label, width - 2)}{figures[key]:>12}" for key, label in OVERSIGHT]
    lines += [f"  {pad('年度考核 ' + grade, width - 2)}{n:>12}" for grade, n in figures["grades"].items()]
    return lines

"""The circular's counting rules on hand-made ledger rows (no database)."""

from __future__ import annotations

from datetime import date
from typing import Any

from workflow.reports.circular.charts import bar_chart
from workflow.reports.circular.counts import (
    Life,
    Period,
    lives,
    opened_by_month,
    overdue_cases,
    totals,
    township_lines,
)

D = date


def act(stream: str, kind: str, day: date, **extra: Any) -> dict[str, Any]:
    base = {"stream_id": stream, "type": kind, "day": day, "backdated": False, "amount": None,
            "outcome": None, "verdict": None, "findings": None, "due": None}  # fmt: skip
    return {**base, **extra}


CASES = {
    "a": {"number": "A1", "township": "tc", "township_name": "台城镇", "kind": "penalty",
          "officers": ["x", "y"], "domain": "market"},
    "b": {"number": "B1", "township": "gz", "township_name": "耿镇镇", "kind": "licensing",
          "officers": [], "domain": None},
}  # fmt: skip
ACTS = [
    act("a", "CaseOpened", D(2026, 8, 1), due=D(2026, 10, 30)),
    act("a", "CaseDispatched", D(2026, 8, 2), backdated=True),
    act("b", "CaseOpened", D(2026, 10, 1), due=D(2026, 10, 29)),
    act("a", "DeadlineExtended", D(2026, 10, 20), due=D(2026, 11, 29)),
    act("a", "PenaltyDecided", D(2026, 11, 10), amount=500.0),
    act("a", "CaseClosed", D(2026, 11, 20), outcome="executed"),
    act("a", "CaseReviewed", D(2026, 11, 21), verdict="defective", findings="缺签名"),
]
NOVEMBER = Period(D(2026, 11, 1), D(2026, 11, 26))


def test_totals_count_actions_without_the_review() -> None:
    t = totals(a for a in ACTS if NOVEMBER.holds(a["day"]))
    assert (t.actions, t.decided, t.closed, t.dropped, t.reviewed) == (2, 1, 1, 0, 1)
    assert (t.penalties, t.penalty_yuan, t.backdated) == (1, 500.0, 0)
    assert totals(ACTS).backdated == 1 and totals(ACTS).actions == 6


def test_the_deadline_in_force_follows_extensions_by_their_day() -> None:
    life = lives(ACTS)["a"]
    assert life.due_on(D(2026, 10, 19)) == D(2026, 10, 30)
    assert life.due_on(D(2026, 10, 20)) == D(2026, 11, 29)
    assert life.disposed == D(2026, 11, 10) and life.on_time()


def test_dropping_disposes_of_a_case_late() -> None:
    life = lives([*ACTS, act("b", "CaseClosed", D(2026, 11, 2), outcome="dropped")])["b"]
    assert life.disposed == D(2026, 11, 2) and not life.on_time()
    assert not Life().on_time()


def test_overdue_on_the_report_day() -> None:
    late = overdue_cases(CASES, lives(ACTS), D(2026, 11, 26))
    assert [(c.number, c.days_over, c.kind) for c in late.values()] == [("B1", 28, "行政许可")]
    assert overdue_cases(CASES, lives(ACTS), D(2026, 10, 29)) == {}


def test_townships_ranked_by_actions() -> None:
    year = Period(D(2026, 1, 1), NOVEMBER.end)
    late = overdue_cases(CASES, lives(ACTS), NOVEMBER.end)
    lines = township_lines([("gz", "耿镇镇"), ("tc", "台城镇")], CASES, ACTS, (NOVEMBER, year),
                           late)  # fmt: skip
    assert [(t.rank, t.name, t.month.actions) for t in lines] == [
        (1, "台城镇", 2),
        (2, "耿镇镇", 0),
    ]
    assert (lines[0].disposed, lines[0].on_time_rate, lines[1].overdue) == (1, 1.0, 1)
    assert lines[0].year.actions == 5
    assert lines[1].on_time_rate == 0.0, "耿镇镇's overdue open case is not on time"


def test_opened_by_month_starts_when_the_county_began() -> None:
    months = opened_by_month(ACTS, 2026, 11)
    assert months[0] == ("2026-08", 1), "no January-July zeros for a county that began in August"
    assert [m for m, _ in months] == ["2026-08", "2026-09", "2026-10", "2026-11"]
    assert opened_by_month([], 2026, 11) == [("2026-11", 0)]


def test_chart_title_is_drawn_once_by_the_page_not_in_the_svg() -> None:
    svg = bar_chart("各乡镇执法行为", ["台城镇", "耿镇镇"], [2, 0])
    assert "各乡镇执法行为</text>" not in svg, "the page's caption is the chart's one title"
    assert 'aria-label="各乡镇执法行为"' in svg
    assert "SimSun" in svg and "Microsoft YaHei" in svg and "PingFang SC" in svg


def test_the_page_names_fonts_for_windows_macos_and_linux() -> None:
    from workflow.reports.circular.render import CSS

    for font in ("Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "SimSun", "Songti SC"):
        assert f'"{font}"' in CSS, font


def test_chart_keeps_chinese_as_text() -> None:
    svg = bar_chart("各乡镇执法行为", ["台城镇", "耿镇镇"], [2, 0])
    assert svg.startswith("<svg") and ">台城镇</text>" in svg and "Noto Sans CJK SC" in svg
    assert svg == bar_chart("各乡镇执法行为", ["台城镇", "耿镇镇"], [2, 0])

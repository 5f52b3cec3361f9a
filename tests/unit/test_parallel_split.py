"""How a big rebuild splits its models across processes (projections.parallel)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from projections import parallel


def engine(dialect: str, processes: int | None) -> Any:
    return SimpleNamespace(
        processes=processes, engine=SimpleNamespace(dialect=SimpleNamespace(name=dialect))
    )


def models(*costs: float, types: Any = None) -> list[Any]:
    return [SimpleNamespace(name=f"m{i}", cost=c, event_types=types) for i, c in enumerate(costs)]


def typed(name: str, cost: float, *types: str) -> Any:
    return SimpleNamespace(name=name, cost=cost, event_types=frozenset(types) if types else None)


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
@pytest.mark.parametrize("cpus, expected", [(1, 1), (2, 2), (3, 3), (16, parallel.AUTO_MOST)])
def test_by_default_one_process_per_cpu_up_to_the_cap(
    monkeypatch: pytest.MonkeyPatch, dialect: str, cpus: int, expected: int
) -> None:
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: cpus)
    assert parallel.processes(engine(dialect, None), models(*[1.0] * 9)) == expected


def test_an_explicit_count_wins_but_never_more_than_models(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 8)
    assert parallel.processes(engine("postgresql", None), models(1, 1, 1)) == 3
    assert parallel.processes(engine("postgresql", 1), models(1, 1, 1)) == 1
    assert parallel.processes(engine("postgresql", 3), models(1, 1, 1, 1)) == 3
    assert parallel.processes(engine("sqlite", 1), models(1, 1, 1)) == 1
    assert parallel.processes(engine("sqlite", 6), models(1, 1)) == 2  # no more than models


def test_groups_balance_the_models_cost() -> None:
    split = parallel.groups(models(0.6, 0.5, 0.4, 0.3, 0.2, 0.1), 2)
    totals = sorted(round(sum(m.cost for m in g), 2) for g in split)
    assert totals == [1.0, 1.1]
    assert sorted(m.name for g in split for m in g) == [f"m{i}" for i in range(6)]


def test_the_gap_after_a_transaction_covers_sqlites_busy_sleep_at_that_point() -> None:
    from projections.catchup import LOCK_GAP, gap_after

    assert gap_after(0.0005) == 0.002  # a waiter still in its first 1 ms sleep
    assert gap_after(0.020) == 0.030  # 18-33 ms: sleeping 15 ms
    assert gap_after(0.110) == 0.050  # 103-128 ms: 25 ms
    assert gap_after(0.2) == LOCK_GAP and gap_after(5.0) == LOCK_GAP  # 50, then 100 ms sleeps
    gaps = [gap_after(i / 1000) for i in range(0, 400)]
    assert all(a <= b for a, b in zip(gaps, gaps[1:], strict=False))  # never shorter later


def test_a_paced_batch_grows_to_half_the_budget_at_the_rate_seen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from projections import catchup

    clock = iter([0.0, 0.01, 1.0, 1.0, 1.4, 2.0, 2.0, 2.7])  # held 10 ms, 400 ms, 700 ms
    monkeypatch.setattr(catchup.time, "perf_counter", lambda: next(clock))
    monkeypatch.setattr(catchup.time, "sleep", lambda s: None)
    pace = catchup.Pace(1000, 100_000, budget=0.5)
    pace.start()
    pace.done(1000)
    assert pace.limit == 8000  # 25x would fit half the budget: grown at most 8x
    pace.start()
    pace.done(8000)
    assert pace.limit == 8000  # over half the budget, under all of it: kept
    pace.start()
    pace.done(8000)
    assert pace.limit == 4000  # over the budget: halved


def test_two_groups_keep_the_models_that_read_everything_together() -> None:
    """Reading the log costs `DECODE` for all of it; a group of typed models reads only its
    types' share. The split whose costlier group costs least: the two models that read
    every type share a process, the typed ones read a quarter of the log in the other."""
    chosen = [typed("actors", 0.4), typed("activity", 0.2), typed("cases", 0.5, "A", "B"),
              typed("paper", 0.4, "C"), typed("roster", 0.3, "B")]  # fmt: skip
    shares = {"A": 0.1, "B": 0.1, "C": 0.05, "D": 0.75}
    split = parallel.groups(chosen, 2, shares)
    names = sorted(sorted(p.name for p in g) for g in split)
    assert names == [["activity", "actors"], ["cases", "paper", "roster"]]
    typed_group = next(g for g in split if any(p.name == "cases" for p in g))
    assert parallel.types_of(typed_group) == frozenset("ABC")
    assert parallel.types_of(chosen) is None
    # without shares (or for more than two groups): by cost alone, as before
    by_cost = parallel.groups(chosen, 2)
    assert sorted(round(sum(p.cost for p in g), 2) for g in by_cost) == [0.8, 1.0]


def test_the_group_that_finishes_first_is_a_little_lighter_to_copy_while_the_other_loads() -> None:
    """Equal halves (0.9 | 0.9) would finish loading together and then copy in one after
    the other; 1.0 | 0.8 lets the lighter group copy and index while the other loads."""
    chosen = [typed("a", 0.6), typed("b", 0.5), typed("c", 0.4), typed("d", 0.3)]
    split = parallel.groups(chosen, 2, {"A": 1.0})
    assert sorted(sorted(p.name for p in g) for g in split) == [["a", "c"], ["b", "d"]]
    assert parallel.groups(chosen, 2) != split  # by cost alone: the even 0.9 | 0.9

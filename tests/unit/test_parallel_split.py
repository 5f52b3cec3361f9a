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


def models(*costs: float) -> list[Any]:
    return [SimpleNamespace(name=f"m{i}", cost=c) for i, c in enumerate(costs)]


@pytest.mark.parametrize("cpus, expected", [(1, 1), (2, 2), (3, 3), (16, parallel.AUTO_MOST)])
def test_sqlite_by_default_one_process_per_cpu_up_to_the_cap(
    monkeypatch: pytest.MonkeyPatch, cpus: int, expected: int
) -> None:
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: cpus)
    assert parallel.processes(engine("sqlite", None), models(*[1.0] * 9)) == expected


def test_postgresql_by_default_one_process_and_an_explicit_count_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 8)
    assert parallel.processes(engine("postgresql", None), models(1, 1, 1)) == 1
    assert parallel.processes(engine("postgresql", 3), models(1, 1, 1, 1)) == 3
    assert parallel.processes(engine("sqlite", 1), models(1, 1, 1)) == 1
    assert parallel.processes(engine("sqlite", 6), models(1, 1)) == 2  # no more than models


def test_groups_balance_the_models_cost() -> None:
    split = parallel.groups(models(0.6, 0.5, 0.4, 0.3, 0.2, 0.1), 2)
    totals = sorted(round(sum(m.cost for m in g), 2) for g in split)
    assert totals == [1.0, 1.1]
    assert sorted(m.name for g in split for m in g) == [f"m{i}" for i in range(6)]

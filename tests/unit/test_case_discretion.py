"""Discretion benchmarks (《行政处罚法》第三十四条, 第三十二条): refuse and allow, nothing appended."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.case_fakes import World
from tests.unit.test_case_rules import P, dispatched, refused
from workflow.cases import commands as c
from workflow.cases import discretion
from workflow.cases.sanctions import parse_sanction

BENCHMARK = """
[M-P1]
cap = 50000
"轻微" = { min = 0, max = 1000, sanctions = ["警告", "罚款"] }
"一般" = { min = 1000, max = 10000, sanctions = ["警告", "罚款", "没收违法所得"] }
"较重" = { min = 10000, max = 25000, sanctions = ["罚款", "没收违法所得", "责令停产停业"] }
"严重" = { min = 25000, max = 50000, sanctions = ["罚款", "没收违法所得", "责令停产停业", "吊销许可证件"] }
"""


@pytest.fixture(autouse=True)
def benchmark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    path = tmp_path / "discretion.toml"
    path.write_text(BENCHMARK, encoding="utf-8")
    monkeypatch.setenv("CASEWORK_DISCRETION", str(path))
    yield


def notify(amount: float, circumstance: str = "", **kw: object) -> c.NotifyPenalty:
    return c.NotifyPenalty(actor="tc-o1", case=P, amount=amount, basis="第十三条",
                           circumstance=circumstance, **kw)  # type: ignore[arg-type]  # fmt: skip


def test_notice_names_its_circumstance() -> None:
    w = World()
    dispatched(w)
    refused(w, notify(5000), "第三十四条", "discretion-circumstance")
    refused(w, notify(5000, "中等"), "第三十四条", "discretion-circumstance")
    assert w.do(notify(5000, "一般")).state == "penalty_notified"
    assert w.service.load(P).circumstance == "一般"


def test_a_fine_outside_the_range_needs_a_ground_with_its_reason() -> None:
    w = World()
    dispatched(w)
    refused(w, notify(500, "一般"), "第三十二条", "discretion-range")
    refused(w, notify(500, "一般", discretion_ground="从轻"), "第三十二条", "discretion-ground")
    refused(w, notify(500, "一般", discretion_ground="从重", discretion_reason="r"),
            "第三十二条", "discretion-range")  # fmt: skip
    done = w.do(notify(500, "一般", discretion_ground="从轻", discretion_reason="主动消除危害后果"))
    assert done.state == "penalty_notified"
    w.do(c.WaiveDefence(actor="tc-o1", case=P))
    decided = w.do(c.DecidePenalty(actor="tc-lead", case=P, amount=500, basis="第十三条"))
    assert decided.state == "penalty_decided"  # the notice's circumstance and ground carry over
    data = w.store.streams[f"case-{P}"][-1].data
    assert (data["circumstance"], data["discretion_ground"]) == ("一般", "从轻")


def test_above_the_range_needs_从重_and_never_the_cap() -> None:
    w = World()
    dispatched(w)
    refused(w, notify(15000, "一般"), "第三十四条", "discretion-range")
    refused(w, notify(60000, "严重", discretion_ground="从重", discretion_reason="r"),
            "第三十四条", "discretion-cap")  # fmt: skip
    assert w.do(notify(15000, "一般", discretion_ground="从重", discretion_reason="屡教不改")).state


def test_sanction_kinds_follow_the_circumstance() -> None:
    w = World()
    dispatched(w)
    stop = (parse_sanction("责令停产停业"),)
    refused(w, notify(5000, "一般", sanctions=stop), "第三十四条", "discretion-sanction")
    assert w.do(notify(15000, "较重", sanctions=stop)).state == "penalty_notified"


def test_the_decision_is_checked_against_its_own_circumstance() -> None:
    w = World()
    dispatched(w)
    w.do(notify(15000, "较重"))
    w.do(c.WaiveDefence(actor="tc-o1", case=P))
    lighter = c.DecidePenalty(actor="tc-lead", case=P, amount=5000, basis="b", circumstance="较重")
    refused(w, lighter, "第三十二条", "discretion-range")
    ok = c.DecidePenalty(actor="tc-lead", case=P, amount=5000, basis="b", circumstance="一般")
    assert w.do(ok).state == "penalty_decided"


def test_every_penalty_item_of_the_sample_catalogue_has_a_benchmark(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workflow.organisation.catalogue import load_catalogue_file, sample_catalogue_path

    monkeypatch.delenv("CASEWORK_DISCRETION")
    items = load_catalogue_file(sample_catalogue_path()).items
    for matter in items:
        if matter.kind.value == "penalty":
            found = discretion.benchmark(matter.code)
            assert found is not None and set(found.bands) == set(discretion.CIRCUMSTANCES)
            assert all(b.low <= b.high <= found.cap for b in found.bands.values())
    text = Path(discretion.benchmark_path()).read_text(encoding="utf-8")
    assert "SAMPLE" in text.splitlines()[0]

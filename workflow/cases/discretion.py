"""Discretion benchmarks (行政处罚裁量基准, 《行政处罚法》第三十四条) and their guard.

Each penalty item of the catalogue carries, per circumstance (情节: 轻微/一般/较重/严重),
a fine range and the sanction kinds allowed, plus the item's highest fine (`cap`). A notice
or decision on an item with a benchmark names its circumstance; a fine outside the range
is refused unless a ground is recorded: 从轻 or 减轻 (art. 32) below it, 从重 above it;
the cap is never exceeded. The shipped file is SAMPLE data (its header says so); the
county points `CASEWORK_DISCRETION` at its published benchmark.
"""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from workflow.cases.rules import PUNISH, violation
from workflow.cases.sanctions import BY_WORD, Sanction, SanctionKind, fine_total
from workflow.limits import read_data_text

CIRCUMSTANCES = ("轻微", "一般", "较重", "严重")
LIGHTER = ("从轻", "减轻")  # art. 32
HEAVIER = ("从重",)
ART34 = f"{PUNISH}第三十四条（行政处罚裁量基准）"
ART32 = f"{PUNISH}第三十二条"


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    kinds: frozenset[SanctionKind]


@dataclass(frozen=True)
class Benchmark:
    cap: float
    bands: dict[str, Band]


def benchmark_path() -> str:
    named = os.environ.get("CASEWORK_DISCRETION")
    if named:
        return named
    return str(resources.files("workflow") / "data" / "discretion-sample.toml")


def raw_file(path: str | None = None) -> dict[str, Any]:
    """The benchmark file as data (code -> cap and bands), to record with a catalogue version."""
    return tomllib.loads(read_data_text(path or benchmark_path()))


def _parse(item: dict[str, Any]) -> Benchmark:
    bands = {
        name: Band(float(b["min"]), float(b["max"]), frozenset(BY_WORD[k] for k in b["sanctions"]))
        for name, b in item.items()
        if name in CIRCUMSTANCES
    }  # fmt: skip
    return Benchmark(float(item["cap"]), bands)


def check_file(raw: dict[str, Any]) -> None:
    """Every item has a cap and well-formed bands (ValueError naming the first bad one)."""
    for code, item in raw.items():
        try:
            _parse(item)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{code}: {exc!r} (needs cap and min/max/sanctions per 情节)") from exc


@functools.cache
def _load(path: str) -> dict[str, Benchmark]:
    return {code: _parse(item) for code, item in raw_file(path).items()}


def benchmark(matter_code: str) -> Benchmark | None:
    """The item's benchmark in the benchmark file, or None when the file has none for it."""
    return _load(benchmark_path()).get(matter_code)


def benchmark_on(directory: Any, matter_code: str, day: date) -> Benchmark | None:
    """The item's benchmark as recorded with the catalogue version in force that day (the
    裁量基准 is versioned with the catalogue); a version published before benchmarks were
    recorded with it leaves the benchmark file in force."""
    catalogue = directory.catalogue_on(day) if hasattr(directory, "catalogue_on") else None
    recorded = getattr(catalogue, "discretion", None)
    if not recorded:
        return benchmark(matter_code)
    item = recorded.get(matter_code)
    return _parse(item) if item else None


def check(
    matter_code: str, sanctions: Sequence[Sanction], circumstance: str, ground: str, reason: str,
    *, directory: Any = None, day: date | None = None,
) -> None:  # fmt: skip
    """The circumstance is named; the fine within its range (or a ground recorded); the
    sanction kinds allowed for it (or 从重); never above the item's cap. The benchmark is
    the catalogue version's in force on `day` (given the directory), else the file's."""
    found = benchmark_on(directory, matter_code, day) if day else benchmark(matter_code)
    if found is None:
        return
    if circumstance not in found.bands:
        raise violation(
            "discretion-circumstance", ART34,
            f"须写明裁量情节（{'/'.join(CIRCUMSTANCES)}，--circumstance）",
            f"name the circumstance (--circumstance {'|'.join(CIRCUMSTANCES)})",
        )  # fmt: skip
    if ground and ground not in LIGHTER + HEAVIER:
        raise violation(
            "discretion-ground", ART32, "裁量理由须为 从轻、减轻 或 从重",
            "the ground is 从轻, 减轻 or 从重",
        )  # fmt: skip
    if ground and not reason.strip():
        raise violation(
            "discretion-ground", ART32, f"{ground}处罚须写明理由（--discretion-reason）",
            f"a {ground} ground needs its reason (--discretion-reason)",
        )  # fmt: skip
    _check_fine(found, found.bands[circumstance], circumstance, fine_total(sanctions), ground)
    _check_kinds(found.bands[circumstance], circumstance, sanctions, ground)


def _check_fine(found: Benchmark, band: Band, name: str, fine: float, ground: str) -> None:
    if fine <= 0:
        return
    if fine > found.cap:
        raise violation(
            "discretion-cap", ART34, f"罚款 {fine:g} 元超过本事项最高罚款额 {found.cap:g} 元",
            f"a fine of {fine:g} exceeds the item's highest fine {found.cap:g}",
        )  # fmt: skip
    below = fine < band.low and ground not in LIGHTER
    above = fine > band.high and ground not in HEAVIER
    if below or above:
        raise violation(
            "discretion-range", f"{ART34}、第三十二条",
            f"情节“{name}”的罚款幅度为 {band.low:g}–{band.high:g} 元，{fine:g} 元超出幅度，"
            f"须记录{'从轻或减轻' if below else '从重'}处罚的理由（--discretion-ground）",
            f"the {name} range is {band.low:g}–{band.high:g} yuan: {fine:g} needs a "
            f"{'从轻/减轻' if below else '从重'} ground",
        )  # fmt: skip


def _check_kinds(band: Band, name: str, sanctions: Sequence[Sanction], ground: str) -> None:
    extra = [s.kind.zh for s in sanctions if s.kind not in band.kinds]
    if extra and ground not in HEAVIER:
        raise violation(
            "discretion-sanction", ART34,
            f"情节“{name}”不适用{'、'.join(extra)}（须记录从重处罚的理由）",
            f"{', '.join(extra)} is not among the sanctions for {name}",
        )  # fmt: skip


def fitting(matter_code: str, sanctions: Sequence[Sanction]) -> tuple[str, str]:
    """The first circumstance whose range and kinds take the sanctions, and a ground when
    none does (the demo's officers choose this way); ("", "") without a benchmark."""
    found = benchmark(matter_code)
    if found is None:
        return "", ""
    fine = fine_total(sanctions)
    kinds = {s.kind for s in sanctions}
    for name, band in found.bands.items():
        if band.low <= fine <= band.high and kinds <= band.kinds:
            return name, ""
    return ("轻微", "从轻") if fine < min(b.low for b in found.bands.values()) else ("严重", "从重")


def demo_fields(matter_code: str, amount: float) -> dict[str, object]:
    """What the demo's officers write for a fine: the amount within the item's cap, the
    circumstance it fits and, when none does, the ground and its reason."""
    found = benchmark(matter_code)
    if found is None:
        return {"amount": amount}
    amount = min(amount, found.cap)
    circumstance, ground = fitting(matter_code, (Sanction(SanctionKind.FINE, amount),))
    reason = {"从轻": "主动消除违法行为危害后果", "从重": "经责令改正拒不改正"}.get(ground, "")
    return {"amount": amount, "circumstance": circumstance, "discretion_ground": ground,
            "discretion_reason": reason}  # fmt: skip

"""Procedure numbers the law leaves to provinces and sector rules (程序参数), from the county file.

The county file's `[procedure]` table holds each value as `{ value = …, source = "…",
confirmed = true|false }`: the source is written beside the number, and a value the
county has not confirmed is marked so `casework init` names it in one warning line.
A database without the table uses the defaults below (the same numbers, unconfirmed).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from workflow.cases.party import PartyKind
from workflow.datafile import InvalidDataFile, read_toml


@dataclass(frozen=True)
class RuleConfig:
    """Thresholds and caps a county configures (听证、重大案件、期限、立案)."""

    hearing_fine_individual: float = 10_000.0  # 较大数额罚款 (art. 63), 个人
    hearing_fine_organisation: float = 100_000.0  # 较大数额罚款 (art. 63), 单位
    hearing_confiscation_individual: float = 10_000.0  # 没收较大数额违法所得/较大价值非法财物
    hearing_confiscation_organisation: float = 100_000.0
    major_fine_individual: float = 50_000.0  # 重大执法决定: 法制审核 + 集体讨论 (arts. 57, 58)
    major_fine_organisation: float = 200_000.0
    penalty_extension_days: int = 30  # one extension with the leader's approval (art. 60)
    penalty_extension_total_days: int = 60  # all extensions together; the 2nd needs 集体讨论
    max_licence_extension_days: int = 10  # 许可法 art. 42 (statute, not configurable upward)
    source_decision_days: int = 15  # 线索 → 立案/不予立案 (sector procedure rules)
    rest_day_rollover: bool = True  # 期间届满日为节假日的顺延 (calendar-day periods)

    def hearing_fine(self, kind: PartyKind) -> float:
        if kind is PartyKind.ORGANISATION:
            return self.hearing_fine_organisation
        return self.hearing_fine_individual

    def hearing_confiscation(self, kind: PartyKind) -> float:
        if kind is PartyKind.ORGANISATION:
            return self.hearing_confiscation_organisation
        return self.hearing_confiscation_individual

    def major_fine(self, kind: PartyKind) -> float:
        if kind is PartyKind.ORGANISATION:
            return self.major_fine_organisation
        return self.major_fine_individual


@dataclass(frozen=True)
class ProcedureFile:
    """The `[procedure]` table: the config, each value's source, and what is unconfirmed."""

    config: RuleConfig
    sources: dict[str, str]
    unconfirmed: tuple[str, ...]
    elsewhere: tuple[str, ...] = ()  # unconfirmed values of the file's other tables (table.key)


def unconfirmed_elsewhere(raw: dict[str, Any]) -> tuple[str, ...]:
    """`table.key` of every `{ value, source, confirmed = false }` outside `[procedure]`
    ([service], [publicity], [simple_procedure] …): init names them in the same line."""
    found = []
    for table, entries in raw.items():
        if table == "procedure" or not isinstance(entries, dict):
            continue
        for key, entry in entries.items():
            if isinstance(entry, dict) and "value" in entry and not entry.get("confirmed", False):
                found.append(f"{table}.{key}")
    return tuple(found)


def parse_procedure(raw: dict[str, Any], path: str = "county file") -> ProcedureFile:
    """Read `[procedure]` (missing = defaults, all unconfirmed); InvalidDataFile when malformed."""
    table = raw.get("procedure")
    names = [f.name for f in fields(RuleConfig)]
    if table is None:
        return ProcedureFile(RuleConfig(), {}, tuple(names))
    problems: list[str] = []
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    unconfirmed: list[str] = []
    defaults = RuleConfig()
    for name in names:
        entry = table.get(name)
        if entry is None:
            unconfirmed.append(name)
            continue
        if not isinstance(entry, dict) or "value" not in entry or not entry.get("source"):
            problems.append(f"procedure.{name}: needs value and source")
            continue
        value = entry["value"]
        if not isinstance(value, type(getattr(defaults, name))) and not (
            isinstance(value, int) and isinstance(getattr(defaults, name), float)
        ):
            problems.append(f"procedure.{name}: {value!r} has the wrong type")
            continue
        if not isinstance(value, bool) and value < 0:
            problems.append(f"procedure.{name}: must not be negative")
            continue
        values[name] = value
        sources[name] = str(entry["source"])
        if not entry.get("confirmed", False):
            unconfirmed.append(name)
    problems += [f"procedure.{k}: unknown key" for k in table if k not in names]
    if problems:
        raise InvalidDataFile(path, problems)
    return ProcedureFile(replace(defaults, **values), sources, tuple(unconfirmed))


def load_procedure(path: str | Path | None) -> ProcedureFile:
    """The `[procedure]` table of the county file at `path` (None = the shipped county)."""
    from workflow.organisation.county import shipped_county_path

    where = shipped_county_path() if path is None else Path(path)
    shown = "wutai.toml" if path is None else str(path)
    try:
        raw = read_toml(where)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidDataFile(shown, [str(exc)]) from exc
    return replace(parse_procedure(raw, shown), elsewhere=unconfirmed_elsewhere(raw))


def warning_line(procedure: ProcedureFile) -> str | None:
    """One line naming the unconfirmed values (each with its source in the county file),
    or None when all are confirmed."""
    if not procedure.unconfirmed and not procedure.elsewhere:
        return None
    names = ", ".join(procedure.unconfirmed + procedure.elsewhere)
    return f"警告 warning: 以下程序参数未经本县确认 unconfirmed county values: {names}"

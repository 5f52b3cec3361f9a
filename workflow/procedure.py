"""Service, publicity and simple-procedure values from the county file, each with its source.

Read from the tables `[service]`, `[publicity]` and `[simple_procedure]`, each entry
`{ value = …, source = "…", confirmed = … }` as in `[procedure]` (workflow/cases/config.py).

National law fixes most periods (they are constants beside their article in the code);
what the law leaves to the province or county is read here, with a default that says
where it comes from. The file is the one `CASEWORK_COUNTY` names, else the shipped one.
"""

from __future__ import annotations

import functools
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workflow.datafile import read_toml

TABLES = ("service", "publicity", "simple_procedure")


@dataclass(frozen=True)
class Procedure:
    """The county's procedure values."""

    public_notice_days: int = 30  # 《民事诉讼法》第九十五条：公告之日起经过三十日视为送达
    publish_working_days: int = (
        7  # 《行政处罚法》第四十八条 + 县规定：作出决定之日起七个工作日内公示
    )
    withdraw_days: int = 3  # 《行政处罚法》第四十八条：决定被变更、撤销的，三日内撤回公示
    publish_kinds: tuple[str, ...] = field(default=("decision", "on_the_spot"))
    spot_person_max: float = 200.0  # 《行政处罚法》第五十一条：对公民二百元以下
    spot_organisation_max: float = 3000.0  # 同条：对法人或者其他组织三千元以下
    spot_collect_max: float = 100.0  # 《行政处罚法》第六十八条：一百元以下的罚款可当场收缴
    spot_filing_days: int = 5  # 县规定：当场处罚决定书报所属行政机关备案的期限（日）


def county_path() -> Path:
    from workflow.organisation.county import shipped_county_path

    named = os.environ.get("CASEWORK_COUNTY")
    return Path(named) if named else shipped_county_path()


@functools.cache
def _load(path: str) -> Procedure:
    try:
        raw = read_toml(path)  # parsed once per process, shared with cases/config.py
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Procedure()
    table: dict[str, Any] = dict(raw.get("procedure", {}))
    for name in TABLES:
        table.update(raw.get(name, {}))
    base = Procedure()
    values: dict[str, Any] = {}
    for name in Procedure.__dataclass_fields__:
        if name in table:
            entry = table[name]
            value = entry["value"] if isinstance(entry, dict) and "value" in entry else entry
            current = getattr(base, name)
            values[name] = tuple(value) if isinstance(current, tuple) else type(current)(value)
    return Procedure(**values)


def procedure() -> Procedure:
    """The values in force (the county file's `[procedure]`, else the defaults above)."""
    return _load(str(county_path()))

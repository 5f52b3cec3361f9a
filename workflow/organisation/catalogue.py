"""The catalogue of enforcement matters (乡镇综合行政执法事项清单), read from a CSV.

Columns: code, category (大项), name, kind (penalty | licensing), domain (one of the 9
county teams, or `township`), legal_basis, hearing_eligible (true | false). Lines that
start with `#` are notes (kept with the published version); fields may not span lines.
A bad file is refused whole, naming the first bad line and what is wrong with it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from workflow.datafile import InvalidDataFile
from workflow.limits import read_data_text
from workflow.organisation.types import MATTER_DOMAINS, Kind, parse_enum

COLUMNS = ("code", "category", "name", "kind", "domain", "legal_basis", "hearing_eligible")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
TRUE = {"true", "yes", "1", "是"}
FALSE = {"false", "no", "0", "否"}
SAMPLE = "catalogue-sample.csv"


@dataclass(frozen=True)
class Matter:
    """One enforcement matter (执法事项) of a catalogue version."""

    code: str
    category: str
    name: str
    kind: Kind
    domain: str
    legal_basis: str
    hearing_eligible: bool

    def to_data(self) -> dict[str, Any]:
        return {**asdict(self), "kind": self.kind.value}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Matter:
        return cls(**{**data, "kind": Kind(data["kind"])})


@dataclass(frozen=True)
class CatalogueFile:
    """A parsed catalogue file: its items in file order and its note lines."""

    items: tuple[Matter, ...]
    note: str

    @property
    def categories(self) -> int:
        return len({m.category for m in self.items})


def sample_catalogue_path() -> Path:
    """The illustrative sample catalogue shipped inside the package."""
    return Path(str(resources.files("workflow") / "data" / SAMPLE))


def load_catalogue_file(path: str | Path) -> CatalogueFile:
    """Read and check a catalogue CSV; raise InvalidDataFile naming the first bad line."""
    try:
        text = read_data_text(path, "utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidDataFile(str(path), [str(exc)]) from exc
    return parse_catalogue(text, str(path))


def parse_catalogue(text: str, source: str = "<catalogue>") -> CatalogueFile:
    """Parse catalogue CSV text (see the module docstring)."""
    notes, rows = _split(text)
    problems: list[str] = []
    if not rows or tuple(c.strip() for c in rows[0][1]) != COLUMNS:
        found = ",".join(rows[0][1]) if rows else "nothing"
        raise InvalidDataFile(source, [f"the header must be {','.join(COLUMNS)}; found {found}"])
    items: list[Matter] = []
    seen: dict[str, int] = {}
    for line_no, cells in rows[1:]:
        try:
            matter = parse_row(cells)
            _unique(matter.code, line_no, seen)
            items.append(matter)
        except ValueError as exc:
            problems.append(f"line {line_no}: {exc}")
    if not items and not problems:
        problems.append("no items")
    if problems:
        raise InvalidDataFile(source, problems)
    return CatalogueFile(tuple(items), "\n".join(notes))


def _split(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    notes: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            notes.append(line.lstrip().lstrip("#").strip())
        elif line.strip():
            rows.append((line_no, next(csv.reader([line]))))
    return notes, rows


def _unique(code: str, line_no: int, seen: dict[str, int]) -> None:
    if code in seen:
        raise ValueError(f"code {code!r} already used on line {seen[code]}")
    seen[code] = line_no


def parse_row(cells: list[str]) -> Matter:
    """One catalogue item from its CSV cells; ValueError says what is wrong."""
    if len(cells) != len(COLUMNS):
        raise ValueError(f"expected {len(COLUMNS)} columns, found {len(cells)}")
    code, category, name, kind, domain, basis, hearing = (c.strip() for c in cells)
    if not CODE_PATTERN.match(code):
        raise ValueError(f"code {code!r} must be ASCII letters, digits, '.', '-' or '_'")
    for column, value in (("category", category), ("name", name), ("legal_basis", basis)):
        if not value:
            raise ValueError(f"{column} is empty")
    if domain not in MATTER_DOMAINS:
        raise ValueError(f"domain {domain!r} is not one of the 9 county teams or 'township'")
    return Matter(
        code=code,
        category=category,
        name=name,
        kind=parse_enum(Kind, kind, "kind"),
        domain=domain,
        legal_basis=basis,
        hearing_eligible=_flag(hearing),
    )


def _flag(text: str) -> bool:
    if text.lower() in TRUE:
        return True
    if text.lower() in FALSE:
        return False
    raise ValueError(f"hearing_eligible {text!r} must be true or false")

"""Reading the files a county edits (county TOML, catalogue CSV): one clear error per bad file."""

from __future__ import annotations

import functools
import os
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from workflow.errors import CaseworkError


class InvalidDataFile(CaseworkError):
    """A county or catalogue file that cannot be used (文件有误): names the place and the problem."""

    exit_code = 2  # the county's own file: input, not environment

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        first = problems[0] if problems else "unreadable"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"文件有误 {path}: {first}{more}", f"bad file {path}: {first}{more}")


EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


def read_toml(path: str | Path) -> dict[str, Any]:
    """A TOML file parsed once per process while it is unchanged (the county file is read
    by several parts of one command: procedure values, service and publicity periods).
    The dict is shared: read it, never change it. Read as `limits.read_data_text` reads
    (a regular file, within the size limit); OSError, UnicodeDecodeError and
    tomllib.TOMLDecodeError pass to the caller, which names the file."""
    stat = os.stat(path)
    return _parsed(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _parsed(path: str, mtime_ns: int, size: int) -> dict[str, Any]:
    from workflow.limits import read_data_text  # a regular file, within the data-file limit

    return tomllib.loads(read_data_text(path))


def as_date(value: Any, what: str) -> date:
    """A TOML date or an ISO date string, else ValueError naming `what`."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            found = date.fromisoformat(value.strip())
        except ValueError:
            pass
        else:  # a year casework can count from (9999-12-31 + 30 days overflowed)
            if EARLIEST <= found <= LATEST:
                return found
            raise ValueError(f"{what}: {value!r} is outside {EARLIEST}..{LATEST}")
    raise ValueError(f"{what}: {value!r} is not a date (YYYY-MM-DD)")


def as_text(value: Any, what: str) -> str:
    """A non-empty string, stripped, else ValueError."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what}: must be a non-empty text")
    return value.strip()


def as_count(value: Any, what: str) -> int:
    """A non-negative integer, else ValueError."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what}: {value!r} must be a whole number >= 0")
    return value

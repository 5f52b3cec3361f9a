"""`casework calendar load FILE` / `calendar show YEAR` on the CLI (in-process, both backends).

A year neither loaded nor known to chinesecalendar is shown as a Mon–Fri estimate; the
county administrator loads the official arrangement (an event), after which the year is
exact. Only an administrator loads; a bad file is one line naming the problem.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.case_inproc import cli, ok
from tests.integration.case_db import BACKENDS, database_url
from workflow import calendar

YEAR = 2031  # far beyond chinesecalendar: no other test relies on it
ARRANGEMENT = f"""year = {YEAR}
source = "国务院办公厅关于{YEAR}年部分节假日安排的通知（测试）"
holidays = ["{YEAR}-01-01", "{YEAR}-01-22..{YEAR}-01-28"]
workdays = ["{YEAR}-01-19"]
"""


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    url = database_url(request.param, tmp_path)
    assert cli("init", db=url).code == 0
    yield url
    calendar._LOADED.pop(YEAR, None)  # the process-wide calendar, as before the test
    calendar.is_working_day.cache_clear()


def test_load_then_show_a_year(db: str, tmp_path: Path) -> None:
    calendar._LOADED.pop(YEAR, None)
    calendar.is_working_day.cache_clear()
    before = cli("calendar", "show", str(YEAR), db=db, user="ad-001")
    assert before.code == 0 and "ESTIMATED" in before.out
    file = tmp_path / "holidays.toml"
    file.write_text(ARRANGEMENT, encoding="utf-8")
    by_officer = cli("calendar", "load", str(file), db=db, user="tc-004")
    assert by_officer.code == 4 and "管理员" in by_officer.err and "\n" not in by_officer.err.strip()
    bad = tmp_path / "bad.toml"
    bad.write_text(ARRANGEMENT.replace(f'workdays = ["{YEAR}-01-19"]',
                                       f'workdays = ["{YEAR}-01-20"]'), encoding="utf-8")  # fmt: skip
    refused = cli("calendar", "load", str(bad), db=db, user="ad-001")
    assert refused.code != 0 and "not a weekend day" in refused.err
    loaded = ok(cli("--json", "calendar", "load", str(file), db=db, user="ad-001"))
    assert (loaded["year"], loaded["holidays"], loaded["workdays"], loaded["duplicate"]) == (
        YEAR, 8, 1, False)  # fmt: skip
    again = ok(cli("--json", "calendar", "load", str(file), db=db, user="ad-001"))
    assert again["duplicate"] is True
    calendar._LOADED.pop(YEAR, None)  # a fresh process reads the year from the store
    calendar.is_working_day.cache_clear()
    shown = cli("--json", "calendar", "show", str(YEAR), db=db, user="tc-004")
    assert shown.code == 0, shown.err
    data = json.loads(shown.out)
    assert data["origin"] == "loaded" and f"{YEAR}-01-22" in data["holidays_on_weekdays"]
    assert f"{YEAR}-01-19" in data["workdays_on_weekends"]
    human = cli("calendar", "show", str(YEAR), db=db, user="tc-004")
    assert "本县载入" in human.out and "国务院办公厅" in human.out

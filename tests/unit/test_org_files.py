"""The county file and the catalogue CSV: the shipped ones load; bad ones are refused clearly."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from workflow.data.make_wutai import render
from workflow.datafile import InvalidDataFile
from workflow.errors import RuleViolation
from workflow.organisation.catalogue import (
    load_catalogue_file,
    parse_catalogue,
    sample_catalogue_path,
)
from workflow.organisation.county import load_county, shipped_county_path
from workflow.organisation.init import check_county
from workflow.organisation.types import Domain, Kind, Origin, Role

HEADER = "code,category,name,kind,domain,legal_basis,hearing_eligible\n"


def test_shipped_wutai_has_14_townships_in_7_9_n_shape() -> None:
    county = load_county(shipped_county_path())
    assert county.name == "五台县" and county.effective == date(2026, 5, 2)
    assert len(county.townships) == 14
    assert Counter(t.kind.value for t in county.townships) == {"镇": 6, "乡": 8}
    assert county.pool_size == 383 and 0 < county.pool_certified <= 383
    assert sum(t.civil_servants for t in county.townships) == 383
    assert set(county.teams) == set(Domain)
    for t in county.townships:
        team = [p for p in county.people if p.township == t.code]
        assert len(team) >= 16, t.code
        assert [p.origin for p in team].count(Origin.LEADER) == 1
        assert [p.origin for p in team].count(Origin.DEPUTY) == 2
        assert t.budget_yuan >= 100_000
    assert {p.role for p in county.people if p.township is None} == {Role.ADMIN, Role.SUPERVISOR}
    check_county(county)


def test_shipped_wutai_is_what_the_generator_makes() -> None:
    assert shipped_county_path().read_text(encoding="utf-8") == render()


def test_shipped_wutai_has_deliberate_gaps_and_expired_certificates() -> None:
    county = load_county(shipped_county_path())
    gounan = {p.domain for p in county.people if p.township == "gounan"}
    assert Domain.CULTURE not in gounan
    lingjing = [p for p in county.people if p.township == "lingjing"]
    assert sum(p.origin is Origin.TOWNSHIP_STAFF for p in lingjing) == 6
    ends = [p.certificate.valid_until for p in county.people if p.certificate]
    assert any(end < date(2026, 11, 1) for end in ends)
    assert any(date(2026, 11, 26) < end < date(2027, 1, 31) for end in ends)
    assert any(p.certificate is None for p in county.people if p.township)


def _county(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bad_county_file_names_the_entry_and_problem(tmp_path: Path) -> None:
    text = render().replace(
        'origin = "seconded"\ndomain = "market"', 'origin = "seconded"\ndomain = "fishing"', 1
    )
    with pytest.raises(InvalidDataFile, match="domain of a seconded officer 'fishing'"):
        load_county(_county(tmp_path, text))
    text = render().replace('township = "taicheng"', 'township = "atlantis"', 1)
    with pytest.raises(InvalidDataFile, match="unknown township 'atlantis'"):
        load_county(_county(tmp_path, text))
    with pytest.raises(InvalidDataFile, match="c.toml"):
        load_county(_county(tmp_path, "[county\n"))


def test_a_county_file_below_the_funding_floor_is_refused(tmp_path: Path) -> None:
    text = re.sub(r"\nbudget_yuan = \d+", "\nbudget_yuan = 90000", render(), count=1)
    county = load_county(_county(tmp_path, text))
    with pytest.raises(RuleViolation, match="10万元"):
        check_county(county)


def test_sample_catalogue_covers_every_domain_and_both_kinds() -> None:
    catalogue = load_catalogue_file(sample_catalogue_path())
    assert 35 <= len(catalogue.items) <= 50
    assert "ILLUSTRATIVE" in catalogue.note and "NOT the official" in catalogue.note
    domains = {m.domain for m in catalogue.items}
    assert {d.value for d in Domain} <= domains and "township" in domains
    assert {m.kind for m in catalogue.items} == {Kind.PENALTY, Kind.LICENSING}
    for domain in Domain:
        kinds = {m.kind for m in catalogue.items if m.domain == domain.value}
        assert kinds == {Kind.PENALTY, Kind.LICENSING}, domain


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("X1,c,n,fine,market,b,true", "line 3: kind 'fine' is not one of: penalty, licensing"),
        ("X1,c,n,penalty,fishing,b,true", "line 3: domain 'fishing'"),
        ("X1,c,n,penalty,market,,true", "line 3: legal_basis is empty"),
        ("X1,c,n,penalty,market,b,maybe", "line 3: hearing_eligible 'maybe'"),
        ("X1,c,n,penalty,market", "line 3: expected 7 columns, found 5"),
        ("A0,c,n,penalty,market,b,true", "line 3: code 'A0' already used on line 2"),
        ("x y,c,n,penalty,market,b,true", "line 3: code 'x y'"),
    ],
)
def test_a_bad_catalogue_row_is_named_by_line(row: str, problem: str) -> None:
    text = HEADER + "A0,c,n,penalty,market,b,false\n" + row + "\n"
    with pytest.raises(InvalidDataFile) as err:
        parse_catalogue(text, "t.csv")
    assert problem in str(err.value)
    assert "\n" not in str(err.value)


def test_catalogue_header_and_comment_lines() -> None:
    with pytest.raises(InvalidDataFile, match="header"):
        parse_catalogue("code,name\nA,b\n")
    parsed = parse_catalogue("# sample only\n" + HEADER + "A0,c,n,licensing,township,b,否\n")
    assert parsed.note == "sample only"
    assert parsed.items[0].kind is Kind.LICENSING and parsed.items[0].hearing_eligible is False

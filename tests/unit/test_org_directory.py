"""Folding org events: certificates over time, catalogue versions, idempotent init plans."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.unit.org_fixtures import directory
from workflow.errors import RuleViolation
from workflow.organisation.catalogue import load_catalogue_file, sample_catalogue_path
from workflow.organisation.county import load_county, shipped_county_path
from workflow.organisation.directory import Directory
from workflow.organisation.directory_fold import apply
from workflow.organisation.events import CataloguePublished, CertificateRenewed
from workflow.organisation.init import plan_init
from workflow.organisation.types import Kind, Role


def test_person_fields_the_case_side_reads() -> None:
    d = directory()
    officer = d.person("aa-5")
    assert officer is not None
    assert (officer.township, officer.role, officer.removed) == ("aa", Role.OFFICER, False)
    assert officer.certificate_valid_on(date(2026, 6, 1))
    assert not officer.certificate_valid_on(date(2027, 1, 1))
    assert d.person("sv-1").township is None  # type: ignore[union-attr]
    assert d.person("nobody") is None
    assert d.township("甲镇").code == "aa" and d.township("aa").name == "甲镇"
    assert [p.id for p in d.leaders("aa")] == ["aa-1", "aa-2", "aa-3"]


def test_renewal_before_expiry_is_continuous_and_after_expiry_leaves_a_gap() -> None:
    d = directory()
    apply(d, CertificateRenewed("aa-4", "N-aa-4b", "2028-12-31", "2026-12-01"))
    apply(d, CertificateRenewed("aa-5", "N-aa-5b", "2028-12-31", "2027-02-01"))
    aa4, aa5 = d.person("aa-4"), d.person("aa-5")
    assert aa4 is not None and aa5 is not None
    assert aa4.certificate_valid_on(date(2027, 1, 15))
    assert not aa5.certificate_valid_on(date(2027, 1, 15))
    assert aa5.certificate_valid_on(date(2027, 2, 1))


def test_matter_comes_from_the_version_in_force_that_day() -> None:
    d = directory()
    item = {
        "code": "M2", "category": "c", "name": "n2", "kind": "licensing", "domain": "township",
        "legal_basis": "b", "hearing_eligible": False,
    }  # fmt: skip
    apply(d, CataloguePublished(2, "2026-09-01", [item], "v2.csv", ""))
    assert d.matter("M1", date(2026, 5, 1)) is None
    assert d.matter("M1", date(2026, 8, 31)) is not None
    assert d.matter("M1", date(2026, 9, 1)) is None
    matter = d.matter("M2", date(2026, 9, 1))
    assert matter is not None and matter.kind is Kind.LICENSING


def test_init_plan_is_empty_once_applied() -> None:
    county = load_county(shipped_county_path())
    catalogue = load_catalogue_file(sample_catalogue_path())
    d = Directory()
    plan, skipped = plan_init(d, county, catalogue, "sample.csv")
    assert sum(len(events) for _, events in plan) > 300 and skipped == []
    assert len(d.townships) == 14 and len(d.team("taicheng")) >= 16
    again, _ = plan_init(d, county, catalogue, "sample.csv")
    assert again == []


def test_init_plan_refuses_a_second_leader_before_anything_is_appended(tmp_path: Path) -> None:
    extra = (
        '\n[[people]]\nid = "tc-099"\nname = "二号队长"\ntownship = "taicheng"\norigin = "leader"\n'
    )
    path = tmp_path / "c.toml"
    path.write_text(shipped_county_path().read_text(encoding="utf-8") + extra, encoding="utf-8")
    catalogue = load_catalogue_file(sample_catalogue_path())
    with pytest.raises(RuleViolation, match="队长由乡镇长担任"):
        plan_init(Directory(), load_county(path), catalogue, "sample.csv")

"""The county's accountability policy (`[accountability]` in the county file), parsed."""

from __future__ import annotations

from pathlib import Path

import pytest

from workflow.accountability.policy import load_policy
from workflow.accountability.types import Grade, Sanction
from workflow.cli.inspection import parse_finding
from workflow.datafile import InvalidDataFile
from workflow.organisation.county import shipped_county_path
from workflow.organisation.types import Role


def test_the_shipped_policy_names_who_decides_every_sanction() -> None:
    policy = load_policy()
    assert set(policy.decisions) == set(Sanction)
    dismiss = policy.decisions[Sanction.DISMISS]
    assert (dismiss.by, dismiss.agree) == (frozenset({Role.LEADER}), Role.SUPERVISOR)
    assert policy.cutoffs[Grade.EXCELLENT] > policy.cutoffs[Grade.QUALIFIED]


def test_every_sample_value_says_so_in_the_file() -> None:
    text = shipped_county_path().read_text(encoding="utf-8")
    section = text[text.index("[accountability.inspection]") :]
    assert section.count("SAMPLE") >= 8


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = shipped_county_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "county.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('dismiss = { by = ["leader"], agree = "supervisor" }', 'dismiss = { by = ["mayor"] }'),
        ('dismiss = { by = ["leader"], agree = "supervisor" }', "dismiss = { by = [] }"),
        ("excellent_share = 0.66", "excellent_share = 1.5"),
        ('opens = "12-01"', 'opens = "13-01"'),
        ("statement_days = 5", "statement_days = -1"),
    ],
)
def test_a_bad_policy_is_refused_naming_the_file(tmp_path: Path, old: str, new: str) -> None:
    with pytest.raises(InvalidDataFile, match="accountability"):
        load_policy(_edited(tmp_path, old, new))


def test_a_county_file_without_the_section_gets_the_sample_policy(tmp_path: Path) -> None:
    text = shipped_county_path().read_text(encoding="utf-8")
    path = tmp_path / "county.toml"
    path.write_text(text[: text.index("# ---- 责任追究")], encoding="utf-8")
    assert load_policy(path) == load_policy()


def test_a_finding_names_its_scope_officers_and_cases() -> None:
    found = parse_finding("case_files|缺少签名|officers=tc-005, tc-006|cases=taicheng-P-2026-3")
    assert found == {"scope": "case_files", "text": "缺少签名", "officers": ["tc-005", "tc-006"],
                     "cases": ["taicheng-P-2026-3"]}  # fmt: skip
    for bad in ("case_files", "gossip|x", "case_files||", "case_files|x|people=a"):
        with pytest.raises(ValueError):
            parse_finding(bad)


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        ("优秀 优秀", None),  # fewer than the county's 3 votes
        ("优秀 优秀 称职", "优秀"),
        ("优秀 称职 称职", "称职"),
        ("优秀 优秀 优秀 不称职", "优秀"),
        ("优秀 优秀 基本称职 不称职", "基本称职"),
        ("称职 不称职 不称职", "不称职"),
        ("基本称职 基本称职 称职", "基本称职"),
    ],
)
def test_the_duty_result_follows_the_shares_in_the_county_file(votes: str, expected: str | None) -> None:
    from workflow.accountability.rules import duty_result

    found = duty_result(votes.split(), load_policy())
    assert (found.value if found else None) == expected

"""下一步's `who` names the case's officers and hearing chair (next_steps.named), in one pass:
a name put in is never read as an id again, and an id that starts another is not cut."""

from __future__ import annotations

from workflow.cases.case import Case
from workflow.cases.next_steps import named


def test_officers_and_the_chair_are_named_once_each() -> None:
    case = Case(officers=("tc-001", "tc-0010"), hearing_chair="tc-00")
    names = {"tc-001": "张三", "tc-0010": "李四", "tc-00": "王五"}
    wait = {"act": "调查取证", "who": "tc-001、tc-0010", "by": "2026-06-08"}
    assert named(wait, case, lambda o: f"{names[o]}（{o}）") == {
        "act": "调查取证", "who": "张三（tc-001）、李四（tc-0010）", "by": "2026-06-08"}  # fmt: skip
    chair = {"act": "举行听证", "who": "听证主持人 tc-00", "by": None}
    assert named(chair, case, lambda o: names[o])["who"] == "听证主持人 王五"


def test_roles_and_an_unassigned_case_are_left_as_they_are() -> None:
    wait = {"act": "指派办案人员（或不予立案）", "who": "队长或副队长", "by": None}
    assert named(wait, Case(), lambda o: "x") == wait

"""Duty reports and evaluation (述职评议), on every store backend.

The county window is 12-01..12-31 (county file); days are passed explicitly.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.integration.county_contract import CountyContract
from workflow.accountability import duty as service
from workflow.accountability import evaluators
from workflow.accountability.policy import load_policy
from workflow.accountability.types import DutyGrade
from workflow.errors import NotAuthorised, NotFound, RuleViolation
from workflow.limits import InvalidFile

DEC = date(2026, 12, 5)
OFFICER = "tc-005"
NAMED = ["tc-001", "tc-002", "tc-003", "tc-006", OFFICER]


class DutyContract(CountyContract):
    NOW = "2026-12-05T10:00:00"

    def reported(self, officer: str = OFFICER) -> None:
        service.submit(self.store, officer, year=2026, text="全年办理案件12件，无超期", on=DEC)
        if not evaluators.named(self.store, "taicheng", 2026)[0]:
            evaluators.name_evaluators(self.store, "tc-001", township="taicheng", year=2026,
                                       evaluators=NAMED, representatives=["王大爷"], on=DEC)  # fmt: skip

    def test_a_report_comes_once_inside_the_window(self) -> None:
        submit = service.submit
        self.refused(RuleViolation, submit, OFFICER, year=2026, text="t", on=date(2026, 11, 30))
        self.refused(RuleViolation, submit, OFFICER, year=2026, text="t", on=date(2027, 1, 1))
        self.refused(NotAuthorised, submit, "sv-001", year=2026, text="t", on=DEC)
        self.refused(ValueError, submit, OFFICER, year=2026, text="  ", on=DEC)
        self.reported()
        self.refused(RuleViolation, submit, OFFICER, year=2026, text="again", on=DEC)
        assert service.load_duty(self.store, OFFICER, 2026).submitted_on == DEC

    def test_a_report_file_is_kept_by_its_hash(self, tmp_path: Path) -> None:
        """The file's content is kept by its SHA-256 (for the evaluators to read), not only
        its hash recorded; a file refused keeps nothing and appends nothing."""
        path, kept = tmp_path / "述职报告.txt", tmp_path / "kept"
        path.write_bytes("述职报告全文".encode())
        self.refused(InvalidFile, service.submit, "tc-006", year=2026, file=tmp_path, on=DEC, files_dir=kept)
        assert not kept.exists() or [p for p in kept.rglob("*") if p.is_file()] == []
        service.submit(self.store, OFFICER, year=2026, file=path, on=DEC, files_dir=kept)
        [event] = self.store.read_stream(f"duty-2026-{OFFICER}")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert (event.data["file_sha256"], event.data["file_name"], event.data["text"]) == (digest, "述职报告.txt", "")
        assert (kept / digest[:2] / digest).read_bytes() == path.read_bytes()
        report = service.may_read(self.store, "tc-001", OFFICER, 2026)
        assert (report.file_name, report.file_sha256, report.text) == ("述职报告.txt", digest, "")

    def test_who_may_read_a_report(self) -> None:
        """The officer, the township's leadership and supervisors; the other members only once
        named to evaluate it; nobody of another township, no administrator (述职报告)."""
        service.submit(self.store, OFFICER, year=2026, text="全年办理案件12件", on=DEC)
        read = service.may_read
        for actor in (OFFICER, "tc-001", "tc-002", "sv-001"):
            assert read(self.store, actor, OFFICER, 2026).text == "全年办理案件12件", actor
        for actor in ("tc-006", "tc-007", "gz-001", "ad-001", "nobody", None):
            with pytest.raises(NotAuthorised):
                read(self.store, actor, OFFICER, 2026)
        with pytest.raises(NotFound):
            read(self.store, "sv-001", "xx-404", 2026)
        evaluators.name_evaluators(self.store, "tc-001", township="taicheng", year=2026,
                                   evaluators=NAMED, on=DEC)  # fmt: skip
        assert read(self.store, "tc-006", OFFICER, 2026).text == "全年办理案件12件"  # named: reads it
        for actor, year in (("tc-007", 2026), ("tc-006", 2025)):  # not named; named for 2026 only
            with pytest.raises(NotAuthorised):
                read(self.store, actor, OFFICER, year)

    @pytest.mark.parametrize(
        ("evaluator", "allowed"),
        [("tc-001", True), ("tc-006", True), ("sv-001", False), (OFFICER, False),
         ("tc-007", False), ("gz-001", False), ("ad-001", False)],
    )  # fmt: skip
    def test_who_may_evaluate(self, evaluator: str, allowed: bool) -> None:
        self.reported()
        kwargs = {"year": 2026, "grade": DutyGrade.COMPETENT, "on": DEC}
        if allowed:
            service.evaluate(self.store, evaluator, OFFICER, **kwargs)
            assert service.load_duty(self.store, OFFICER, 2026).votes == {evaluator: "称职"}
        else:
            self.refused(NotAuthorised, service.evaluate, evaluator, OFFICER, **kwargs)

    def test_one_evaluator_grades_once_a_report_on_record_within_its_year(self) -> None:
        evaluate = service.evaluate
        self.refused(RuleViolation, evaluate, "tc-001", OFFICER, year=2026, grade=DutyGrade.EXCELLENT, on=DEC)
        self.reported()
        evaluate(self.store, "tc-001", OFFICER, year=2026, grade=DutyGrade.EXCELLENT, on=DEC)
        self.refused(RuleViolation, evaluate, "tc-001", OFFICER, year=2026, grade=DutyGrade.BASIC, on=DEC)
        self.refused(RuleViolation, evaluate, "tc-002", OFFICER, year=2026, grade=DutyGrade.BASIC,
                     on=date(2027, 1, 1))  # fmt: skip

    def test_the_result_follows_the_county_rule(self) -> None:
        self.reported()
        grades = [("tc-001", DutyGrade.EXCELLENT), ("tc-002", DutyGrade.EXCELLENT)]
        for evaluator, grade in grades:
            service.evaluate(self.store, evaluator, OFFICER, year=2026, grade=grade, on=DEC)
        assert service.result(self.store, OFFICER, 2026).grade is None  # 2 < 3 votes
        service.evaluate(self.store, "tc-003", OFFICER, year=2026, grade=DutyGrade.INCOMPETENT, on=DEC)
        assert service.result(self.store, OFFICER, 2026).grade is DutyGrade.EXCELLENT  # 2/3 优秀
        service.evaluate(self.store, "tc-006", OFFICER, year=2026, grade=DutyGrade.BASIC, on=DEC)
        assert service.result(self.store, OFFICER, 2026).grade is DutyGrade.BASIC  # 2/4 weak

    def test_the_township_leader_names_the_evaluators(self) -> None:
        name = evaluators.name_evaluators
        service.submit(self.store, OFFICER, year=2026, text="全年无超期", on=DEC)
        grade = {"year": 2026, "grade": DutyGrade.COMPETENT, "on": DEC}
        self.refused(RuleViolation, service.evaluate, "tc-001", OFFICER, **grade)  # no list named yet
        kwargs: dict[str, Any] = {"township": "taicheng", "year": 2026, "evaluators": NAMED, "on": DEC}
        self.refused(NotAuthorised, name, "tc-002", **kwargs)  # a deputy
        self.refused(NotAuthorised, name, "gz-001", **kwargs)  # another township's leader
        self.refused(NotAuthorised, name, "sv-001", **kwargs)
        self.refused(NotFound, name, "tc-001", **{**kwargs, "evaluators": ["tc-001", "gz-004", "tc-002"]})
        self.refused(RuleViolation, name, "tc-001", **{**kwargs, "evaluators": ["tc-001", "tc-002"]})
        closed = replace(load_policy(), duty_representatives=False)
        self.refused(RuleViolation, name, "tc-001", **kwargs, representatives=["王大爷"], policy=closed)
        name(self.store, "tc-001", **kwargs, representatives=["王大爷"])
        [listed] = [e for e in evaluators.named(self.store, "taicheng", 2026)[0] if e["kind"] == "representative"]
        assert listed["name"] == "王大爷"
        self.refused(NotAuthorised, service.evaluate, "tc-002", OFFICER, **grade, representative=listed["id"])
        self.refused(NotAuthorised, service.evaluate, "tc-001", OFFICER, **grade, representative="tc-006")
        service.evaluate(self.store, "tc-001", OFFICER, **grade, representative=listed["id"])
        self.refused(RuleViolation, service.evaluate, "tc-001", OFFICER, **grade, representative=listed["id"])
        service.evaluate(self.store, "tc-006", OFFICER, **grade)
        name(self.store, "tc-001", **{**kwargs, "evaluators": ["tc-001", "tc-002", "tc-003"]})
        self.refused(NotAuthorised, service.evaluate, "tc-006", "tc-008", **grade)  # off the new list
        votes = service.load_duty(self.store, OFFICER, 2026).votes
        assert votes == {listed["id"]: "称职", "tc-006": "称职"}

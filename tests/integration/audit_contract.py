"""The supervisor's audit on every backend: history by actor and time, as-of, export bundles.

One recording clock drives both the store (`recorded_at`) and the case service (business
time), so every event's two times are known; one command is backdated on purpose.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from events import EventStore
from tests.integration.backends import settle
from workflow.cases import commands as c
from workflow.cases.service import CaseService
from workflow.cases.view import case_view
from workflow.clock import local_day
from workflow.errors import NotFound
from workflow.organisation.service import init_county
from workflow.organisation.snapshot import load_directory
from workflow.reports import audit
from workflow.reports.audit import TimeField
from workflow.reports.bundle_verify import verify_bundle
from workflow.reports.export import export_case

CASE1, CASE2 = "taicheng-P-2026-1", "taicheng-P-2026-2"
DAY1 = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)  # 09:00 Asia/Shanghai


class AuditContract:
    store: EventStore
    now: datetime
    late_at: datetime

    def drop_triggers(self) -> None:
        raise NotImplementedError

    def raw_execute(self, sql: str) -> None:
        raise NotImplementedError

    def at(self, moment: datetime, command: Any) -> Any:
        self.now = moment
        return self.service.execute(command)

    @pytest.fixture(autouse=True)
    def _cases(self, _store: None) -> Iterator[None]:
        self.now = DAY1 - timedelta(days=30)
        self.store.clock = lambda: self.now
        init_county(self.store)
        directory = load_directory(self.store)
        self.service = CaseService(self.store, lambda: directory, clock=lambda: self.now)
        self.story()
        settle(self.store)
        yield

    def story(self) -> None:
        """Two cases over four days; tc-005's second evidence is recorded 46 h late."""
        day2, day4 = DAY1 + timedelta(days=1), DAY1 + timedelta(days=3)
        opened = dict(township="taicheng", matter="SC-CF-001", party="张三", summary="无照经营")
        self.at(DAY1, c.OpenCase(actor="tc-004", **opened))  # type: ignore[arg-type]
        self.at(
            DAY1 + timedelta(minutes=30),
            c.DispatchCase(actor="tc-001", case=CASE1, officers=("tc-004", "tc-005")),
        )
        self.at(
            day2,
            c.RecordEvidence(
                actor="tc-004",
                case=CASE1,
                kind="照片",
                text="现场 ok1",
                file_name="现场.jpg",
                file_sha256="ab" * 32,
            ),
        )
        self.at(day2 + timedelta(minutes=5), c.OpenCase(actor="tc-004", **opened))  # type: ignore[arg-type]
        self.at(
            day2 + timedelta(hours=1),
            c.DispatchCase(actor="tc-001", case=CASE2, officers=("tc-004", "tc-005")),
        )
        self.late_at = day4 - timedelta(hours=46)
        self.at(
            day4,
            c.RecordEvidence(
                actor="tc-005",
                case=CASE1,
                kind="询问笔录",
                text="询问当事人",
                at=self.late_at,
                late_reason="外出调查，返回后补录",  # 补录原因: required past an hour
            ),
        )

    def history(
        self,
        actor: str | None,
        start: str | None,
        end: str | None,
        by: TimeField = TimeField.RECORDED,
    ) -> list[tuple[str, int, str]]:
        found = audit.actor_events(self.store, actor=actor, within=audit.window(start, end), by=by)
        return [(e.stream_id, e.version, e.type) for e in found]

    # --- history ------------------------------------------------------------------------
    def test_history_by_actor_and_day_is_exactly_that_actors_events(self) -> None:
        assert self.history("tc-001", "2026-06-01", "2026-06-01") == [
            (f"case-{CASE1}", 2, "CaseDispatched")
        ]
        assert self.history("tc-001", "2026-06-01", "2026-06-04") == [
            (f"case-{CASE1}", 2, "CaseDispatched"),
            (f"case-{CASE2}", 2, "CaseDispatched"),
        ]
        assert self.history("tc-004", "2026-06-02", "2026-06-02") == [
            (f"case-{CASE1}", 3, "EvidenceRecorded"),
            (f"case-{CASE2}", 1, "CaseOpened"),
        ]
        assert self.history("tc-004", "2026-06-03", None) == []
        assert self.history("nobody", None, None) == []

    def test_history_without_dates_lists_every_event_of_the_actor(self) -> None:
        everything = list(self.store.iter_all())
        mine = [e for e in everything if e.metadata.get("actor") == "tc-004"]
        assert len(mine) == 3
        assert self.history("tc-004", None, None) == [
            (e.stream_id, e.version, e.type) for e in mine
        ]

    def test_the_window_can_be_on_business_time_instead(self) -> None:
        assert self.history("tc-005", "2026-06-02", "2026-06-02") == []
        assert self.history("tc-005", "2026-06-04", "2026-06-04") == [
            (f"case-{CASE1}", 4, "EvidenceRecorded")
        ]
        by_business = self.history("tc-005", "2026-06-02", "2026-06-02", TimeField.BUSINESS)
        assert by_business == [(f"case-{CASE1}", 4, "EvidenceRecorded")]

    def test_a_backdated_event_is_flagged_and_the_others_are_not(self) -> None:
        rows = [audit.audit_row(e) for e in audit.case_records(self.store, None, CASE1)]
        assert [r["backdated"] for r in rows] == [False, False, False, True]
        assert rows[3]["backdate"] == "1d 22h" and rows[3]["actor"] == "tc-005"
        assert rows[3]["at"] == "2026-06-02 11:00" and rows[3]["recorded_at"] == "2026-06-04 09:00"

    # --- as of --------------------------------------------------------------------------
    def test_as_of_returns_the_case_as_it_stood(self) -> None:
        before = audit.case_as_of(self.store, None, CASE1, DAY1 + timedelta(minutes=29))
        assert before.state is not None and before.state.value == "opened" and before.version == 1
        after = audit.case_as_of(self.store, None, CASE1, DAY1 + timedelta(minutes=30))
        assert after.state is not None and after.state.value == "dispatched"
        assert after.officers == ("tc-004", "tc-005") and after.evidence == 0
        assert audit.case_as_of(self.store, None, CASE1, audit.end_of("2026-06-03")).evidence == 1
        # the backdated evidence did not exist on the day it claims: it was recorded later
        assert (
            audit.case_as_of(self.store, None, CASE1, self.late_at + timedelta(hours=1)).evidence
            == 1
        )
        assert audit.case_as_of(self.store, None, CASE1, audit.end_of("2026-06-04")).evidence == 2

    def test_as_of_deadlines_are_counted_from_that_day(self) -> None:
        moment = audit.end_of("2026-08-29")
        view = case_view(audit.case_as_of(self.store, None, CASE1, moment), local_day(moment))
        decision = view["deadlines"][0]
        assert (
            decision["due"] == "2026-08-31"  # 30 Aug is a Sunday: rolled to Monday
            and decision["days_left"] == 2
            and not decision["overdue"]
        )

    def test_as_of_before_the_case_existed_is_not_found(self) -> None:
        with pytest.raises(NotFound, match="did not exist yet"):
            audit.case_as_of(self.store, None, CASE2, DAY1 + timedelta(hours=1))
        with pytest.raises(NotFound, match="no such case"):
            audit.case_as_of(self.store, None, "taicheng-P-2026-9", DAY1)

    # --- export ---------------------------------------------------------------------------
    def export(self, tmp_path: Path) -> Path:
        out = tmp_path / "案卷.zip"
        result = export_case(self.store, f"case-{CASE1}", out, DAY1 + timedelta(days=5), "sv-001")
        assert result.chain_ok and result.events == 4
        return out

    def test_the_exported_bundle_verifies_on_its_own(self, tmp_path: Path) -> None:
        out = self.export(tmp_path)
        report = verify_bundle(out)
        assert report.ok, report.problem
        assert report.head_hash == self.store.read_stream(f"case-{CASE1}")[-1].hash
        with zipfile.ZipFile(out) as z:
            assert sorted(z.namelist()) == sorted(
                ["README.txt", "events.jsonl", "chain.json", "evidence.json", "summary.html"]
            )
            lines = [json.loads(x) for x in z.read("events.jsonl").decode().splitlines()]
            evidence = json.loads(z.read("evidence.json"))["evidence"]
        stored = self.store.read_stream(f"case-{CASE1}")
        assert [(x["version"], x["hash"], json.loads(x["data"])) for x in lines] == [
            (e.version, e.hash, e.data) for e in stored
        ]
        assert [e["file_sha256"] for e in evidence] == ["ab" * 32, None]

    def test_one_altered_byte_fails_naming_the_event(self, tmp_path: Path) -> None:
        out = self.export(tmp_path)
        with zipfile.ZipFile(out) as z:
            files = {n: z.read(n) for n in z.namelist()}
        assert files["events.jsonl"].count(b"ok1") == 1
        files["events.jsonl"] = files["events.jsonl"].replace(b"ok1", b"ok2")
        altered = tmp_path / "altered.zip"
        with zipfile.ZipFile(altered, "w") as z:
            for name, body in files.items():
                z.writestr(name, body)
        report = verify_bundle(altered)
        assert not report.ok and report.problem is not None
        assert "hash-mismatch" in report.problem
        assert f"'case-{CASE1}' version 3" in report.problem

    def test_a_case_altered_in_the_database_exports_as_altered(self, tmp_path: Path) -> None:
        self.drop_triggers()
        self.raw_execute(
            "UPDATE events SET data = replace(data, '现场 ok1', '现场 ok2') WHERE stream_id = 'case-taicheng-P-2026-1'"
        )
        result = export_case(self.store, f"case-{CASE1}", tmp_path / "x.zip", DAY1, None)
        assert not result.chain_ok
        report = verify_bundle(tmp_path / "x.zip")
        assert not report.ok and "version 3" in (report.problem or "")

    def test_events_of_a_sealed_month_are_proven_against_its_root(self, tmp_path: Path) -> None:
        from workflow.reports.seals import seal_month

        self.now = datetime(2026, 7, 1, 1, 0, tzinfo=UTC)
        sealed, _ = seal_month(self.store, "2026-06", date(2026, 7, 1))
        settle(self.store)
        report = verify_bundle(self.export(tmp_path))
        assert report.ok, report.problem
        assert report.sealed == (("2026-06", sealed.root, 4),)
        with zipfile.ZipFile(tmp_path / "案卷.zip") as z:
            chain = json.loads(z.read("chain.json"))
        assert chain["seals"][0]["size"] == sealed.count
        assert chain["seals"][0]["matches_seal_at_export"] is True

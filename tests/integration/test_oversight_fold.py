"""The oversight read model folds a batch in memory (projections.oversight._Fold): caught up
two events a batch, so every change lands in a later batch than the row it changes, it
holds what a rebuild in one batch holds, on SQLite and PostgreSQL; a key opened twice is
quarantined either way; a row changed after the batch that opened it keeps its place."""

from __future__ import annotations

from typing import Any

import pytest

from events import EventStore, NewEvent
from projections.engine import ProjectionEngine
from projections.oversight import OversightProjection
from tests.integration.backends import PostgresBackend, SQLiteBackend, settle

FINDINGS = [
    {
        "id": "F1",
        "scope": "case",
        "text": "未告知",
        "cases": ["c1"],
        "officers": ["o1", "o2", "o1"],
    },
    {"id": "F2", "scope": "team", "text": "台账缺失", "cases": [], "officers": []},
]
GRADES = {
    "year": 2026,
    "officers": [{"officer_id": "o1", "township": "taicheng", "grade": "优秀", "score": 95.5}],
    "teams": [{"township": "taicheng", "grade": "良好", "score": 88.0}],
}
LOG: list[tuple[str, str, dict[str, Any]]] = [
    ("inspection-A", "InspectionPlanned", {"inspection_id": "A", "township": "taicheng",
     "scope": ["cases", "files"], "planned_for": "2026-03-01"}),
    ("inspection-B", "InspectionPlanned", {"inspection_id": "B", "township": "gaohong",
     "scope": ["files"], "planned_for": "2026-03-02"}),
    ("case-c1", "CaseDispatched", {"officers": ["o1", "o2"]}),
    ("inspection-A", "InspectionRecorded", {"inspection_id": "A", "held_on": "2026-03-05",
     "findings": FINDINGS}),
    ("inspection-Z", "InspectionRecorded", {"inspection_id": "Z", "held_on": "2026-03-06",
     "findings": FINDINGS[1:]}),  # nobody planned Z: its finding has no township
    ("inspection-A", "RectificationOrdered", {"inspection_id": "A", "due": "2026-04-01",
     "ordered_on": "2026-03-07"}),
    ("inquiry-Q", "InquiryOpened", {"inquiry_id": "Q", "township": "taicheng", "officer_id": "o1",
     "ground": "case", "details": "超期", "opened_on": "2026-03-08", "statement_due": "2026-03-15"}),
    ("inspection-A", "InspectionPlanned", {"inspection_id": "A", "township": "other",
     "scope": [], "planned_for": "2026-03-09"}),  # A again: refused by the table, quarantined
    ("case-c1", "RecusalDecided", {"officer": "o1", "granted": True}),
    ("inspection-A", "RectificationReported", {"inspection_id": "A", "reported_on": "2026-03-20"}),
    ("inspection-A", "RectificationVerified", {"inspection_id": "A", "outcome": "reopened",
     "verified_on": "2026-03-22", "due": "2026-05-01"}),
    ("inquiry-Q", "InquiryStatementRecorded", {"inquiry_id": "Q", "stated_on": "2026-03-10"}),
    ("inquiry-Q", "InquiryOpinionRecorded", {"inquiry_id": "Q", "recorded_on": "2026-03-11"}),
    ("case-c2", "CaseDispatched", {"officers": ["o3", "o4"]}),
    ("inspection-B", "InspectionRecorded", {"inspection_id": "B", "held_on": "2026-03-12",
     "findings": []}),
    ("inspection-A", "RectificationReported", {"inspection_id": "A", "reported_on": "2026-04-20"}),
    ("inspection-A", "RectificationVerified", {"inspection_id": "A", "outcome": "accepted",
     "verified_on": "2026-04-22"}),  # no new due day: the reopened one stays
    ("inquiry-Q", "InquiryDecided", {"inquiry_id": "Q", "sanction": "诫勉谈话",
     "decided_on": "2026-03-25", "reasons": "情节较轻"}),
    ("case-c2", "CaseReassigned", {"officers": ["o5", "o5"]}),
    ("inquiry-Q", "InquiryReferred", {"inquiry_id": "Q", "organ": "县纪委监委"}),
    ("inquiry-X", "InquiryDecided", {"inquiry_id": "X", "sanction": "s", "decided_on": "2026-03-26",
     "reasons": "r"}),  # nobody opened X: changes nothing
    ("duty-o1", "DutyReportSubmitted", {"officer_id": "o1", "year": 2026,
     "submitted_on": "2026-12-01"}),
    ("duty-o1", "DutyEvaluated", {"officer_id": "o1", "year": 2026, "evaluator": "o2",
     "grade": "称职", "evaluated_on": "2026-12-05"}),
    ("assessment-2026", "AnnualGradesIssued", GRADES),
    ("execution-c1", "RemedyDecided", {"remedy": "复议", "outcome": "撤销",
     "decided_on": "2026-06-01"}),
    ("execution-c2", "RemedyDecided", {"remedy": "诉讼", "outcome": "维持",
     "decided_on": "2026-06-02"}),  # upheld: not an overturned decision
]  # fmt: skip


class OversightFoldContract:
    store: EventStore

    def snapshot(self, engine: ProjectionEngine) -> dict[str, list[tuple[Any, ...]]]:
        tables = engine.tables("oversight")
        with self.store.engine.connect() as conn:
            return {
                name: sorted(
                    (tuple(map(repr, r)) for r in conn.execute(t.select())),
                )
                for name, t in sorted(tables.items())
            }

    def test_two_events_a_batch_equals_a_rebuild_in_one(self) -> None:
        for stream, kind, data in LOG:
            self.store.append(stream, [NewEvent(kind, data)])
        settle(self.store)
        small = ProjectionEngine(self.store, [OversightProjection()], batch=2, max_batch=2)
        small.bulk_fresh = False  # batch by batch, as a catch-up keeps up
        small.catch_up("oversight")
        caught_up = self.snapshot(small)
        [twice] = small.quarantined("oversight")
        assert twice.event_type == "InspectionPlanned" and twice.stream_id == "inspection-A"
        large = ProjectionEngine(self.store, [OversightProjection()], batch=1000)
        assert large.rebuild("oversight").generation == 2
        assert self.snapshot(large) == caught_up
        assert [q.position for q in large.quarantined("oversight")] == [twice.position]
        tables = large.tables("oversight")
        i, f, n = tables["inspections"], tables["findings"], tables["named"]
        q, c, o = tables["inquiries"], tables["case_officers"], tables["overturned"]
        with self.store.engine.connect() as conn:
            a = conn.execute(i.select().where(i.c.inspection_id == "A")).one()
            findings = {
                (r.inspection_id, r.finding_id): r.township for r in conn.execute(f.select())
            }
            named = {tuple(r) for r in conn.execute(n.select())}
            inquiry = conn.execute(q.select()).one()
            officers = {r.case_id: r.officers for r in conn.execute(c.select())}
            overturned = [(r.case_id, r.outcome) for r in conn.execute(o.select())]
        assert (a.township, a.status, a.findings, str(a.due), str(a.ordered_on)) == (
            "taicheng",
            "accepted",
            2,
            "2026-05-01",
            "2026-03-07",
        )
        assert (str(a.reported_on), str(a.verified_on)) == ("2026-04-20", "2026-04-22")
        assert findings == {("A", "F1"): "taicheng", ("A", "F2"): "taicheng", ("Z", "F2"): ""}
        assert named == {("A", "F1", "o1"), ("A", "F1", "o2")}
        assert (inquiry.sanction, inquiry.referred_to, str(inquiry.opinion_on)) == (
            "诫勉谈话",
            "县纪委监委",
            "2026-03-11",
        )
        assert officers == {"c1": ["o2"], "c2": ["o5"]}
        assert overturned == [("c1", "撤销")]


class TestSQLiteOversightFold(SQLiteBackend, OversightFoldContract):
    def test_a_changed_row_keeps_its_place(self) -> None:
        """A, changed in later batches than B was planned in, is still read before B by a
        query without an order (SQLite: rowid order), as when each event was a statement."""
        for stream, kind, data in LOG:
            self.store.append(stream, [NewEvent(kind, data)])
        small = ProjectionEngine(self.store, [OversightProjection()], batch=2, max_batch=2)
        small.bulk_fresh = False
        small.catch_up("oversight")
        name = small.tables("oversight")["inspections"].name
        rows = self.raw_query(f"SELECT inspection_id, status FROM {name} ORDER BY rowid")
        assert rows == [("A", "accepted"), ("B", "recorded")]


@pytest.mark.postgres
class TestPostgresOversightFold(PostgresBackend, OversightFoldContract):
    pass

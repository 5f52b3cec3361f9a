"""Cases, accountability and roster folded in batches of every size write what one batch
writes, on both backends. Each model loads only the rows an earlier batch can have written
(a stream whose first event in the batch is its version 1 has none; officers, postings,
stints and certificates only for the events that change them), so this log straddles every
boundary: a case dispatched, extended, recused and closed over many batches, a licence
granted and issued, a stream of case events without a CaseOpened, an officer posted away,
restored, transferred and enlisted again, another removed while away, a certificate issued,
revoked and renewed. Every event must fold: nothing is quarantined."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, create_engine, select
from sqlalchemy.pool import NullPool

from events import RecordedEvent
from projections import quarantine
from projections.accountability import AccountabilityProjection
from projections.cases import CasesProjection
from projections.engine import Projection
from projections.roster import RosterProjection
from tests.integration.backends import bare_engine

AT = "2026-03-02T01:00:00.000000Z"  # 09:00 in Shanghai
TC = {"township": "taicheng", "origin": "township", "domain": None}


def opened(case: str, kind: str) -> dict[str, Any]:
    return {
        "kind": kind, "due": "2026-06-01", "case_id": case, "number": f"台城镇〔2026〕{case}号",
        "township": "taicheng", "township_name": "台城镇", "matter_code": "SC-CF-003",
        "matter_name": "未明码标价", "party": "张三", "at": AT,
    }  # fmt: skip


LOG: list[tuple[str, str, dict[str, Any]]] = [  # stream, type, data
    ("roster-tc", "MemberEnlisted", {"officer_id": "tc-1", "name": "甲", **TC, "effective": "2026-01-05"}),
    ("roster-tc", "MemberEnlisted", {"officer_id": "tc-2", "name": "乙", **TC, "effective": "2026-01-05"}),
    ("roster-tc", "MemberEnlisted", {"officer_id": "tc-3", "name": "丙", **TC, "effective": "2026-01-06"}),
    ("roster-tc", "CertificateIssued", {"officer_id": "tc-1", "number": "C1", "valid_from": "2026-01-01", "valid_until": "2026-12-31"}),
    ("case-a", "CaseOpened", opened("a", "penalty")),
    ("case-a", "CaseDispatched", {"officers": ["tc-1", "tc-2", "tc-3"], "at": AT}),
    ("case-b", "CaseOpened", {**opened("b", "licence"), "due_estimated": True}),
    ("case-x", "EvidenceRecorded", {"kind": "现场笔录"}),  # a stream without CaseOpened
    ("case-y", "CaseDispatched", {"officers": ["tc-2"], "at": AT}),  # nor here
    ("roster-tc", "OfficerPostedAway", {"officer_id": "tc-2", "posted_on": "2026-03-10", "details": "借调"}),
    ("case-a", "DeadlineExtended", {"due": "2026-07-01"}),
    ("case-a", "RecusalDecided", {"granted": True, "officer": "tc-3"}),
    ("case-b", "LicenceGranted", {"issue_due": "2026-04-01", "at": "2026-03-20T17:00:00.000000Z"}),
    ("roster-tc", "PersonnelOpinionRecorded", {"officer_id": "tc-1", "action": "transfer", "agrees": True, "opinion": "同意", "recorded_on": "2026-03-21"}),
    ("roster-tc", "ReinstatementAgreed", {"officer_id": "tc-2", "agreed_on": "2026-03-25"}),
    ("case-y", "CaseReassigned", {"officers": ["tc-2", "tc-3"], "at": "2026-03-26T02:00:00.000000Z"}),
    ("roster-tc", "CertificateRevoked", {"officer_id": "tc-1", "revoked_on": "2026-03-27", "reason": "违法执法"}),
    ("roster-tc", "OfficerReinstated", {"officer_id": "tc-2", "reinstated_on": "2026-04-01", "details": "回岗"}),
    ("case-b", "LicenceIssued", {}),
    ("case-a", "PenaltyNotified", {"amount": 500.0, "hearing_due": "2026-04-10"}),
    ("case-a", "CaseReassigned", {"officers": ["tc-1", "tc-3"], "at": "2026-04-02T02:00:00.000000Z"}),
    ("roster-tc", "PersonnelActionRecorded", {"officer_id": "tc-1", "action": "transfer", "details": "调往县局", "recorded_on": "2026-04-03"}),
    ("roster-lj", "MemberEnlisted", {"officer_id": "tc-1", "name": "甲", "township": "lingjing", "origin": "township", "domain": None, "effective": "2026-04-05"}),
    ("roster-tc", "CertificateRenewed", {"officer_id": "tc-1", "number": "C2", "valid_until": "2028-12-31", "renewed_on": "2026-04-06"}),
    ("roster-tc", "OfficerPostedAway", {"officer_id": "tc-3", "posted_on": "2026-04-07", "details": "借调"}),
    ("case-a", "PenaltyDecided", {"amount": 500.0, "at": "2026-04-20T03:00:00.000000Z"}),
    ("roster-tc", "OfficerRemoved", {"officer_id": "tc-3", "removed_on": "2026-04-21", "reason": "inaction", "details": "拒不出警"}),
    ("case-b", "CaseClosed", {"outcome": "granted", "at": "2026-04-22T03:00:00.000000Z"}),
    ("case-a", "CaseClosed", {"outcome": "executed", "at": "2026-05-02T03:00:00.000000Z"}),
    ("case-a", "CaseReviewed", {"verdict": "qualified", "at": "2026-05-10T03:00:00.000000Z"}),
    ("case-x", "EvidenceRecorded", {"kind": "询问笔录"}),
]  # fmt: skip


def recorded() -> list[RecordedEvent]:
    versions: dict[str, int] = {}
    events = []
    for position, (stream, kind, data) in enumerate(LOG, start=1):
        versions[stream] = versions.get(stream, 0) + 1 + (stream == "case-x")  # x: no version 1
        events.append(RecordedEvent(position, stream, versions[stream], kind, 1, data, {},
                                    datetime(2026, 5, 1, tzinfo=UTC), "", ""))  # fmt: skip
    return events


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    with bare_engine(request.param, tmp_path) as found:
        yield found


Rows = dict[str, list[dict[str, Any]]]


def fold(engine: Engine, projection: Projection, size: int) -> Rows:
    """The model's tables after the log in batches of `size`, each in its own transaction."""
    metadata = MetaData()
    tables = projection.define(metadata, f"{projection.name}_b{size}_")
    events = recorded()
    with engine.begin() as conn:
        metadata.create_all(conn)
        conn.exec_driver_sql(quarantine.QUARANTINE_DDL)
    with engine.connect() as conn:
        for start in range(0, len(events), size):
            with conn.begin():
                chunk = events[start : start + size]
                set_aside = quarantine.apply(conn, projection, tables, chunk, 1)
                assert set_aside == 0, f"{projection.name}: quarantined in batches of {size}"
        return {
            short: sorted((dict(r._mapping) for r in conn.execute(select(t))), key=repr)
            for short, t in tables.items()
        }


@pytest.mark.parametrize("model", [CasesProjection, AccountabilityProjection, RosterProjection])
def test_batches_of_every_size_write_what_one_batch_writes(
    engine: Engine, model: type[Projection]
) -> None:
    projection = model()
    whole = fold(engine, projection, len(LOG))
    for size in range(1, len(LOG)):
        assert fold(engine, projection, size) == whole, f"batches of {size}"


def pick(rows: list[dict[str, Any]], *names: str) -> list[tuple[Any, ...]]:
    return sorted(tuple(r[n] for n in names) for r in rows)


def test_the_log_means_what_it_says(tmp_path: Path) -> None:
    """The one-batch fold of the log itself, so the comparison above compares something."""
    engine = create_engine(f"sqlite:///{tmp_path / 'one.db'}", poolclass=NullPool)
    cases = fold(engine, CasesProjection(), len(LOG))
    assert pick(cases["cases"], "stream_id", "state", "officers", "extensions") == [
        ("case-a", "reviewed", ["tc-1", "tc-3"], 1), ("case-b", "closed", [], 0),
    ]  # fmt: skip
    assert pick(cases["deadlines"], "stream_id", "name", "due") == [
        ("case-a", "decision", date(2026, 7, 1)),
        ("case-a", "hearing_request", date(2026, 4, 10)),
        ("case-b", "decision", date(2026, 6, 1)),  # issued: no licence_issue left
    ]
    acc = fold(engine, AccountabilityProjection(), len(LOG))
    assert pick(acc["assignments"], "stream_id", "officer_id") == [
        ("case-a", "tc-1"), ("case-a", "tc-3"), ("case-y", "tc-2"), ("case-y", "tc-3"),
    ]  # fmt: skip
    assert pick(acc["officers"], "officer_id", "township", "removed_on") == [
        ("tc-1", "lingjing", None), ("tc-2", "taicheng", None),
        ("tc-3", "taicheng", date(2026, 4, 21)),
    ]  # fmt: skip
    assert pick(acc["postings"], "officer_id", "agreed_on", "ended_by") == [
        ("tc-2", date(2026, 3, 25), "reinstated"), ("tc-3", None, "removed"),
    ]  # fmt: skip
    roster = fold(engine, RosterProjection(), len(LOG))
    assert pick(roster["stints"], "officer_id", "township", "enlisted_on", "left_why") == [
        ("tc-1", "lingjing", date(2026, 4, 5), None),
        ("tc-1", "taicheng", date(2026, 1, 5), "transferred"),
        ("tc-2", "taicheng", date(2026, 1, 5), "posted_away"),
        ("tc-2", "taicheng", date(2026, 4, 1), None),
        ("tc-3", "taicheng", date(2026, 1, 6), "posted_away"),
        ("tc-3", "taicheng", date(2026, 4, 21), "removed"),
    ]
    assert pick(roster["certificates"], "number", "valid_from", "revoked_on") == [
        ("C1", date(2026, 1, 1), date(2026, 3, 27)), ("C2", date(2026, 1, 1), None),
    ]  # fmt: skip
    engine.dispose()

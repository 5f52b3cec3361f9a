"""A malformed event in the store never takes the read side down (issue 13 §1).

Hand-made events (what a bug, an old version or someone with database access could
leave): a `PenaltyDecided` without its fields, an officer name far over every limit
with a NUL in it (PostgreSQL text cannot hold NUL). The read models quarantine them
and go on; `status` shows them; `case show` shows the case without them; `rebuild`
retries them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from events import NewEvent, open_store
from tests.e2e.inproc import Run, casework
from tests.integration.case_db import BACKENDS, database_url
from workflow.integrity.quarantine import notice_stream

NOW = "2026-06-01T09:00"
CASE = "taicheng-P-2026-1"
READS = [["cases"], ["deadlines"], ["roster", "台城镇"], ["accountability", "tc-004"],
         ["officer", "list"], ["case", "show", CASE]]  # fmt: skip


def run(db: str, *args: str) -> Run:
    return casework("--json", *args, db=db, user="sv-001", now=NOW)


def poison(db: str) -> list[int]:
    store = open_store(db)
    try:
        bad = store.append(f"case-{CASE}", [NewEvent("PenaltyDecided", {})])
        if not store.read_stream(f"case-{CASE}")[:-1]:
            raise AssertionError("the case stream is not where the test thinks it is")
        name = store.append("roster-taicheng", [NewEvent("MemberEnlisted", {
            "officer_id": "tc-777", "name": "长\x00" * 3000, "township": "taicheng",
            "origin": "township_staff", "domain": None, "effective": "2026-06-01"})])
        return [bad.first_position, name.first_position]
    finally:
        store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_read_models_quarantine_a_malformed_event_and_answer(backend: str, tmp_path: Path) -> None:
    db = database_url(backend, tmp_path)
    assert casework("init", db=db).code == 0
    opened = casework("--json", "case", "open", "--township", "台城镇", "--matter", "SC-CF-003",
                      "--party", "张三", "--summary", "未明码标价", db=db, user="tc-004", now=NOW)
    assert opened.code == 0, opened.err  # fmt: skip
    positions = poison(db)
    for argv in READS:
        result = run(db, *argv)
        assert result.code == 0, (argv, result.err)
    shown = run(db, "case", "show", CASE)
    assert "张三" in shown.out and "PenaltyDecided" in shown.err and "unreadable" in shown.err
    status = json.loads(run(db, "status").out)
    quarantined = {(q["projection"], q["position"]) for m in status["projections"]
                   for q in m["quarantined"]}  # fmt: skip
    assert ("cases", positions[0]) in quarantined, quarantined
    assert all(position >= positions[0] for _, position in quarantined)
    at = {m["name"]: m["position"] for m in status["projections"]}
    assert at["cases"] >= positions[1] and at["accountability"] >= positions[1], at
    assert_supervisors_told(db, status, positions[0])
    assert run(db, "rebuild", "--all").code == 0
    again = json.loads(run(db, "status").out)
    retried = {(q["projection"], q["position"]) for m in again["projections"]
               for q in m["quarantined"]}  # fmt: skip
    assert ("cases", positions[0]) in retried, "still malformed after the rebuild: still set aside"
    human = casework("status", db=db, user="sv-001", now=NOW)
    assert human.code == 0 and "quarantined" in human.out and "PenaltyDecided" in human.out


def assert_supervisors_told(db: str, status: dict[str, object], position: int) -> None:
    """One notice to supervisors per quarantined event, once: raised by the sweep, or
    already by the embedded catch-up of a command that appended (the sweep's own notices)."""
    swept = run(db, "sweep")
    assert swept.code == 0, swept.err
    assert json.loads(run(db, "sweep").out)["quarantine_notices"] == 0, "each notice once"
    generation = {m["name"]: m["generation"] for m in status["projections"]}["cases"]  # type: ignore[attr-defined]
    store = open_store(db)
    try:
        notice = store.read_stream(notice_stream("cases", generation, position))
    finally:
        store.close()
    assert [e.type for e in notice] == ["QuarantineNoticeIssued"]
    assert notice[0].data["addressed_to"] == "supervisor"
    assert notice[0].data["event_type"] == "PenaltyDecided" and notice[0].data["error"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_embedded_catch_up_tells_supervisors_at_once(backend: str, tmp_path: Path) -> None:
    """Embedded mode: the catch-up after a command quarantines an event and the notice is
    out when the command returns, before any sweep; the command itself succeeds."""
    db = database_url(backend, tmp_path)
    assert casework("init", db=db).code == 0
    opened = casework("--json", "case", "open", "--township", "台城镇", "--matter", "SC-CF-003",
                      "--party", "张三", "--summary", "未明码标价", "--violation-date", "2026-05-20",
                      db=db, user="tc-004", now=NOW)  # fmt: skip
    assert opened.code == 0, opened.err
    bad = poison(db)[0]
    again = casework("--json", "case", "open", "--township", "台城镇", "--matter", "SC-CF-003",
                     "--party", "李四", "--summary", "未明码标价", "--violation-date", "2026-05-20",
                     db=db, user="tc-004", now=NOW)  # fmt: skip
    assert again.code == 0, again.err  # the notice never fails the command that caught up
    status = json.loads(run(db, "status").out)
    generation = {m["name"]: m["generation"] for m in status["projections"]}["cases"]
    store = open_store(db)
    try:
        notice = store.read_stream(notice_stream("cases", generation, bad))
    finally:
        store.close()
    assert [e.type for e in notice] == ["QuarantineNoticeIssued"], "told before any sweep"
    assert notice[0].data["event_type"] == "PenaltyDecided"
    assert json.loads(run(db, "sweep").out)["quarantine_notices"] == 0, "and only once"

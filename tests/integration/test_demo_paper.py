"""The demo's paper side, on SQLite and PostgreSQL: documents of every kind, service (电子
and 公告 among them), payments (some late, some on the spot, one by instalments), other
sanctions performed, on-the-spot decisions filed, one 催告 and court application, one 复议
that revokes a decision (publication withdrawn within 3 days), one suit, and the public
site, all read back from the events the demo wrote."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from events import EventStore, open_store
from tests import demo_cache
from tests.integration.backends import settle
from tests.integration.case_db import BACKENDS, database_url
from workflow.documents.kinds import DocumentKind
from workflow.documents.service import DocumentService
from workflow.execution.service import ExecutionService
from workflow.organisation.snapshot import load_directory
from workflow.publicity.build import publish_site
from workflow.publicity.service import PublicityService

pytestmark = pytest.mark.slow
TODAY = "2026-11-26T10:00:00"


@pytest.fixture(scope="module", params=BACKENDS)
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, dict[str, object]]:
    """The circular contract's county, built once a run (tests/demo_cache.py); read only."""
    patch = pytest.MonkeyPatch()
    patch.setenv("CASEWORK_NOW", TODAY)
    url = database_url(request.param, tmp_path_factory.mktemp("demo"))
    try:
        summary = demo_cache.demo(url, seed=7, cases=120)
    finally:
        patch.undo()
    return url, summary


def settled(url: str) -> EventStore:
    """The store, once it shows what the demo wrote (PostgreSQL: another transaction on the
    server may hold newer events back from a gap-safe read for a moment)."""
    store = open_store(url)
    settle(store)
    return store


def test_summary_counts_the_paper_the_events_hold(demo: tuple[str, dict[str, object]]) -> None:
    url, summary = demo
    paper = summary["paper"]
    assert isinstance(paper, dict)
    store = settled(url)
    try:
        events = list(store.iter_all())
    finally:
        store.close()
    types = [e.type for e in events]
    assert sum(paper["documents"].values()) == types.count("DocumentIssued") > 30
    kinds = {k.spec.title for k in DocumentKind} - {"案件移送书"}  # every kind: a transfer
    assert kinds <= set(paper["documents"])  # letter where the story has a transfer
    assert ("案件移送书" in paper["documents"]) == ("CaseTransferred" in types)
    assert paper["documents"]["行政处罚决定书"] > 10 and paper["documents"]["催告书"] == 1
    assert paper["documents"]["当场行政处罚决定书"] == types.count("OnTheSpotRecorded") > 5
    assert paper["served_electronic"] >= 1 and paper["served_public"] == 1
    assert paper["service_failed"] == types.count("ServiceFailed") >= 1
    assert 1 <= types.count("ElectronicServiceConsented") <= paper["served_electronic"]
    assert paper["paid_on_the_spot"] >= 1 and paper["payment_plans"] == 1
    assert paper["sanctions_performed"] == types.count("SanctionPerformed") >= 1
    assert paper["spot_filed"] >= 1 and paper["spot_filed_late"] >= 1
    assert paper["suits"] == 1 and paper["reviews_sought"] == 1 and paper["remedies_upheld"] == 1
    assert paper["served"] == types.count("DocumentServed") and paper["served_late"] >= 1
    assert paper["payments"] == types.count("PaymentRecorded") and paper["payments_late"] >= 1
    assert paper["court_applications"] == types.count("CourtEnforcementApplied") == 1
    assert paper["remedies_overturned"] == 1 and paper["publications_withdrawn"] == 1
    assert paper["published"] + paper["published_late"] == types.count("DecisionPublished")
    withdrawn = next(e for e in events if e.type == "PublicationWithdrawn")
    assert withdrawn.data["late"] is False  # within the 3 days of art 48


def test_late_payments_carry_their_late_fee_and_closed_cases_are_paid(
    demo: tuple[str, dict[str, object]],
) -> None:
    url, _ = demo
    store = settled(url)
    try:
        directory = load_directory(store)
        x = ExecutionService(store, lambda: directory)
        closed = [e.stream_id.removeprefix("case-") for e in store.iter_all()
                  if e.type == "CaseClosed" and e.data.get("outcome") == "executed"]  # fmt: skip
        late = 0
        for case in closed:
            loaded = x.load(case)
            if loaded.fine <= 0:
                continue
            paid_on = date.fromisoformat(loaded.execution.payments[-1].paid_on)
            assert loaded.execution.owed(loaded.fine, paid_on) == 0  # nothing owed at closing
            schedule = loaded.execution.schedule(loaded.fine)  # 15 days, or the plan's days
            assert schedule
            due = schedule[-1][0]
            if paid_on > due:
                late += 1
                assert loaded.execution.paid > loaded.fine  # the fine plus its late fee
        assert closed and late >= 1
    finally:
        store.close()


def test_a_demo_document_re_renders_byte_identically(demo: tuple[str, dict[str, object]]) -> None:
    url, _ = demo
    store = settled(url)
    try:
        directory = load_directory(store)
        issued = next(e for e in store.iter_all() if e.type == "DocumentIssued")
        service = DocumentService(store, lambda: directory)
        _, body = service.reproduce(issued.data["case_id"], issued.data["number"])
        assert service.verify(body).ok
    finally:
        store.close()


def test_the_public_site_shows_the_withdrawal(
    demo: tuple[str, dict[str, object]], tmp_path: Path
) -> None:
    url, _ = demo
    store = settled(url)
    try:
        directory = load_directory(store)
        counts = publish_site(PublicityService(store, lambda: directory), tmp_path,
                              date(2026, 11, 28))  # fmt: skip
    finally:
        store.close()
    feed = json.loads((tmp_path / "feed.json").read_text(encoding="utf-8"))["decisions"]
    assert counts["withdrawn"] == 1 and counts["decisions"] > 10
    assert sum(1 for d in feed if d["withdrawn"]) == 1

"""The demo's paper side: documents, service, payments (some late), one 催告 and court
application, one 复议 that revokes a decision (publication withdrawn within 3 days) and
the public site, all read back from the events the demo wrote."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from events import open_store
from workflow.demo.run import run_demo
from workflow.documents.service import DocumentService
from workflow.execution.service import ExecutionService
from workflow.organisation.snapshot import load_directory
from workflow.publicity.build import publish_site
from workflow.publicity.service import PublicityService
from workflow.settings import Settings

pytestmark = pytest.mark.slow
TODAY = "2026-11-28T12:00:00+08:00"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, object]]:
    patch = pytest.MonkeyPatch()
    patch.setenv("CASEWORK_NOW", TODAY)
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    try:
        summary = run_demo(Settings(database_url=url), seed=2026, cases=90)
    finally:
        patch.undo()
    return url, summary


def test_summary_counts_the_paper_the_events_hold(demo: tuple[str, dict[str, object]]) -> None:
    url, summary = demo
    paper = summary["paper"]
    assert isinstance(paper, dict)
    store = open_store(url)
    try:
        events = list(store.iter_all())
    finally:
        store.close()
    types = [e.type for e in events]
    assert sum(paper["documents"].values()) == types.count("DocumentIssued") > 30
    assert paper["documents"]["行政处罚决定书"] > 10 and paper["documents"]["催告书"] == 1
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
    store = open_store(url)
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
            due = loaded.execution.payment_due()
            assert due is not None
            if paid_on > due:
                late += 1
                assert loaded.execution.paid > loaded.fine  # the fine plus its late fee
        assert closed and late >= 1
    finally:
        store.close()


def test_a_demo_document_re_renders_byte_identically(demo: tuple[str, dict[str, object]]) -> None:
    url, _ = demo
    store = open_store(url)
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
    store = open_store(url)
    try:
        directory = load_directory(store)
        counts = publish_site(PublicityService(store, lambda: directory), tmp_path,
                              date(2026, 11, 28))  # fmt: skip
    finally:
        store.close()
    feed = json.loads((tmp_path / "feed.json").read_text(encoding="utf-8"))["decisions"]
    assert counts["withdrawn"] == 1 and counts["decisions"] > 10
    assert sum(1 for d in feed if d["withdrawn"]) == 1

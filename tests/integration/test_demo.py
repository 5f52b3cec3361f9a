"""`casework demo` in-process: deterministic for a seed, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.demo_cache import demo
from tests.integration.case_db import BACKENDS, database_url
from workflow.demo.run import run_demo
from workflow.errors import CaseworkError
from workflow.settings import Settings

pytestmark = pytest.mark.slow


NOW = "2026-11-26T10:00:00"  # the circular contract's county, built once a run (tests/demo_cache.py)


def stable(summary: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in summary.items() if k not in ("seconds", "database", "url")}


def story(url: str) -> list[tuple[Any, ...]]:
    """What the log tells: every event's stream, type, data and recording time, in order."""
    from events import open_store

    store = open_store(url)
    try:
        return [(e.stream_id, e.version, e.type, e.schema_version, e.data, e.recorded_at)
                for e in store.iter_all()]  # fmt: skip
    finally:
        store.close()


def test_same_seed_same_story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run again, the demo tells the same story, event for event: a fresh run in this
    process against the county the contract suites share (tests/demo_cache.py: built once
    a run, perhaps by another worker process). A different seed tells another (compared on
    a smaller county: the seed draws every case's plan)."""
    monkeypatch.setenv("CASEWORK_NOW", NOW)
    first = demo(f"sqlite:///{tmp_path / 'a.db'}", seed=7, cases=120)
    second = run_demo(Settings(database_url=f"sqlite:///{tmp_path / 'b.db'}"), seed=7, cases=120)
    assert stable(first) == stable(second)
    assert story(first["url"]) == story(second["database"])
    assert first["enforcement_actions"] == 120 and first["period"].endswith("2026-11-26")
    small = {seed: run_demo(Settings(database_url=f"sqlite:///{tmp_path / f's{seed}.db'}"), seed=seed, cases=15)
             for seed in (5, 6)}  # fmt: skip
    assert stable(small[5]) != stable(small[6])
    assert small[5]["enforcement_actions"] == small[6]["enforcement_actions"] == 15


@pytest.mark.parametrize("backend", BACKENDS)
def test_demo_on_backend_and_refuses_a_used_database(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shared county, run on this backend by the demo (tests/demo_cache.py copies what
    the run wrote): its read models current, its notices issued day by day; a second demo
    into it is refused; asked to, a SQLite file is deleted and rebuilt from scratch."""
    monkeypatch.setenv("CASEWORK_NOW", NOW)
    url = database_url(backend, tmp_path)
    summary = demo(url, seed=7, cases=120)
    assert summary["enforcement_actions"] == 120 and summary["events_in_store"] > 1200
    assert_read_models_current(url)
    assert_notices_issued_day_by_day(url, summary["overdue_open"])
    story_before = story(url)
    if backend != "sqlite":  # the same seed and day tell the same story on every backend
        on_sqlite = demo(f"sqlite:///{tmp_path / 'same.db'}", seed=7, cases=120)
        assert story(on_sqlite["url"]) == story_before
    with pytest.raises(CaseworkError, match="empty database"):  # a log is never wiped unasked
        run_demo(Settings(database_url=url), seed=3, cases=10)
    assert story(url) == story_before  # nothing written by the refusal
    if backend == "sqlite":  # asked to, a SQLite demo file is rebuilt from scratch
        again = run_demo(Settings(database_url=url), seed=3, cases=10, replace=True)
        assert again["enforcement_actions"] == 10
        rebuilt = story(url)  # only the new demo's events
        assert again["events_in_store"] == len(rebuilt) < len(story_before)


def assert_read_models_current(url: str) -> None:
    """Every read model has folded everything the demo wrote (issue 8: activity was at 0)."""
    from events import open_store
    from projections.engine import ProjectionEngine
    from projections.registry import all_projections
    store = open_store(url)
    try:
        engine = ProjectionEngine(store, all_projections())
        positions = {name: engine.state(name) for name in engine.projections}
        last = store.status().last_position
        assert all(s is not None and s.position == last for s in positions.values()), positions
    finally:
        store.close()


def assert_notices_issued_day_by_day(url: str, overdue_open: int) -> None:
    """The daily sweep ran on each simulated day: notices recorded on the day they name."""
    from events import open_store
    from workflow.clock import local_day

    store = open_store(url)
    try:
        notices = [e for e in store.iter_all() if e.type.endswith(("NoticeIssued", "WarningIssued"))]
    finally:
        store.close()
    overdue = {e.data["case_id"] for e in notices if e.type == "OverdueNoticeIssued"}
    assert overdue and len(overdue) >= overdue_open > 0
    assert any(e.type == "DeadlineWarningIssued" for e in notices)
    assert all(local_day(e.recorded_at).isoformat() == e.data["issued_on"] for e in notices)


def test_the_demo_accounts_are_the_people_their_kinds_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The account printed as 法制审核 is the deputy the leader designated (the first deputy
    was printed, and the review form refused them); each account's role is its kind's."""
    from events import open_store
    from workflow.cases import duties
    from workflow.demo.accounts import KINDS, create_demo_accounts
    from workflow.messages import from_recorded
    from workflow.organisation.snapshot import load_directory

    monkeypatch.setenv("CASEWORK_NOW", NOW)
    url = f"sqlite:///{tmp_path / 'accounts.db'}"
    run_demo(Settings(database_url=url), seed=7, cases=5)
    store = open_store(url)
    try:
        made = create_demo_accounts(store, date(2026, 11, 26))
        directory = load_directory(store)
        held = duties.fold(from_recorded(r) for r in store.read_stream(duties.stream_of("taicheng")))
    finally:
        store.close()
    assert [a["kind"] for a in made] == list(KINDS)
    roles = [directory.person(a["account"]).role.value for a in made[:3]]
    assert roles == ["officer", "leader", "deputy"]
    assert held.holds(made[2]["account"], duties.Duty.LEGAL_REVIEWER)
    assert all(len(a["first_password"]) >= 10 for a in made)

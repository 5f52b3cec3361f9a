"""Every event `casework demo` writes records its channel, `demo` (issue 11 §2: "every event
records the channel"; the values are listed in workflow/origin.py): the county's setup,
the simulated officers' and leaders' acts and the simulated scheduler's sweeps alike."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from events import open_store
from workflow.demo.run import run_demo
from workflow.settings import Settings


def test_every_demo_event_says_it_is_the_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEWORK_NOW", "2026-11-26T10:00:00")
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    run_demo(Settings(database_url=url), seed=3, cases=5, until=date(2026, 6, 30))
    store = open_store(url)
    try:
        events = list(store.iter_all())
    finally:
        store.close()
    channels = Counter(e.metadata.get("channel") for e in events)
    assert channels == {"demo": len(events)}
    roles = {e.metadata.get("role") for e in events}
    assert {"officer", "leader", "system"} <= roles  # people's acts and the sweeps, all `demo`

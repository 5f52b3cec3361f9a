"""Every event records where it came from: organisation commands run from the CLI carry
the channel `cli` (the console's and the API's carry the channel and the account)."""

from __future__ import annotations

import json
from pathlib import Path

from events import open_store
from tests.e2e.cli import casework


def test_org_events_written_from_the_cli_carry_the_cli_channel(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert casework("init", db=db).code == 0
    enlisted = casework("officer", "enlist", "tc-099", "--name", "新人", "--township", "台城镇",
                        "--origin", "township_staff", db=db, user="tc-001")  # fmt: skip
    assert enlisted.code == 0, enlisted.err
    store = open_store(db)
    try:
        records = store.read_stream("roster-taicheng")
        assert records[-1].type == "MemberEnlisted"
        assert records[-1].metadata["channel"] == "cli"
        assert records[-1].metadata["actor"] == "tc-001" and "account" not in records[-1].metadata
        assert {r.metadata.get("channel") for r in store.read_stream("county")} == {"cli"}
    finally:
        store.close()


def test_accountability_events_written_from_the_cli_carry_the_cli_channel(tmp_path: Path) -> None:
    """An inspection planned at the terminal (it carried no channel: the accountability
    commands passed the bare store)."""
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert casework("init", db=db).code == 0
    planned = casework("--json", "inspection", "plan", "--township", "台城镇", "--date",
                       "2026-06-15", "--scope", "case_files", db=db, user="sv-001")  # fmt: skip
    assert planned.code == 0, planned.err
    ref = json.loads(planned.out)["inspection"]
    store = open_store(db)
    try:
        records = store.read_stream(f"inspection-{ref}")
        assert [r.type for r in records][:1] == ["InspectionPlanned"]
        assert {r.metadata.get("channel") for r in records} == {"cli"}
        assert {r.metadata.get("actor") for r in records} == {"sv-001"}
    finally:
        store.close()

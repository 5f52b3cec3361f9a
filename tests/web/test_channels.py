"""Every event records where it came from: organisation commands run from the CLI carry
the channel `cli` (the console's and the API's carry the channel and the account)."""

from __future__ import annotations

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

"""`CASEWORK_CLI_WRITES=off` forbids every case write from the terminal, not only the acts
that run through `run_command`: execution (`case consent`), leads, applications, and a
write token minted with `--as` (issue 11 §2). Reads still work. With writes on, the
execution, document and publicity services stamp their events with the `cli` channel."""

from __future__ import annotations

from pathlib import Path

from events import open_store
from tests.e2e.inproc import environment
from tests.e2e.test_cli_evidence_file import last_position, open_case, run

OFF: dict[str, str | None] = {"CASEWORK_CLI_WRITES": "off"}


def consent(db: str, case_id: str, proof: Path) -> tuple[int, str]:
    done = run(db, "tc-004", "case", "consent", case_id, "--channel", "短信", "--proof", str(proof))
    return done.code, done.err


def test_no_case_write_of_any_kind_from_the_terminal_when_off(tmp_path: Path) -> None:
    db, case_id = open_case(tmp_path)
    proof = tmp_path / "确认书.pdf"
    proof.write_bytes(b"signed")
    before = last_position(db)
    writes = [
        ("case", "consent", case_id, "--channel", "短信", "--proof", str(proof)),
        ("case", "source", "register", "--township", "台城镇", "--channel", "巡查发现",
         "--summary", "占道经营"),
        ("case", "application", "receive", "--township", "台城镇", "--matter", "WJ-XK-001",
         "--applicant", "李四"),
        ("case", "evidence", case_id, "--kind", "书证", "--text", "照片"),
        ("account", "token", "script", "--write"),
    ]  # fmt: skip
    with environment(OFF):
        for args in writes:
            refused = run(db, "tc-004", *args)
            assert refused.code == 4, (args, refused)
            assert "CASEWORK_CLI_WRITES" in refused.err or "CLI case writes are off" in refused.err
            assert len(refused.err.strip().splitlines()) == 1, refused.err
        assert last_position(db) == before
        shown = run(db, "tc-004", "case", "show", case_id)
        assert shown.code == 0 and case_id in shown.out
    code, err = consent(db, case_id, proof)  # on again: the same command records
    assert code == 0, err
    assert last_position(db) > before


def test_execution_events_from_the_terminal_carry_the_cli_channel(tmp_path: Path) -> None:
    db, case_id = open_case(tmp_path)
    proof = tmp_path / "确认书.pdf"
    proof.write_bytes(b"signed")
    code, err = consent(db, case_id, proof)
    assert code == 0, err
    store = open_store(db)
    try:
        records = store.read_stream(f"execution-{case_id}")
        assert records and {r.metadata.get("channel") for r in records} == {"cli"}
        assert records[-1].metadata["actor"] == "tc-004"
        assert {r.metadata.get("channel") for r in store.read_stream(f"case-{case_id}")} == {"cli"}
    finally:
        store.close()

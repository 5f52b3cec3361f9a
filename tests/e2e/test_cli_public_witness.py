"""`casework publish --out DIR` puts the witness on the public site; `verify --witness DIR`
reads it (issue 13 §2)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.inproc import casework, environment

NOW = "2026-06-01T09:00"


def test_the_published_site_witnesses_the_log(tmp_path: Path) -> None:
    db, site = f"sqlite:///{tmp_path / 'c.db'}", tmp_path / "site"
    assert casework("init", db=db).code == 0
    with environment({"CASEWORK_SIGNING_KEY_FILE": str(tmp_path / "signing.key")}):
        made = casework("keys", "init", db=db, now=NOW)
        assert made.code == 0, made.err
        assert casework("checkpoint", db=db, user="ad-001", now=NOW).code == 0
        published = casework("--json", "publish", "--out", str(site), db=db, user="sv-001", now=NOW)
        assert published.code == 0, published.err
        assert json.loads(published.out)["witness_lines"] == 1
        line = json.loads((site / "witness.jsonl").read_text(encoding="utf-8"))
        assert line["kind"] == "checkpoint" and line["signature"]
        checked = casework("--json", "verify", "--witness", str(site), db=db, now=NOW)
    assert checked.code == 0, checked.err + checked.out
    assert json.loads(checked.out)["witness_lines"] == 1


def _store_without_triggers(db: str) -> str:
    import sqlite3

    path = db.removeprefix("sqlite:///")
    conn = sqlite3.connect(path)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.commit()
    conn.close()
    return path


def test_the_site_witness_only_grows_and_each_checkpoint_reaches_it(tmp_path: Path) -> None:
    """A publish keeps the lines already published and adds the new ones; with
    CASEWORK_PUBLIC_SITE each checkpoint is appended to the site when it is recorded."""
    db, site = f"sqlite:///{tmp_path / 'c.db'}", tmp_path / "site"
    assert casework("init", db=db).code == 0
    with environment({"CASEWORK_SIGNING_KEY_FILE": str(tmp_path / "signing.key")}):
        assert casework("keys", "init", db=db, now=NOW).code == 0
        assert casework("checkpoint", db=db, user="ad-001", now=NOW).code == 0
        first = casework("--json", "publish", "--out", str(site), db=db, user="sv-001", now=NOW)
        assert json.loads(first.out)["witness_lines"] == 1, first.err
        published = (site / "witness.jsonl").read_bytes()
        with environment({"CASEWORK_PUBLIC_SITE": str(site)}):
            opened = casework("case", "open", "--township", "台城镇", "--matter", "SC-CF-001",
                              "--party", "张三", "--summary", "s", db=db, user="tc-004", now=NOW)  # fmt: skip
            assert opened.code == 0, opened.err
            assert casework("checkpoint", db=db, user="ad-001", now=NOW).code == 0  # reaches the site at once
        grown = (site / "witness.jsonl").read_bytes()
        assert grown.startswith(published) and grown.count(b"\n") == 2, grown
        again = casework("--json", "publish", "--out", str(site), db=db, user="sv-001", now=NOW)
        assert json.loads(again.out)["witness_lines"] == 2, again.err  # nothing doubled
        assert (site / "witness.jsonl").read_bytes() == grown
        assert casework("verify", "--witness", str(site), db=db, now=NOW).code == 0


def test_an_altered_log_cannot_republish_over_its_witness(tmp_path: Path) -> None:
    """Deleting an event the published witness covers (as a superuser, with the triggers
    dropped) and publishing again does not erase the witness: the publish is refused, the
    site left as it was."""
    import sqlite3

    db, site = f"sqlite:///{tmp_path / 'c.db'}", tmp_path / "site"
    assert casework("init", db=db).code == 0
    with environment({"CASEWORK_SIGNING_KEY_FILE": str(tmp_path / "signing.key")}):
        assert casework("keys", "init", db=db, now=NOW).code == 0
        assert casework("checkpoint", db=db, user="ad-001", now=NOW).code == 0
        assert casework("publish", "--out", str(site), db=db, user="sv-001", now=NOW).code == 0
        published = (site / "witness.jsonl").read_bytes()
        conn = sqlite3.connect(_store_without_triggers(db))
        conn.execute("DELETE FROM events WHERE position = 2")
        conn.commit()
        conn.close()
        refused = casework("publish", "--out", str(site), db=db, user="sv-001", now=NOW)
        assert refused.code == 1, refused
        assert "已公示的见证不符" in refused.err and "site is left as it was" in refused.err
        assert len(refused.err.strip().splitlines()) == 1
        assert (site / "witness.jsonl").read_bytes() == published
        checked = casework("verify", "--witness", str(site), db=db, now=NOW)
    assert checked.code == 1, checked

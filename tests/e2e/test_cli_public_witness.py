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
        assert casework("checkpoint", db=db, now=NOW).code == 0
        published = casework("--json", "publish", "--out", str(site), db=db, user="sv-001", now=NOW)
        assert published.code == 0, published.err
        assert json.loads(published.out)["witness_lines"] == 1
        line = json.loads((site / "witness.jsonl").read_text(encoding="utf-8"))
        assert line["kind"] == "checkpoint" and line["signature"]
        checked = casework("--json", "verify", "--witness", str(site), db=db, now=NOW)
    assert checked.code == 0, checked.err + checked.out
    assert json.loads(checked.out)["witness_lines"] == 1

"""Upgrading a database made by the previous release (0.1.0) with this code.

The previous release is taken from git (tag `v0.1.0`, else its commit), run from its own
tree (`python -m workflow demo` with that tree first on PYTHONPATH) into a fresh database.
Then, with the current code: `casework db upgrade`; every old event is read through the
upcasters into today's domain events; `verify` passes (chains and sealed months); every
read model rebuilt equals a fresh projection of the same rows in another database; and
not one stored row changed (count, and a digest over every column of every row).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from tests.integration.backends import settle
from tests.integration.case_db import BACKENDS, database_url
from workflow.bootstrap import bootstrap
from workflow.cli.app import main
from workflow.cli.store import check_log
from workflow.messages import from_recorded
from workflow.schema import version
from workflow.schema.upgrade import current, owner_engine
from workflow.settings import Settings

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
PREVIOUS = ("v0.1.0", "5e76273")
NOW = "2026-11-20T12:00:00+08:00"
COLUMNS = "position, stream_id, version, event_type, schema_version, data, metadata, recorded_at, prev_hash, hash"


@pytest.fixture(scope="module")
def previous_release(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The previous release's source tree, from this repository's history."""
    tree = tmp_path_factory.mktemp("v0.1.0")
    for ref in PREVIOUS:
        done = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref],
                              capture_output=True, check=False)  # fmt: skip
        if done.returncode == 0:
            with tarfile.open(fileobj=BytesIO(done.stdout)) as tar:
                tar.extractall(tree, filter="data")
            yield tree
            return
    if os.environ.get("CASEWORK_REQUIRE_SERVICES"):
        pytest.fail("neither tag v0.1.0 nor commit 5e76273 is in this clone (git fetch --tags)")
    pytest.skip("the previous release is not in this clone's history")


def run_previous(tree: Path, url: str, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEWORK_")}
    env.update(PYTHONPATH=str(tree), CASEWORK_DATABASE_URL=url, CASEWORK_NOW=NOW)
    done = subprocess.run([sys.executable, "-m", "workflow", *args], cwd=tree, env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr


def log_rows(url: str) -> list[tuple[Any, ...]]:
    engine = owner_engine(url)
    try:
        with engine.connect() as conn:
            return [
                tuple(r)
                for r in conn.execute(text(f"SELECT {COLUMNS} FROM events ORDER BY position"))
            ]
    finally:
        engine.dispose()


def digest(rows: list[tuple[Any, ...]]) -> str:
    sha = hashlib.sha256()
    for row in rows:
        sha.update(repr(row).encode())
    return sha.hexdigest()


def read_models(url: str) -> dict[str, dict[str, list[tuple[Any, ...]]]]:
    """Every read model's rows, per projection and short table name, sorted."""
    cw = bootstrap(Settings(database_url=url), project=False)
    try:
        found = {}
        with cw.store.engine.connect() as conn:
            for name in cw.projections.projections:
                tables = cw.projections.tables(name)
                found[name] = {short: sorted(map(tuple, conn.execute(select(t)).all()), key=repr)
                               for short, t in tables.items()}  # fmt: skip
        return found
    finally:
        cw.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_upgrade_from_the_previous_release(
    backend: str, previous_release: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    for part in ("old", "fresh"):
        (tmp_path / part).mkdir()
    url = database_url(backend, tmp_path / "old")
    run_previous(previous_release, url, "demo", "--seed", "4", "--cases", "30")
    engine = owner_engine(url)
    assert current(engine) is None  # made by 0.1.0: no schema revision
    engine.dispose()
    before = log_rows(url)
    assert len(before) > 400 and {r[3] for r in before} >= {"PenaltyDecided", "MonthSealed"}

    monkeypatch.setenv("CASEWORK_DATABASE_URL", url)
    monkeypatch.setenv("CASEWORK_NOW", NOW)
    main(["--json", "db", "upgrade"])
    assert f'"after": "{version.HEAD}"' in capsys.readouterr().out

    after = log_rows(url)
    assert len(after) == len(before) and digest(after) == digest(before)

    cw = bootstrap(Settings(database_url=url), project=False)
    try:
        assert check_log(cw.store)["ok"]
        events = list(cw.store.iter_all())
        old_shapes = [
            e for e, row in zip(events, before, strict=True) if e.schema_version != row[4]
        ]
        decoded = [from_recorded(e) for e in events]  # today's domain events, every one
        cw.projections.rebuild_all()
    finally:
        cw.close()
    assert len(decoded) == len(before)
    if any(r[3] in ("PenaltyNotified", "PenaltyDecided") for r in before):
        assert old_shapes, "no old event went through an upcaster"

    fresh = database_url(backend, tmp_path / "fresh")
    copy_rows(before, fresh)
    cw = bootstrap(Settings(database_url=fresh), project=False)
    settle(cw.store)  # a write transaction elsewhere on the server holds readers back a while
    cw.projections.catch_up_all()
    cw.close()
    assert read_models(url) == read_models(fresh)


def copy_rows(rows: list[tuple[Any, ...]], url: str) -> None:
    """The same stored rows, byte for byte, in a new empty store (not through append)."""
    bootstrap(Settings(database_url=url), project=False).close()
    engine = owner_engine(url)
    names = COLUMNS.split(", ")
    insert = text(f"INSERT INTO events ({COLUMNS}) VALUES ({', '.join(':' + n for n in names)})")
    if engine.dialect.name == "postgresql":
        insert = text(
            str(insert)
            .replace("INSERT INTO events", "INSERT INTO events")
            .replace(") VALUES", ") OVERRIDING SYSTEM VALUE VALUES")
        )
    with engine.begin() as conn:
        conn.execute(insert, [dict(zip(names, row, strict=True)) for row in rows])
    engine.dispose()

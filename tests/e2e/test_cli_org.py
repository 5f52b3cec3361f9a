"""`casework init / officer / personnel / catalogue` as a user runs them (a subprocess)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from events import open_store
from tests import pg
from tests.e2e.cli import Run, casework


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same user session on a SQLite file and on a PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/casework.db"
        return
    with pg.fresh_schema() as (url, _schema):
        yield url


def head(db: str) -> int:
    """The last position this test's database holds (not the gap-safe head, which any
    transaction elsewhere on the PostgreSQL server may hold back)."""
    store = open_store(db)
    try:
        return store.status().last_position
    finally:
        store.close()


def one_line_error(run: Run, code: int) -> None:
    assert run.code == code, (run.out, run.err)
    assert "Traceback" not in run.err and run.err.count("\n") == 1
    assert run.err.startswith("casework: ")


def jsons(run: Run) -> list[dict[str, object]]:
    assert run.code == 0, run.err
    return [json.loads(line) for line in run.out.splitlines() if line.strip()]


def test_init_twice_appends_nothing_the_second_time(db: str) -> None:
    first = casework("--json", "init", db=db)
    assert jsons(first)[0]["appended"] == head(db) > 600
    second = casework("init", db=db)
    assert second.code == 0 and "nothing appended" in second.out
    assert jsons(casework("--json", "init", db=db))[0]["appended"] == 0
    assert head(db) == jsons(first)[0]["appended"]


def test_officer_list(db: str) -> None:
    casework("init", db=db)
    everyone = jsons(casework("--json", "officer", "list", db=db))
    assert len(everyone) > 250 and {"sv-001", "ad-001", "tc-001"} <= {p["id"] for p in everyone}
    leader = jsons(
        casework("--json", "officer", "list", "--township", "台城镇", "--role", "leader", db=db)
    )
    assert [(p["id"], p["role"], p["township"]) for p in leader] == [
        ("tc-001", "leader", "taicheng")
    ]
    assert {"origin", "certificate_valid", "certificate_until", "name"} <= set(leader[0])
    table = casework("officer", "list", "--township", "lingjing", db=db)
    assert table.code == 0 and "lj-001" in table.out and "灵境乡" in table.out


def test_remove_an_officer(db: str) -> None:
    casework("init", db=db)
    run = casework(
        "officer",
        "remove",
        "tc-005",
        "--reason",
        "不作为",
        "--details",
        "多次接报不出警",
        db=db,
        user="tc-001",
    )
    assert run.code == 0, run.err
    person = jsons(casework("--json", "officer", "list", "--township", "taicheng", db=db))
    removed = next(p for p in person if p["id"] == "tc-005")
    assert removed["removed"] is True and removed["removal_reason"] == "不作为"
    again = casework(
        "officer", "remove", "tc-005", "--reason", "不作为", "--details", "x", db=db, user="tc-001"
    )
    one_line_error(again, 3)
    assert "能进能出" in again.err


def test_personnel_action_refused_without_opinion_then_allowed(db: str) -> None:
    casework("init", db=db)
    before = head(db)
    action = ("personnel", "action", "tc-012", "--action", "promotion", "--details", "晋升为副科长")
    refused = casework(*action, db=db, user="ad-001")
    one_line_error(refused, 3)
    assert "必须征求乡镇意见" in refused.err and "township opinion" in refused.err
    assert head(db) == before
    not_leader = casework(
        "personnel",
        "opinion",
        "tc-012",
        "--action",
        "promotion",
        "--opinion",
        "同意",
        db=db,
        user="tc-002",
    )
    one_line_error(not_leader, 4)
    opinion = casework(
        "--as",
        "tc-001",
        "personnel",
        "opinion",
        "tc-012",
        "--action",
        "promotion",
        "--opinion",
        "同意",
        db=db,
    )
    assert opinion.code == 0, opinion.err
    allowed = casework(*action, "--command-id", "p-1", db=db, user="ad-001")
    assert allowed.code == 0, allowed.err
    retry = jsons(casework("--json", *action, "--command-id", "p-1", db=db, user="ad-001"))
    assert retry[0]["duplicate"] is True and head(db) == before + 2


def test_catalogue_load_and_list(db: str, tmp_path: Path) -> None:
    casework("init", db=db)
    penalties = jsons(casework("--json", "catalogue", "list", "--kind", "penalty", db=db))
    assert penalties and all(m["kind"] == "penalty" for m in penalties)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,category,name,kind,domain,legal_basis,hearing_eligible\nA,c,n,fine,market,b,true\n",
        encoding="utf-8",
    )
    refused = casework(
        "catalogue", "load", str(bad), "--effective", "2099-01-01", db=db, user="ad-001"
    )
    one_line_error(refused, 2)
    assert "line 2" in refused.err and "kind 'fine'" in refused.err
    unauthorised = casework(
        "catalogue", "load", str(bad), "--effective", "2099-01-01", db=db, user="tc-001"
    )
    one_line_error(unauthorised, 4)


def test_catalogue_load_records_its_discretion_benchmark(db: str, tmp_path: Path) -> None:
    """裁量基准 versioned with the catalogue (处罚法 art 34): a malformed benchmark file is one
    line and appends nothing; a good one is recorded with the new version."""
    from workflow.organisation.catalogue import sample_catalogue_path
    from workflow.organisation.snapshot import load_directory

    casework("init", db=db)
    broken = tmp_path / "broken.toml"
    broken.write_text('[SC-CF-001]\n"一般" = { min = 1 }\n', encoding="utf-8")
    before = head(db)
    args = ("catalogue", "load", str(sample_catalogue_path()), "--effective", "2099-01-01")
    refused = casework(*args, "--discretion", str(broken), db=db, user="ad-001")
    one_line_error(refused, 2)
    assert "broken.toml" in refused.err and head(db) == before
    tight = tmp_path / "tight.toml"
    tight.write_text('[SC-CF-001]\ncap = 1000\n"一般" = { min = 200, max = 500, '
                     'sanctions = ["警告", "罚款"] }\n', encoding="utf-8")  # fmt: skip
    assert casework(*args, "--discretion", str(tight), db=db, user="ad-001").code == 0
    store = open_store(db)
    try:
        versions = load_directory(store).catalogues
    finally:
        store.close()
    assert versions[0].discretion["SC-CF-001"]["cap"] == 100000  # the sample, from init
    assert versions[-1].discretion == {"SC-CF-001": {"cap": 1000, "一般": {
        "min": 200, "max": 500, "sanctions": ["警告", "罚款"]}}}  # fmt: skip

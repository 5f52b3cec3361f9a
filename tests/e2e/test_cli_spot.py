"""`casework case on-the-spot` (简易程序), in-process, on SQLite and PostgreSQL.

One command records and decides the case and issues the numbered 当场行政处罚决定书 (its
text checked with pdftotext); refusals name the article and append nothing; serving and
paying go through `case serve` / `case pay` like any other case.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.case_inproc import cli, ok, refused
from tests.integration.case_db import BACKENDS, database_url

NOW = "2026-06-01T10:00"
SPOT = ("--json", "case", "on-the-spot", "--township", "台城镇", "--matter", "SC-CF-001",
        "--facts", "在东街人行道上摆摊销售水果", "--statement", "承认，愿意接受处罚",
        "--place", "台城镇东街", "--circumstance", "轻微")  # fmt: skip


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = database_url(request.param, Path(tmp_path_factory.mktemp("spot")))
    assert cli("init", db=url).code == 0
    yield url


def head(db: str) -> int:
    """The last position this test's database holds (not the gap-safe head, which any open
    write transaction elsewhere on the PostgreSQL server may hold back)."""
    from events import open_store

    store = open_store(db)
    try:
        return store.status().last_position
    finally:
        store.close()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_on_the_spot_decides_issues_and_serves(db: str, tmp_path: Path) -> None:
    pdf = tmp_path / "spot.pdf"
    run = cli(*SPOT, "--party", "李四", "--sanction", "罚款:80", "--collect", "--receipt",
              "SX-2026-0001", "--out", str(pdf), db=db, user="tc-004", now=NOW)  # fmt: skip
    row = ok(run)
    assert row["state"] == "penalty_decided"
    assert "当罚字" in row["document"]["number"]
    assert row["filing_due"] == "2026-06-06"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout.replace(" ", "").replace("\n", "")  # fmt: skip
    for element in ("当场行政处罚决定书", row["document"]["number"], "李四", "台城镇东街",
                    "在东街人行道上摆摊销售水果", "承认，愿意接受处罚", "第五十一条",
                    "罚款人民币捌拾元整", "SX-2026-0001", "行政复议", "行政诉讼",
                    "台城镇人民政府"):  # fmt: skip
        assert element in text, element
    case = str(row["case_id"])  # 当场收缴 is a payment: nothing more is owed
    again = cli("case", "pay", case, "--amount", "1", "--receipt", "BANK-1", db=db,
                user="tc-004", now=NOW)  # fmt: skip
    assert "0.00" in refused(again, "第七十二条")
    before = head(db)
    twice = cli("case", "pay", case, "--amount", "80", "--receipt", "SX-2026-0001", db=db,
                user="tc-004", now=NOW)  # fmt: skip
    refused(twice, "第六十七条")
    assert head(db) == before


def test_above_the_threshold_is_refused_and_appends_nothing(db: str) -> None:
    before = head(db)
    run = cli(*SPOT, "--party", "王五", "--sanction", "罚款:201", db=db, user="tc-004", now=NOW)
    assert "普通程序" in refused(run, "第五十一条")
    run = cli(*SPOT, "--party", "某公司", "--party-type", "单位", "--sanction", "罚款:3001",
              db=db, user="tc-004", now=NOW)  # fmt: skip
    refused(run, "第五十一条")
    run = cli(*SPOT, "--party", "王五", "--sanction", "暂扣许可证件", db=db, user="tc-004", now=NOW)
    refused(run, "第五十一条")
    run = cli(*SPOT, "--party", "王五", "--sanction", "罚款:150", "--collect", "--receipt", "R1",
              db=db, user="tc-004", now=NOW)  # fmt: skip
    refused(run, "第六十八条")
    assert head(db) == before


def test_an_organisation_may_be_fined_up_to_3000(db: str) -> None:
    firm = (*SPOT, "--party", "五台县某商贸有限公司", "--party-type", "单位",
            "--sanction", "罚款:3000", "--sanction", "警告")  # fmt: skip
    above = cli(*firm, db=db, user="tc-004", now=NOW)  # 3000 is above the 轻微 range (0–2000)
    refused(above, "第三十四条")  # 裁量基准 binds the simple procedure too; nothing appended
    run = cli(*firm, "--circumstance", "一般", db=db, user="tc-004", now=NOW)
    row = ok(run)
    assert row["state"] == "penalty_decided" and "当罚字" in row["document"]["number"]
    case, number = str(row["case_id"]), str(row["document"]["number"])
    served = cli("case", "serve", case, "--document", number, "--method", "直接送达",
                 db=db, user="tc-004", now=NOW)  # fmt: skip
    assert served.code == 0, served.err
    paid = cli("case", "pay", case, "--amount", "3000", "--receipt", "BANK-7788",
               db=db, user="tc-004", now=NOW)  # fmt: skip
    assert paid.code == 0, paid.err
    assert "3000.00" in paid.out

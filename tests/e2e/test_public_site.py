"""The static public site as the public meets it: Debian's Chromium, headless, from file://.

A decision can be found with the search page and opened; a withdrawn one says so; no
personal ID number (nor the full name of a person) appears in any file of the site.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest

from events import open_store
from tests.integration.documents_desk import ID_NUMBER, Desk
from workflow.documents.kinds import DocumentKind
from workflow.execution.events import Method
from workflow.organisation.service import init_county
from workflow.publicity.build import publish_site
from workflow.publicity.service import PublicityService

CHROMIUM = "/usr/bin/chromium"
ID_PATTERN = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A county with three published decisions, one of them withdrawn after 复议."""
    tmp = tmp_path_factory.mktemp("site")
    store = open_store(f"sqlite:///{tmp / 'site.db'}")
    init_county(store)
    d = Desk(store)
    publicity = PublicityService(store, d.documents.directory, clock=d.tick)
    for party, organisation in (("张三", False), ("五台县恒发商贸有限公司", True), ("李四", False)):
        case = d.decided(party=party, organisation=organisation)
        issued, _ = d.documents.issue(case, DocumentKind.DECISION, "tc-004")
        publicity.publish(case, "tc-004")
    d.execution.serve(case, issued.event.number, Method.PERSONAL, None, "tc-004")
    d.execution.seek_remedy(case, "review", "五台县人民政府", None, "tc-004")
    d.execution.decide_remedy(case, "review", "撤销", None, "tc-004")
    publicity.withdraw(case, "处罚决定被复议机关撤销", "tc-004")
    out = tmp / "public"
    counts = publish_site(publicity, out, d.now.date())
    assert counts == {"decisions": 2, "withdrawn": 1}
    store.close()
    return out


def test_no_personal_id_number_or_full_name_anywhere(site: Path) -> None:
    files = [p for p in site.rglob("*") if p.is_file()]
    assert len(files) >= 8
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert ID_NUMBER not in text and not ID_PATTERN.search(text), path
        assert "张三" not in text and "李四" not in text and "大街8号" not in text, path


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_a_decision_can_be_found_and_opened(site: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto((site / "index.html").as_uri())
        assert "台城镇" in page.text_content("main")
        page.goto((site / "search.html").as_uri())
        assert page.text_content("#count") == "共 3 件"
        page.fill("#q", "张某 无照")
        assert page.text_content("#count") == "找到 1 件"
        page.click("#results a")
        page.wait_for_load_state()
        assert page.text_content("dd.party") == "张某"
        assert "罚款人民币伍佰元整（500元）" in page.text_content("main")
        page.screenshot(path=str(tmp_path / "decision.png"), full_page=True)
        page.goto((site / "search.html").as_uri() + "?q=李某")
        assert page.text_content("#count") == "找到 0 件"  # withdrawn: no longer under the name
        page.goto((site / "index.html").as_uri())
        assert page.locator(".withdrawn").count() == 1
        page.goto((site / "teams.html").as_uri())
        assert "执法证号" in page.text_content("main")
        browser.close()
    assert (tmp_path / "decision.png").stat().st_size > 10_000


def test_catalogue_page_lists_every_matter_in_force(site: Path) -> None:
    """事前公示: the catalogue of enforcement matters in force, each with its legal basis."""
    from workflow.organisation.snapshot import load_directory

    store = open_store(f"sqlite:///{site.parent / 'site.db'}")
    try:
        version = load_directory(store).catalogue_on(Desk(store).now.date())
    finally:
        store.close()
    assert version is not None and len(version.items) > 10
    page = (site / "catalogue.html").read_text(encoding="utf-8")
    assert "乡镇综合行政执法事项清单" in page and f"第 {version.version} 版" in page
    assert page.count("<tr><td>") == len(version.items)
    matter = version.items["SC-CF-001"]
    assert f"<td>SC-CF-001</td><td>{escape(matter.name)}</td>" in page
    assert matter.legal_basis and escape(matter.legal_basis) in page
    assert "catalogue.html" in (site / "index.html").read_text(encoding="utf-8")  # linked

"""The monthly circular on the demo data: its numbers equal an independent recomputation
from the raw log, it renders as self-contained HTML with two Chinese SVG charts, and it
is issued once however often the monthly job runs."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from html.parser import HTMLParser

import pytest

from events import EventStore
from tests.demo_cache import demo
from tests.integration.backends import settle
from tests.integration.circular_recompute import recompute
from workers.jobs import monthly
from workflow.cases.events import EvidenceRecorded
from workflow.messages import to_new_event
from workflow.reports.circular.document import document
from workflow.reports.circular.figures import compile_figures
from workflow.reports.circular.issue import issue_circular
from workflow.reports.circular.model import CircularFigures
from workflow.reports.circular.render import digest, to_html, to_markdown
from workflow.reports.seals import sealed_root

TODAY = date(2026, 11, 26)
MONTHS = ("2026-05", "2026-08", "2026-11")  # the first month, the removal's, the current


class Charts(HTMLParser):
    """Collects each <svg>'s <text> contents, and anything that would fetch from outside."""

    def __init__(self) -> None:
        super().__init__()
        self.svgs: list[list[str]] = []
        self.tables = 0
        self.external: list[str] = []
        self._in_text = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.svgs.append([])
        self.tables += tag == "table"
        self._in_text = tag == "text" and bool(self.svgs)
        refs = [v for k, v in attrs if k in ("src", "href", "xlink:href") and v]
        self.external += [v for v in refs if not v.startswith("#")]  # in-document refs are fine
        self.external += ["script"] if tag in ("script", "link", "img", "iframe") else []

    def handle_endtag(self, tag: str) -> None:
        self._in_text = self._in_text and tag != "text"

    def handle_data(self, data: str) -> None:
        if self._in_text and data.strip():
            self.svgs[-1].append(data.strip())


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def township_row(line: object) -> dict[str, object]:
    d = asdict(line)  # type: ignore[call-overload]
    return {"month": d["month"], "year": d["year"], "disposed": d["disposed"],
            "on_time": d["on_time"], "overdue": d["overdue"],
            "on_time_rate": d["on_time_rate"]}  # fmt: skip


class CircularContract:
    store: EventStore
    url: str

    @pytest.fixture(autouse=True)
    def _demo(self, _store: None, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("CASEWORK_NOW", "2026-11-26T10:00:00")
        self.store.close()
        demo(self.url, seed=7, cases=120)
        settle(self.store)

    def backdate_one(self) -> None:
        """Record, today, evidence of 3 November on the first case: a backdated event (补录)."""
        stream = next(e.stream_id for e in self.store.iter_all() if e.type == "CaseOpened")
        late = EvidenceRecorded("note", "补录询问笔录", "2026-11-03T02:00:00+00:00")
        self.store.append(
            stream,
            [to_new_event(late)],
            metadata={"actor": "tc-004", "role": "officer", "late_reason": "外出调查，返回后补录"},
        )
        settle(self.store)

    def figures(self, month: str = "2026-11") -> CircularFigures:
        return compile_figures(self.store, month, TODAY)

    @pytest.mark.parametrize("month", MONTHS)
    def test_numbers_equal_the_raw_log(self, month: str) -> None:
        self.backdate_one()
        f, raw = self.figures(month), recompute(self.store, month, TODAY)
        assert asdict(f.month_totals) == raw["month"]
        assert asdict(f.year_totals) == raw["year"], (asdict(f.year_totals), raw["year"])
        assert {t.name: township_row(t) for t in f.townships} == raw["townships"]
        domains = {d.domain: (asdict(d.month), asdict(d.year)) for d in f.domains}
        assert {k: v for k, v in domains.items() if v[1]["actions"] or v[1]["reviewed"]} == {
            k or "": v for k, v in raw["domains"].items()
        }
        assert {c.number: c.days_over for c in f.overdue} == raw["overdue"]
        reviews = {(r.number, tuple(o.split("（")[1].rstrip("）") for o in r.officers))
                   for r in f.reviews}  # fmt: skip
        assert reviews == raw["reviews"]
        assert sorted(r.officer_id for r in f.removals) == raw["removed"]
        assert f.opened_by_month == raw["opened_by_month"]
        assert sorted(b.township for b in f.budgets_below) == raw["budgets_below"]

    def test_the_demo_has_something_to_report(self) -> None:
        f = self.figures()
        opened = sum(1 for e in self.store.iter_all() if e.type == "CaseOpened")
        # the 120 simulated cases, and those opened from accepted leads and applications
        assert opened >= 120 and f.year_totals.opened == opened and f.month_totals.actions > 0
        assert f.overdue and f.year_totals.penalties and f.year_totals.backdated == 0
        self.backdate_one()
        late = self.figures()
        assert late.month_totals.backdated == 1
        # the circular names the act and its 补录原因 (issue 9, defect 12)
        assert [(a.act, a.day, a.reason) for a in late.late_acts] == [
            ("调查取证", "2026-11-03", "外出调查，返回后补录")
        ]
        text = str(document(late))
        assert "补录原因" in text and "外出调查，返回后补录" in text
        assert not f.late_acts and "补录原因" not in str(document(f))
        assert [t.rank for t in f.townships] == list(range(1, len(f.townships) + 1))
        actions = [t.month.actions for t in f.townships]
        assert actions == sorted(actions, reverse=True)
        assert len(f.roster) == 14 and f.pool_size == 383
        assert [r.officer_id for r in self.figures("2026-08").removals] == ["tc-009"]
        october = self.figures("2026-10")
        assert october.seal is not None and october.seal.root == sealed_root(self.store, "2026-10")
        assert f.seal is None  # the month is still running

    def test_html_parses_with_two_chinese_charts(self) -> None:
        html = to_html(self.figures())
        parser = Charts()
        parser.feed(html)
        parser.close()
        assert len(parser.svgs) == 2
        assert all(any(chinese(t) for t in texts) for texts in parser.svgs)
        assert "台城镇" in parser.svgs[0] and "11月" in parser.svgs[1]
        assert parser.tables >= 5 and parser.external == []
        assert "svg.fonttype" not in html and "<path" in html
        assert "五台县乡镇综合行政执法工作月度通报" in html and "尚未封存" in html
        markdown = to_markdown(self.figures())
        assert markdown.startswith("# 五台县乡镇综合行政执法工作月度通报")

    def test_rendering_is_deterministic(self) -> None:
        assert digest(to_html(self.figures())) == digest(to_html(self.figures()))

    def test_issued_once_with_the_seal(self) -> None:
        first = monthly(self.url, "2026-12-01")
        again = monthly(self.url, "2026-12-01")
        direct = issue_circular(self.store, "2026-11", date(2026, 12, 2))
        assert first["circular_issued_now"] and not again["circular_issued_now"]
        assert not direct.issued_now
        assert first["circular_digest"] == again["circular_digest"] == direct.event.digest
        settle(self.store)
        issued = self.store.read_stream("circular-2026-11")
        assert len(issued) == 1 and issued[0].type == "CircularIssued"
        earlier = {e.stream_id for e in self.store.iter_all() if e.type == "CircularIssued"}
        assert earlier == {f"circular-2026-{m:02d}" for m in range(5, 12)}  # the demo's own
        data = issued[0].data
        assert data["seal_root"] == first["root"] and data["digest"] == first["circular_digest"]
        assert data["summary"]["month_totals"]["opened"] == self.figures().month_totals.opened
        html = to_html(compile_figures(self.store, "2026-11", date(2026, 12, 2)))
        assert str(first["root"]) in html and digest(html) == data["digest"]

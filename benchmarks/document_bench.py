"""Document rendering cost (文书生成成本): where the seconds of one PDF go, and what the
PDFs cost the demo, same run, same machine.

    PYTHONPATH=. .venv/bin/python benchmarks/document_bench.py              # ~1 min
    PYTHONPATH=. .venv/bin/python benchmarks/document_bench.py --demo 40    # + ~10 min

Part 1: one 行政处罚决定书 of a real case (a county in a temporary SQLite file), rendered
`--rounds` times in alternating rounds (A B A B ...) so machine load falls on both alike:
A as before (a fresh WeasyPrint `FontConfiguration` for every render: the CJK faces opened
each time), B as shipped (`render.from_html`: one `FontConfiguration` per thread, reused).
Each round also times WeasyPrint's two steps apart: layout, and the PDF write (font
subsetting by HarfBuzz, zlib). B must give the same bytes as A (it is checked every round): a document re-renders
byte-identically from the log, whichever renderer issued it.

Part 2 (`--demo N`): the demo of N cases built twice, with the renderer as shipped and
with `render.from_html` replaced by a stand-in that returns the HTML's bytes (what the
demo would cost if documents were free); the difference is what its PDFs cost.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from events import open_store


def decision_html(workdir: Path) -> str:
    """The HTML of a real decision (opened, dispatched, evidenced, notified, decided)."""
    from workflow.cases import commands as c
    from workflow.cases.service import CaseService
    from workflow.documents import context as doc_context
    from workflow.documents import render
    from workflow.documents.kinds import DocumentKind
    from workflow.documents.service import DocumentService
    from workflow.organisation.service import init_county
    from workflow.organisation.snapshot import load_directory

    store = open_store(f"sqlite:///{workdir / 'county.db'}")
    init_county(store)
    directory = load_directory(store)
    cases = CaseService(store, lambda: directory)
    case = cases.execute(c.OpenCase(
        actor="tc-006", township="taicheng", matter="SC-CF-001", party="张三",
        summary="无照经营", party_id_number="140922198503120018", party_address="五台县台城镇大街8号",
        violation_date=date.today(),
    )).case_id  # fmt: skip
    basis = "《无证无照经营查处办法》第十三条"
    for command in (
        c.DispatchCase(actor="tc-001", case=case, officers=("tc-004", "tc-005")),
        c.RecordEvidence(actor="tc-004", case=case, kind="照片", text="现场照片3张"),
        c.NotifyPenalty(actor="tc-004", case=case, amount=500, basis=basis, circumstance="一般",
                        facts="张三在台城镇大街开设商店，未取得营业执照从事经营活动"),
        c.WaiveDefence(actor="tc-004", case=case),
        c.DecidePenalty(actor="tc-001", case=case, amount=500, basis=basis),
    ):  # fmt: skip
        cases.execute(command)
    documents = DocumentService(store, lambda: directory)
    issued, _ = documents.issue(case, DocumentKind.DECISION, "tc-004")
    event = issued.event
    records = store.read_stream(event.built_from["stream"], up_to_version=event.built_from["version"])
    ctx = doc_context.build(event, f"{issued.stream_id}/{event.n}", [(r.type, r.data) for r in records])
    store.close()
    return render.html(DocumentKind.DECISION, ctx)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def part_one(html: str, rounds: int) -> None:
    import weasyprint

    from workflow.documents import render

    shipped = weasyprint.HTML(string=html).write_pdf()
    assert render.from_html(html) == shipped
    a: list[float] = []
    b: list[float] = []
    layout: list[float] = []
    write: list[float] = []
    for _ in range(rounds):
        seconds, body = timed(lambda: weasyprint.HTML(string=html).write_pdf())
        assert body == shipped
        a.append(seconds)
        seconds, body = timed(lambda: render.from_html(html))
        assert body == shipped
        b.append(seconds)
        seconds, document = timed(lambda: weasyprint.HTML(string=html).render())
        layout.append(seconds)
        write.append(timed(document.write_pdf)[0])
    med = statistics.median
    print(f"one 行政处罚决定书 ({len(shipped) // 1024} KiB, {rounds} rounds, load {os.getloadavg()[0]:.1f})")
    print(f"  A fonts opened each time {med(a) * 1000:7.0f} ms (median)")
    print(f"  B fonts reused (shipped) {med(b) * 1000:7.0f} ms (same bytes: yes)")
    print(f"  A's steps: layout       {med(layout) * 1000:8.0f} ms; write (subset, zlib) "
          f"{med(write) * 1000:.0f} ms")  # fmt: skip


def part_two(cases: int, workdir: Path) -> None:
    from workflow.demo.run import run_demo
    from workflow.documents import render
    from workflow.settings import Settings

    os.environ.setdefault("CASEWORK_NOW", "2026-11-28T12:00:00+08:00")
    real = render.from_html
    seconds = {}
    for name in ("with PDFs", "documents free"):
        if name == "documents free":
            render.from_html = lambda text: text.encode()  # type: ignore[assignment]
        try:
            t, summary = timed(lambda: run_demo(
                Settings(database_url=f"sqlite:///{workdir / f'{len(seconds)}.db'}"), cases=cases))  # fmt: skip
        finally:
            render.from_html = real  # type: ignore[assignment]
        seconds[name] = t
        documents = sum(summary["paper"]["documents"].values())
    share = (seconds["with PDFs"] - seconds["documents free"]) / seconds["with PDFs"]
    print(f"demo, {cases} cases, {documents} documents (load {os.getloadavg()[0]:.1f}):")
    for name, t in seconds.items():
        print(f"  {name:<16}{t:8.1f} s")
    print(f"  PDFs' share      {share:8.0%}  "
          f"({(seconds['with PDFs'] - seconds['documents free']) / documents * 1000:.0f} ms a document)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--demo", type=int, default=0, help="also build the demo of N cases twice")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        part_one(decision_html(workdir), args.rounds)
        if args.demo:
            part_two(args.demo, workdir)


if __name__ == "__main__":
    main()

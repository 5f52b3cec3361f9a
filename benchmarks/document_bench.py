"""Document rendering cost (文书生成成本): where the seconds of one PDF go, and what the
PDFs cost the demo, same run, same machine.

    PYTHONPATH=. .venv/bin/python benchmarks/document_bench.py              # ~1 min
    PYTHONPATH=. .venv/bin/python benchmarks/document_bench.py --demo 30    # + 9 demos, ~5 min

Part 1: one 行政处罚决定书 of a real case (a county in a temporary SQLite file), rendered
`--rounds` times in alternating rounds (A B C A B C ...) so machine load falls on all
alike: A renderer 1 as first shipped (a fresh WeasyPrint `FontConfiguration` for every
render), B renderer 1 with the font configuration reused per thread (how documents issued
under renderer 1 re-render now), C renderer 2 (the font cut to GB 2312, what new
documents use). A and B must give the same bytes (checked every round): a document
re-renders byte-identically from the log with the renderer that issued it; C's bytes are
checked stable. Each round also times layout and the PDF write (HarfBuzz subsetting, zlib)
of A and C apart.

Part 2 (`--demo N`): the demo of N cases built `--repeats` times each way, interleaved,
medians: with renderer 2 (as shipped),
with renderer 1 (`render.renderer` returning renderer 1's identifier), and with
`render.from_html` replaced by a stand-in that returns the HTML's bytes (what the demo
would cost if documents were free); the differences are what its PDFs cost.
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


def decision_html(workdir: Path) -> tuple[str, str]:
    """The HTML of a real decision (opened, dispatched, evidenced, notified, decided), for
    renderer 1 and for renderer 2."""
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
    return render.html(DocumentKind.DECISION, ctx, cut=False), render.html(DocumentKind.DECISION, ctx)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def part_one(htmls: tuple[str, str], rounds: int) -> None:
    import weasyprint

    from workflow.documents import render

    legacy, current = htmls
    shipped = weasyprint.HTML(string=legacy).write_pdf()
    assert render.from_html(legacy, cut=False) == shipped
    cut = render.from_html(current)
    times: dict[str, list[float]] = {k: [] for k in ("A", "B", "C", "A layout", "A write", "C layout", "C write")}
    config, sheets = render._FONTS.configs[True]
    for _ in range(rounds):
        seconds, body = timed(lambda: weasyprint.HTML(string=legacy).write_pdf())
        assert body == shipped
        times["A"].append(seconds)
        seconds, body = timed(lambda: render.from_html(legacy, cut=False))
        assert body == shipped
        times["B"].append(seconds)
        seconds, body = timed(lambda: render.from_html(current))
        assert body == cut
        times["C"].append(seconds)
        seconds, document = timed(lambda: weasyprint.HTML(string=legacy).render())
        times["A layout"].append(seconds)
        times["A write"].append(timed(document.write_pdf)[0])
        seconds, document = timed(lambda: weasyprint.HTML(string=current).render(font_config=config, stylesheets=sheets))
        times["C layout"].append(seconds)
        times["C write"].append(timed(document.write_pdf)[0])
    ms = {k: statistics.median(v) * 1000 for k, v in times.items()}
    print(f"one 行政处罚决定书 ({rounds} rounds, load {os.getloadavg()[0]:.1f}), medians:")
    print(f"  A renderer 1, fonts opened each time {ms['A']:7.0f} ms  {len(shipped) // 1024} KiB")
    print(f"  B renderer 1, fonts reused           {ms['B']:7.0f} ms  (same bytes as A: yes)")
    print(f"  C renderer 2, font cut to GB 2312    {ms['C']:7.0f} ms  {len(cut) // 1024} KiB"
          f"  ({ms['C'] / ms['B'] - 1:+.0%} on B)")
    for k in ("A", "C"):
        print(f"  {k}'s steps: layout {ms[k + ' layout']:6.0f} ms; write (subset, zlib) {ms[k + ' write']:.0f} ms")


def free_pdf(text: str, *, cut: bool = True) -> bytes:
    """A stand-in for `render.from_html`: documents for free."""
    return text.encode()


def part_two(cases: int, workdir: Path, repeats: int) -> None:
    from workflow.demo.run import run_demo
    from workflow.documents import render
    from workflow.settings import Settings

    os.environ.setdefault("CASEWORK_NOW", "2026-11-28T12:00:00+08:00")
    real, current = render.from_html, render.renderer
    seconds: dict[str, list[float]] = {"renderer 2": [], "renderer 1": [], "documents free": []}
    documents = 0
    for _ in range(repeats):  # interleaved, so load falls on the three alike
        for name, runs in seconds.items():
            if name == "renderer 1":
                render.renderer = render.legacy_renderer
            if name == "documents free":
                render.from_html = free_pdf
            url = f"sqlite:///{workdir / f'{name}-{len(runs)}.db'}"
            try:
                start = time.perf_counter()
                summary = run_demo(Settings(database_url=url), cases=cases)
                t = time.perf_counter() - start
            finally:
                render.from_html, render.renderer = real, current
            runs.append(t)
            documents = sum(summary["paper"]["documents"].values())
    med = {name: statistics.median(runs) for name, runs in seconds.items()}
    free = med["documents free"]
    print(f"demo, {cases} cases, {documents} documents, median of {repeats} interleaved "
          f"(load {os.getloadavg()[0]:.1f}):")  # fmt: skip
    for name, t in med.items():
        cost = "" if name == "documents free" else (
            f"  PDFs {(t - free) / t:4.0%} of it, {(t - free) / documents * 1000:.0f} ms a document")
        print(f"  {name:<16}{t:8.1f} s{cost}   (runs: {', '.join(f'{x:.1f}' for x in seconds[name])})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--demo", type=int, default=0, help="also build the demo of N cases")
    parser.add_argument("--repeats", type=int, default=3, help="demo builds of each variant")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        part_one(decision_html(workdir), args.rounds)
        if args.demo:
            part_two(args.demo, workdir, args.repeats)


if __name__ == "__main__":
    main()

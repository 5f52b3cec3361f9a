"""The two document renderers (render.py): new documents use the font cut to GB 2312
(renderer 2) and draw the same pages; a document issued under renderer 1 (the whole
font) still re-renders byte-identically, verifies and exports; a character outside the
cut falls back to the whole font."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from events import open_store
from tests.integration.documents_desk import Desk
from workflow.documents import fonts, render
from workflow.documents.kinds import DocumentKind

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils missing")


@pytest.fixture
def url(county_file: Path, tmp_path: Path) -> str:
    copy = tmp_path / "casework.db"
    shutil.copyfile(county_file, copy)
    return f"sqlite:///{copy}"


def tool(name: str, body: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(body)
    return subprocess.run([name, *args, str(path), "-"] if name == "pdftotext" else [name, *args, str(path)],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip


def pages(body: bytes, tmp_path: Path, name: str) -> list[bytes]:
    """Each page as raw pixels (PPM, 60 dpi)."""
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(body)
    subprocess.run(["pdftoppm", "-r", "60", str(pdf), str(tmp_path / name)], check=True)
    return [p.read_bytes() for p in sorted(tmp_path.glob(f"{name}-*.ppm"))]


def test_new_documents_use_the_cut_font_and_draw_the_same_pages(url: str, tmp_path: Path) -> None:
    d = Desk(open_store(url))
    issued, body = d.documents.issue(d.decided(), DocumentKind.DECISION, "tc-004")
    assert issued.event.renderer == render.renderer()
    assert render.uses_cut(issued.event.renderer)
    assert f"sha256:{fonts.cut().sha256[:16]}" in issued.event.renderer
    listed = tool("pdffonts", body, tmp_path)
    assert "+Noto-Serif-CJK-SC-GB2312 " in listed and "+Noto-Serif-CJK-SC " not in listed
    as_before = d.documents.render_event(
        dataclasses.replace(issued.event, renderer=render.legacy_renderer()), issued.stream_id
    )
    assert "+Noto-Serif-CJK-SC " in tool("pdffonts", as_before, tmp_path)
    assert len(body) < 0.6 * len(as_before)  # the embedded font's empty slots are gone
    new, old = pages(body, tmp_path, "new"), pages(as_before, tmp_path, "old")
    assert len(new) == len(old) >= 1
    assert new == old  # pixel for pixel


def test_a_renderer_one_document_still_rerenders_verifies_and_exports(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workflow.reports.bundle_verify import verify_bundle
    from workflow.reports.export import export_case

    d = Desk(open_store(url))
    case = d.decided()
    with monkeypatch.context() as patch:  # issued before renderer 2 existed
        patch.setattr(render, "renderer", render.legacy_renderer)
        issued, body = d.documents.issue(case, DocumentKind.DECISION, "tc-004")
    # the identifier as renderer 1 recorded it
    assert re.fullmatch(r"weasyprint [\d.]+; pydyf [\d.]+; font Noto Serif CJK SC", issued.event.renderer)
    assert not render.uses_cut(issued.event.renderer)
    assert "+Noto-Serif-CJK-SC " in tool("pdffonts", body, tmp_path)
    again = Desk(open_store(url))  # a fresh view: only the log
    _, rerendered = again.documents.reproduce(case, issued.event.number)
    assert rerendered == body
    assert again.documents.verify(body).ok
    with_cut = again.documents.render_event(
        dataclasses.replace(issued.event, renderer=render.renderer()), issued.stream_id
    )
    assert with_cut != body  # so the recorded renderer is what made the re-render match
    out = tmp_path / "case.zip"
    export_case(again.store, f"case-{case}", out, again.tick())
    assert verify_bundle(out).ok


def test_a_character_outside_the_cut_falls_back_to_the_whole_font(url: str, tmp_path: Path) -> None:
    assert ord("堃") not in set(fonts.characters())
    d = Desk(open_store(url))
    case = d.decided(party="王堃")
    issued, body = d.documents.issue(case, DocumentKind.DECISION, "tc-004")
    assert "当事人：王堃" in "".join(tool("pdftotext", body, tmp_path).split())
    listed = tool("pdffonts", body, tmp_path)
    assert "+Noto-Serif-CJK-SC-GB2312 " in listed and "+Noto-Serif-CJK-SC " in listed
    _, rerendered = Desk(open_store(url)).documents.reproduce(case, issued.event.number)
    assert rerendered == body


@pytest.fixture
def fresh_cut() -> Iterator[None]:
    """fonts.cut() recomputed in the test's cache directory, and afterwards as before."""
    fonts.cut.cache_clear()
    yield
    fonts.cut.cache_clear()


def test_the_cut_is_made_once_per_cache_and_is_the_same_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_cut: None
) -> None:
    monkeypatch.setenv("CASEWORK_FONT_CACHE", str(tmp_path / "fonts"))
    first = fonts.cut()
    assert sorted(p.name.rsplit("-", 1)[1] for p in (tmp_path / "fonts").iterdir()) == [
        "Bold.otf", "Regular.otf"]  # fmt: skip
    assert all(path.parent == tmp_path / "fonts" for path in first.files.values())
    fonts.cut.cache_clear()
    stamps = {p: p.stat().st_mtime_ns for p in first.files.values()}
    assert fonts.cut() == first  # read back, not made again
    assert {p: p.stat().st_mtime_ns for p in first.files.values()} == stamps
    path, index = fonts.source("Regular")
    assert fonts.cut_face(path, index) == first.files["Regular"].read_bytes()  # deterministic


def test_an_unwritable_cache_falls_back_to_a_private_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_cut: None
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("CASEWORK_FONT_CACHE", str(blocked))
    made = fonts.cut()
    assert all(path.is_file() and blocked not in path.parents for path in made.files.values())


def test_a_cut_removed_from_the_cache_is_made_again_not_replaced_by_the_system_font(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_cut: None
) -> None:
    import threading

    monkeypatch.setenv("CASEWORK_FONT_CACHE", str(tmp_path / "fonts"))
    page = f"<html lang='zh-CN'><body style='font-family: {render.STACK[True]}'>行政处罚决定书〔2026〕</body></html>"
    bodies: list[bytes] = []

    def in_a_new_thread() -> None:  # a new thread: a new font configuration reads the files
        worker = threading.Thread(target=lambda: bodies.append(render.from_html(page)))
        worker.start()
        worker.join()

    in_a_new_thread()
    for path in fonts.cut().files.values():
        path.unlink()
    in_a_new_thread()
    assert len(bodies) == 2 and bodies[0] == bodies[1]
    assert all(path.is_file() for path in fonts.cut().files.values())
    listed = tool("pdffonts", bodies[1], tmp_path)
    assert "+Noto-Serif-CJK-SC-GB2312 " in listed and "+Noto-Serif-CJK-SC " not in listed

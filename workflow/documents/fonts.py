"""The document font, cut down once to GB 2312 (文书字体子集), for renderer 2.

Why: WeasyPrint embeds a subset of the font each document uses, keeping the glyph ids of
the font it was given and every empty glyph up to the highest one used. With the whole
Noto Serif CJK SC (65,535 glyphs, 26 MB) that is most of a document's cost: HarfBuzz
subsets the collection twice per face, the 26 MB face is copied into Python, and zlib
compresses the embedded font's tens of thousands of empty slots (benchmarks/
document_bench.py). Given a font already cut to the characters documents use, every step
works on a font a fifth the size.

What the cut keeps: the GB 2312 characters (6,763 汉字 and its symbols), ASCII, Latin-1,
general and CJK punctuation, full-width forms, enclosed and Roman numerals, arrows and
shapes, and HarfBuzz's default layout-feature closure of them (so the text is shaped, and
the page drawn, exactly as with the full font; a test compares the pixels). A character
outside it (e.g. 堃 in a name) falls back to the full system font, which is then embedded
too, as before.

The cut is made with HarfBuzz (`hb-subset`, through cffi, the library WeasyPrint itself
uses) from the installed font files, in about half a second a face, and kept in a cache
directory keyed by the recipe, the HarfBuzz version and the source files' size and
modification time; a file is written under a temporary name and renamed, so concurrent
processes never read half a font. Its SHA-256 is part of the renderer identifier
(`render.renderer()`), so a document says exactly which font bytes rendered it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workflow.errors import CaseworkError

FAMILY = "Noto Serif CJK SC"  # the system font, and the fallback for what the cut lacks
CUT_FAMILY = "Noto Serif CJK SC GB2312"  # the @font-face family of the cut
RECIPE = 1  # bump when the character set or the subsetting changes
RANGES = (  # besides GB 2312 itself
    (0x20, 0x7F),  # ASCII
    (0xA0, 0x100),  # Latin-1
    (0x2000, 0x2070),  # general punctuation
    (0x2100, 0x2200),  # letter-like symbols, Roman numerals, arrows
    (0x2460, 0x2500),  # enclosed alphanumerics ①
    (0x25A0, 0x2600),  # geometric shapes □ ○
    (0x3000, 0x3040),  # CJK symbols and punctuation 〔〕《》
    (0xFF00, 0xFFF0),  # full-width forms
)
WEIGHTS = ("Regular", "Bold")
CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef uint32_t hb_codepoint_t;
hb_blob_t *hb_blob_create_from_file_or_fail (const char *file_name);
void hb_blob_destroy (hb_blob_t *blob);
const char *hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create (hb_blob_t *blob, unsigned int index);
void hb_face_destroy (hb_face_t *face);
hb_blob_t *hb_face_reference_blob (hb_face_t *face);
void hb_set_add (hb_set_t *set, hb_codepoint_t codepoint);
void hb_version (unsigned int *major, unsigned int *minor, unsigned int *micro);
hb_subset_input_t *hb_subset_input_create_or_fail (void);
void hb_subset_input_destroy (hb_subset_input_t *input);
hb_set_t *hb_subset_input_unicode_set (hb_subset_input_t *input);
hb_face_t *hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
"""


@dataclass(frozen=True)
class Cut:
    """The cut faces on disk, and the SHA-256 of their bytes (regular, then bold)."""

    files: dict[str, Path]
    sha256: str


def characters() -> list[int]:
    """The code points the cut keeps, sorted."""
    kept = {c for low, high in RANGES for c in range(low, high)}
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                kept.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return sorted(kept)


@functools.cache
def _harfbuzz() -> tuple[Any, Any, Any]:
    import cffi

    ffi = cffi.FFI()
    ffi.cdef(CDEF)
    return ffi, ffi.dlopen("libharfbuzz.so.0"), ffi.dlopen("libharfbuzz-subset.so.0")


def harfbuzz_version() -> str:
    ffi, hb, _ = _harfbuzz()
    parts = [ffi.new("unsigned int *") for _ in range(3)]
    hb.hb_version(*parts)
    return ".".join(str(p[0]) for p in parts)


def source(weight: str) -> tuple[Path, int]:
    """The installed font file of a weight and the index of the SC face in it."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}\n%{family}", f"{FAMILY}:style={weight}"],
            capture_output=True, text=True, check=False,
        ).stdout.split("\n")  # fmt: skip
    except FileNotFoundError:
        found = []
    if len(found) < 3 or FAMILY not in found[2]:
        raise CaseworkError(
            f"缺少文书字体 {FAMILY}（请安装 fonts-noto-cjk）",
            f"the document font {FAMILY} is not installed (install fonts-noto-cjk)",
        )
    return Path(found[0]), int(found[1] or 0)


def cut_face(path: Path, index: int) -> bytes:
    """The face `index` of the font file, cut to `characters()` by HarfBuzz."""
    ffi, hb, sub = _harfbuzz()
    blob = hb.hb_blob_create_from_file_or_fail(str(path).encode())
    if blob == ffi.NULL:
        raise CaseworkError(f"无法读取字体文件 {path}", f"cannot read the font file {path}")
    face = hb.hb_face_create(blob, index)
    request = sub.hb_subset_input_create_or_fail()
    try:
        unicodes = sub.hb_subset_input_unicode_set(request)
        for code in characters():
            hb.hb_set_add(unicodes, code)
        cut = sub.hb_subset_or_fail(face, request)
        if cut == ffi.NULL:
            raise CaseworkError(f"字体子集生成失败：{path}", f"HarfBuzz could not subset {path}")
        out = hb.hb_face_reference_blob(cut)
        length = ffi.new("unsigned int *")
        data = bytes(ffi.unpack(hb.hb_blob_get_data(out, length), length[0]))
        hb.hb_blob_destroy(out)
        hb.hb_face_destroy(cut)
        return data
    finally:
        sub.hb_subset_input_destroy(request)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)


def cache_dir() -> Path:
    """CASEWORK_FONT_CACHE, else $XDG_CACHE_HOME/casework/fonts (~/.cache/casework/fonts)."""
    explicit = os.environ.get("CASEWORK_FONT_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "casework" / "fonts"


def _key(sources: dict[str, tuple[Path, int]]) -> str:
    parts = [f"recipe {RECIPE}", f"harfbuzz {harfbuzz_version()}"]
    for weight, (path, index) in sorted(sources.items()):
        stat = path.stat()
        parts.append(f"{weight} {path} {index} {stat.st_size} {stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def _store(folder: Path, name: str, body: bytes) -> Path:
    """Write atomically (temporary name, then rename); the path."""
    target = folder / name
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


@functools.cache
def cut() -> Cut:
    """The cut faces, made once per cache directory (and read once per process)."""
    sources = {weight: source(weight) for weight in WEIGHTS}
    key = _key(sources)
    files: dict[str, Path] = {}
    digest = hashlib.sha256()
    for weight, (path, index) in sources.items():
        name = f"cut-{key}-{weight}.otf"
        kept = cache_dir() / name
        if kept.is_file():
            body = kept.read_bytes()
            files[weight] = kept
        else:
            body = cut_face(path, index)
            try:
                files[weight] = _store(cache_dir(), name, body)
            except OSError:  # a read-only home: this process's own directory
                files[weight] = _store(_private_dir(), name, body)
        digest.update(hashlib.sha256(body).digest())
    return Cut(files, digest.hexdigest())


@functools.cache
def _private_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="casework-fonts-"))


def font_faces() -> str:
    """The @font-face rules of the cut, for WeasyPrint (made again if a file has gone)."""
    if not all(path.is_file() for path in cut().files.values()):
        cut.cache_clear()
    faces = cut().files
    return "\n".join(
        f'@font-face {{ font-family: "{CUT_FAMILY}"; src: url("{faces[weight].as_uri()}"); '
        f"font-weight: {css_weight}; font-style: normal; }}"
        for weight, css_weight in (("Regular", "normal"), ("Bold", "bold"))
    )

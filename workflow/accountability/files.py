"""Files of accountability (整改材料): kept content-addressed like evidence,
`<dir>/<sha[:2]>/<sha>`, their SHA-256 recorded in the event.

The content is streamed in chunks to a partial file and refused past `MAX_BYTES` (nothing
kept, nothing appended); the file is in place before the event is appended (the same
content twice is harmless), so nothing fails after the append.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from workflow.errors import CaseworkError

MAX_BYTES = 20 * 1024 * 1024
CHUNK = 64 * 1024
TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".txt", ".docx"}


class FileTooLarge(CaseworkError):
    """A file over its limit, refused while it streamed (nothing kept): exit 2 on the CLI,
    413 on the web (`workflow.web.errors.problem`), as a body over the upload cap is."""

    def __init__(self, most: int, setting: str | None = None) -> None:
        self.most = most
        mb = most / (1024 * 1024)
        mb = round(mb, 2) if mb >= 0.01 else float(f"{mb:.2g}")
        where_zh, where_en = (f"，{setting}", f", {setting}") if setting else ("", "")
        super().__init__(f"文件超过 {mb:g} MB（{most} 字节{where_zh}），未保存",
                         f"a file is at most {mb:g} MB ({most} bytes{where_en}); nothing was kept")  # fmt: skip


def safe_name(name: str) -> str:
    """The file's own name only (no directories), with no control characters."""
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip()[:120]
    return base or "file"


def check_name(name: str) -> str:
    clean = safe_name(name)
    if Path(clean).suffix.lower() not in TYPES:
        raise CaseworkError("整改材料文件类型不支持（可用 PDF、图片、文本、Word）",
                            f"file type not accepted: {', '.join(sorted(TYPES))}")  # fmt: skip
    return clean


def keep(
    directory: Path, name: str, chunks: Iterable[bytes], *, most: int | None = None,
    any_type: bool = False,
) -> tuple[str, str, int]:
    """Store streamed content; (clean name, SHA-256 hex, size). Refuses other types (unless
    `any_type`: a duty report, taken as any file, served only as a download) and anything
    over `most` bytes (the partial file is removed): MAX_BYTES for an upload (None), the
    shared CASEWORK_EVIDENCE_MAX_MB for a file named on the command line."""
    clean = safe_name(name) if any_type else check_name(name)
    directory.mkdir(parents=True, exist_ok=True)
    partial = directory / f".upload-{os.getpid()}-{id(chunks)}.partial"
    digest, size = hashlib.sha256(), 0
    try:
        with partial.open("wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if most is None and size > MAX_BYTES:
                    raise FileTooLarge(MAX_BYTES)
                if most is not None and size > most:
                    raise FileTooLarge(most, "CASEWORK_EVIDENCE_MAX_MB")
                digest.update(chunk)
                out.write(chunk)
        target = directory / digest.hexdigest()[:2] / digest.hexdigest()
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return clean, digest.hexdigest(), size


def path_of(directory: Path, sha256: str) -> Path:
    """Where the content of this hash is kept (NotFound-worthy when absent: callers check)."""
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise CaseworkError("文件标识有误", "not a SHA-256")
    return directory / sha256[:2] / sha256


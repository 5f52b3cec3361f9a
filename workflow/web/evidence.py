"""Evidence files (证据材料) kept content-addressed: `<dir>/<sha[:2]>/<sha>`, SHA-256 recorded.

The file is written before the event is appended (writing the same content twice is
harmless), so nothing fails after the append. Only listed types, at most
CASEWORK_EVIDENCE_MAX_MB (the CLI's limit; `workflow.web.upload_cap` holds the whole body to it
while it streams).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from workflow.accountability import files
from workflow.errors import CaseworkError
from workflow.limits import evidence_most
from workflow.settings import Settings

TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".mp4", ".mp3", ".m4a", ".wav", ".txt"}


def safe_name(name: str) -> str:
    """The file's own name only (no directories), with no control characters."""
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip()[:120]
    return base or "file"


def keep(directory: Path, name: str, chunks: Iterable[bytes], most: int) -> tuple[str, str]:
    """Store the streamed content; return (file name, SHA-256 hex). Refuses other types
    and anything over `most` bytes (CASEWORK_EVIDENCE_MAX_MB, the CLI's limit too): the
    partial file is removed, nothing kept."""
    clean = safe_name(name)
    if Path(clean).suffix.lower() not in TYPES:
        raise CaseworkError(
            "证据文件类型不支持（可用 PDF、图片、音视频、文本）",
            f"evidence file type not accepted: {', '.join(sorted(TYPES))}",
        )
    _, digest, _ = files.keep(directory, clean, chunks, most=most, any_type=True)
    return clean, digest


def upload_chunks(source: Any) -> Iterator[bytes]:
    """An uploaded file's content in chunks (the spooled file Starlette gives the endpoint)."""
    source.seek(0)
    while chunk := source.read(files.CHUNK):
        yield chunk


def most(settings: Settings) -> int:
    """The largest file an upload may keep: CASEWORK_EVIDENCE_MAX_MB, as for the CLI."""
    return evidence_most(settings.evidence_max_mb)

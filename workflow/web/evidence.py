"""Evidence files (证据材料) kept content-addressed: `<dir>/<sha[:2]>/<sha>`, SHA-256 recorded.

The file is written before the event is appended (writing the same content twice is
harmless), so nothing fails after the append. Only listed types, at most MAX_BYTES.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from workflow.errors import CaseworkError

MAX_BYTES = 20 * 1024 * 1024
TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".mp4", ".mp3", ".m4a", ".wav", ".txt"}


def safe_name(name: str) -> str:
    """The file's own name only (no directories), with no control characters."""
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip()[:120]
    return base or "file"


def keep(directory: Path, name: str, content: bytes) -> tuple[str, str]:
    """Store the content; return (file name, SHA-256 hex). Refuses other types and big files."""
    clean = safe_name(name)
    if Path(clean).suffix.lower() not in TYPES:
        raise CaseworkError(
            "证据文件类型不支持（可用 PDF、图片、音视频、文本）",
            f"evidence file type not accepted: {', '.join(sorted(TYPES))}",
        )
    if len(content) > MAX_BYTES:
        raise CaseworkError("证据文件超过 20 MB", "an evidence file is at most 20 MB")
    digest = hashlib.sha256(content).hexdigest()
    target = directory / digest[:2] / digest
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        partial.write_bytes(content)
        os.replace(partial, target)
    return clean, digest

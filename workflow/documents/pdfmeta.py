"""Find the casework locator a document carries in its PDF metadata (Keywords).

The locator only says where to look in the log; what proves a file genuine is its
SHA-256 against `DocumentIssued`. WeasyPrint compresses the metadata into an object
stream, so the streams are inflated (zlib) and searched; nothing in the file is executed.
"""

from __future__ import annotations

import re
import zlib

MARK = re.compile(rb"casework-document:(document-[a-z0-9_]+-[a-z]+-\d{4})/(\d{1,9})")
STREAM = re.compile(rb"stream\r?\n")
MAX_INFLATE = 1 << 20


def locator_of(body: bytes) -> tuple[str, int] | None:
    """(stream id, n) named in the file's metadata, or None."""
    found = MARK.search(body)
    if found:
        return found[1].decode(), int(found[2])
    for start in STREAM.finditer(body):
        try:
            text = zlib.decompressobj().decompress(body[start.end() :], MAX_INFLATE)
        except zlib.error:
            continue
        found = MARK.search(text)
        if found:
            return found[1].decode(), int(found[2])
    return None

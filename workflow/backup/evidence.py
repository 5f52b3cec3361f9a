"""Evidence files (证据材料) in a backup: the web console keeps them outside the database,
content-addressed (`<dir>/<sha[:2]>/<sha>`), so the backup carries them beside the log.

They are listed after the database snapshot: a file is written before the event that
names it, so every file the backed-up log refers to is already there. On restore each
file's SHA-256 must equal its name, names must have that exact shape (nothing from the
archive becomes a path otherwise), and a file already present is left as it is.
"""

from __future__ import annotations

import hashlib
import os
import re
import tarfile
from pathlib import Path

from workflow.backup.archive import BackupRefused

PREFIX = "evidence/"
NAME = re.compile(r"([0-9a-f]{2})/([0-9a-f]{64})")
MAX_BYTES = 64 * 1024 * 1024


def listing(directory: Path | None) -> list[tuple[str, Path, int]]:
    """(name in the archive, file, size) of every stored evidence file, sorted."""
    if directory is None or not directory.is_dir():
        return []
    found = []
    for path in sorted(directory.glob("??/*")):
        relative = f"{path.parent.name}/{path.name}"
        match = NAME.fullmatch(relative)
        if match and match[2].startswith(match[1]) and path.is_file():
            found.append((PREFIX + relative, path, path.stat().st_size))
    return found


def add(tar: tarfile.TarFile, files: list[tuple[str, Path, int]]) -> None:
    for name, path, _size in files:
        tar.add(path, arcname=name, recursive=False)


def extract(archive: Path, into: Path) -> tuple[int, int]:
    """Write the archive's evidence files into `into`; returns (files found, files written)."""
    seen = written = 0
    with tarfile.open(archive, "r:") as tar:
        for member in tar:
            if not member.name.startswith(PREFIX):
                continue
            match = NAME.fullmatch(member.name.removeprefix(PREFIX))
            if not member.isfile() or match is None or member.size > MAX_BYTES:
                raise BackupRefused(f"unexpected evidence entry {member.name!r} in the backup")
            handle = tar.extractfile(member)
            assert handle is not None
            content = handle.read()
            seen += 1
            if hashlib.sha256(content).hexdigest() != match[2]:
                raise BackupRefused(f"evidence file {match[2]} does not match its SHA-256")
            target = into / match[1] / match[2]
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".partial")
            partial.write_bytes(content)
            os.replace(partial, target)
            written += 1
    return seen, written

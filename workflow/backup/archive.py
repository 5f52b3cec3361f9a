"""The backup file: an uncompressed tar of `manifest.json` then the (compressed) payload.

The manifest comes first so it can be read without touching the payload; names inside
the tar are fixed, never taken from the archive, so a crafted archive cannot write
outside the directory a restore chose.
"""

from __future__ import annotations

import io
import os
import shutil
import tarfile
import time
from collections.abc import Callable
from pathlib import Path

from workflow.backup.manifest import Manifest, sha256_file

MANIFEST = "manifest.json"
Extra = Callable[[tarfile.TarFile], None]


class BackupRefused(ValueError):
    """The backup cannot be trusted or used: damaged, altered, or for another backend."""


def write(out: Path, manifest: Manifest, payload: Path, extra: Extra | None = None) -> None:
    """Write the archive to `out` through `out.partial`, renamed only when complete;
    `extra(tar)` adds members after the payload (the evidence files)."""
    from workflow.limits import replaceable

    replaceable(out)
    partial = out.with_name(out.name + ".partial")
    try:
        # parties' personal data is inside: readable by the owner only, from the first byte
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            body = manifest.to_json().encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(body), 0o600, int(time.time())
            tar.addfile(info, io.BytesIO(body))
            tar.add(payload, arcname=manifest.payload, recursive=False)
            if extra is not None:
                extra(tar)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        partial.rename(out)
    finally:
        partial.unlink(missing_ok=True)


def read_manifest(path: Path) -> Manifest:
    """The archive's manifest; refuses a file that is not a casework backup."""
    try:
        with tarfile.open(path, "r:") as tar:
            member = tar.next()
            if member is None or member.name != MANIFEST or not member.isfile():
                raise BackupRefused(f"{path}: no manifest.json first; not a casework backup")
            handle = tar.extractfile(member)
            assert handle is not None
            text = handle.read(1 << 20).decode("utf-8")
    except (tarfile.TarError, UnicodeDecodeError) as err:
        raise BackupRefused(f"{path}: not a casework backup ({err})") from err
    try:
        return Manifest.from_json(text)
    except ValueError as err:
        raise BackupRefused(f"{path}: {err}") from err


def extract_payload(path: Path, manifest: Manifest, into: Path) -> Path:
    """Copy the payload out to `into/<fixed name>` and check its size and SHA-256."""
    target = into / ("payload.gz" if manifest.backend == "sqlite" else "payload.pgdump")
    with tarfile.open(path, "r:") as tar:
        members = [m for m in tar.getmembers() if m.name == manifest.payload and m.isfile()]
        if len(members) != 1:
            raise BackupRefused(f"{path}: the payload {manifest.payload!r} is missing")
        source = tar.extractfile(members[0])
        assert source is not None
        with open(target, "wb") as sink:
            shutil.copyfileobj(source, sink, 1 << 20)
    digest, size = sha256_file(target)
    if (digest, size) != (manifest.payload_sha256, manifest.payload_bytes):
        raise BackupRefused(
            f"{path}: the payload does not match its manifest (SHA-256 {digest}, "
            f"{size} bytes; manifest says {manifest.payload_sha256}, {manifest.payload_bytes})"
        )
    return target

"""Rectification files (整改材料) are kept by their SHA-256, streamed, with a size limit."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from workflow.accountability import files
from workflow.errors import CaseworkError


def test_a_file_is_kept_by_its_hash(tmp_path: Path) -> None:
    name, digest, size = files.keep(tmp_path, "../../整改报告.pdf", iter([b"%PDF-1.4 ", b"content"]))
    assert (name, size) == ("整改报告.pdf", 16)
    assert digest == hashlib.sha256(b"%PDF-1.4 content").hexdigest()
    assert files.path_of(tmp_path, digest).read_bytes() == b"%PDF-1.4 content"
    assert [p.name for p in tmp_path.iterdir()] == [digest[:2]]  # no partial file left


def test_too_big_or_of_another_type_is_refused_and_nothing_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_BYTES", 10)
    with pytest.raises(files.FileTooLarge, match=r"at most .* \(10 bytes\); nothing was kept"):
        files.keep(tmp_path, "a.pdf", iter([b"12345678", b"9012"]))
    with pytest.raises(CaseworkError):
        files.keep(tmp_path, "a.exe", iter([b"1"]))
    with pytest.raises(CaseworkError):
        files.path_of(tmp_path, "../etc/passwd")
    assert list(tmp_path.iterdir()) == []

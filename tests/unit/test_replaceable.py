"""`limits.replaceable`: an output renamed into place never replaces a device, FIFO or
directory (run as root, `--out /dev/null` once replaced the system's /dev/null)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workflow.errors import CaseworkError
from workflow.limits import replaceable


def test_a_regular_file_a_symlink_and_a_new_name_may_be_written(tmp_path: Path) -> None:
    (tmp_path / "old.pdf").write_bytes(b"x")
    os.symlink(tmp_path / "old.pdf", tmp_path / "link.pdf")
    for name in ("old.pdf", "link.pdf", "new.pdf"):
        replaceable(tmp_path / name)


@pytest.mark.parametrize("kind", ["device", "fifo", "directory"])
def test_a_device_a_fifo_or_a_directory_is_refused_in_both_languages(tmp_path: Path, kind: str) -> None:
    target = {"device": Path("/dev/null"), "fifo": tmp_path / "fifo", "directory": tmp_path}[kind]
    if kind == "fifo":
        os.mkfifo(target)
    with pytest.raises(CaseworkError) as refused:
        replaceable(target)
    assert "不是普通文件" in str(refused.value) and "not a regular file" in str(refused.value)

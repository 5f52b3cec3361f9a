"""Text limits (字段长度限制): one table for every text field an event can carry.

Every domain event passes through `check_event` before it is appended
(`workflow.messages.to_new_event`), so a command that carries a value too long, or a
NUL or other control character, is refused with the field named and appends nothing.
The read models store free text in unbounded TEXT columns, so a value that passed
(or an event written before these limits) can never stop them (issue 13 §1).

Limits count characters (Chinese characters count one each). A field not in the table
gets `DEFAULT`. Newlines and tabs are allowed only in `MULTILINE` fields.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from workflow.errors import CaseworkError

DEFAULT = 200
LIMITS: dict[str, int] = {
    # people and places
    "name": 100, "township_name": 100, "matter_name": 200, "party": 300,
    "party_address": 300, "address": 300, "party_contact": 100, "contact": 100,
    "party_id_number": 50, "id_number": 50,
    # identifiers and codes
    "code": 50, "officer_id": 100, "person_id": 100, "township": 50, "matter_code": 50,
    "case_id": 150, "number": 200, "opinion_id": 100, "file_name": 255, "file_sha256": 64,
    # free text written by people
    "summary": 2000, "details": 2000, "opinion": 2000, "findings": 4000, "facts": 4000,
    "text": 4000, "notes": 4000, "note": 2000, "basis": 1000, "legal_basis": 1000,
    "reason": 500, "statute": 200, "source": 500,
}  # fmt: skip
MULTILINE = frozenset(
    {"summary", "details", "opinion", "findings", "facts", "text", "notes", "note", "basis",
     "legal_basis", "reason", "source"}
)  # fmt: skip
# Unicode Cc (C0, DEL, C1) and lone surrogates; multi-line text keeps tab and newline
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


class InvalidText(CaseworkError):
    """A text field too long or holding a control character (输入有误): usage error."""

    exit_code = 2


def limit(field: str) -> int:
    """The most characters a text field may hold."""
    return LIMITS.get(field, DEFAULT)


def check_text(field: str, value: str) -> None:
    """Refuse a value over its field's limit or with NUL / control characters."""
    name = field.rsplit(".", 1)[-1].split("[", 1)[0]
    most = limit(name)
    if len(value) > most:
        raise InvalidText(
            f"{field} 超过 {most} 个字符（{len(value)}）",
            f"{field} is longer than {most} characters ({len(value)})",
        )
    found = (_CONTROL_MULTILINE if name in MULTILINE else _CONTROL).search(value)
    if found:
        code, index = ord(found.group()), found.start() + 1
        raise InvalidText(
            f"{field} 含有控制字符 U+{code:04X}（第 {index} 个字符）",
            f"{field} holds a control character U+{code:04X} at character {index}",
        )


def check_value(field: str, value: Any) -> None:
    """Check every text inside a value (strings, lists, dicts), naming the path."""
    if isinstance(value, str):
        check_text(field, value)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            check_text(f"{field} key", str(key))
            check_value(f"{field}.{key}", item)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            check_value(f"{field}[{index}]", item)


def check_event(event: Any) -> None:
    """Check every text field of a domain event (a dataclass) against the table."""
    for f in dataclasses.fields(event):
        check_value(f.name, getattr(event, f.name))


class InvalidFile(CaseworkError):
    """A file given as evidence that is not a regular file, or too big (输入有误): usage error."""

    exit_code = 2


CHUNK = 1 << 20


def evidence_most(max_mb: float) -> int:
    """The most bytes one evidence or proof file may hold, from CASEWORK_EVIDENCE_MAX_MB
    (`Settings.evidence_max_mb`): the one limit of the CLI's `--file` and the web's uploads."""
    return int(max_mb * 1024 * 1024)


def evidence_chunks(path: Path, most: int) -> Iterator[bytes]:
    """The chunks of a regular file given as evidence or proof, refused (InvalidFile, nothing
    read) if it is a device, a FIFO, a socket or a directory, and refused once it has given
    more than `most` bytes: the one reader behind `file_digest` and `read_evidence`."""
    try:  # O_NONBLOCK: opening a FIFO with no writer does not wait
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as err:
        raise InvalidFile(
            f"无法读取文件 {path}：{err.strerror}", f"cannot read {path}: {err.strerror}"
        ) from err
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise InvalidFile(
            f"{path} 不是普通文件（设备、管道或目录）",
            f"{path} is not a regular file (a device, FIFO or directory)",
        )
    with os.fdopen(fd, "rb") as file:
        size = 0
        while chunk := file.read(CHUNK):
            size += len(chunk)
            if size > most:
                raise InvalidFile(
                    f"{path} 超过 {most} 字节（CASEWORK_EVIDENCE_MAX_MB）",
                    f"{path} is larger than {most} bytes (CASEWORK_EVIDENCE_MAX_MB)",
                )
            yield chunk


def file_digest(path: Path, most: int) -> str:
    """The SHA-256 of a regular file, streamed in chunks (never whole into memory), refused if
    it is a device, a FIFO, a socket or a directory, or holds more than `most` bytes."""
    sha = hashlib.sha256()
    for chunk in evidence_chunks(path, most):
        sha.update(chunk)
    return sha.hexdigest()


def read_evidence(path: Path, most: int) -> bytes:
    """The bytes of a regular file of at most `most` bytes (`document verify`), same refusals."""
    return b"".join(evidence_chunks(path, most))


DATA_FILE_MAX = 64 << 20  # a county file, catalogue, calendar or witness file: 64 MB at most


def read_data_file(path: str | Path, *, unlimited: bool = False) -> bytes:
    """The bytes of a regular file given on the command line (county file, catalogue,
    holiday calendar, witness file): a device (/dev/zero), a FIFO or a directory is refused
    before anything is read, and a file over DATA_FILE_MAX bytes is refused after reading
    no more than that (`unlimited`: the witness file, which only grows). Raises OSError,
    which every loader already turns into its one-line error."""
    most = None if unlimited else DATA_FILE_MAX
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO with no writer: no wait
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a device, FIFO or directory)")
        with os.fdopen(os.dup(fd), "rb") as file:
            body = file.read() if most is None else file.read(most + 1)
    finally:
        os.close(fd)
    if most is not None and len(body) > most:
        raise OSError(errno.EFBIG, f"larger than {most} bytes")
    return body


def read_data_text(path: str | Path, encoding: str = "utf-8", *, unlimited: bool = False) -> str:
    """`read_data_file` decoded (UnicodeDecodeError when it is not that encoding)."""
    return read_data_file(path, unlimited=unlimited).decode(encoding)


def replaceable(path: str | Path) -> None:
    """Refuse an output path that a finished file must not be renamed over: an existing
    directory, device, FIFO or socket. Outputs are written to `NAME.partial` and renamed
    into place, and a rename replaces whatever the name held: run as root, `--out
    /dev/null` would have replaced the system's /dev/null with a regular file (seen)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as err:
        raise CaseworkError(f"无法写入 {path}：{err.strerror}", f"cannot write {path}: {err.strerror}") from err
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise CaseworkError(
            f"{path} 不是普通文件（目录、设备或管道），不能写入",
            f"{path} is not a regular file (a directory, device or pipe): not written",
        )

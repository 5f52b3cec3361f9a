"""The manifest of a backup: what the log held when the snapshot was taken.

The figures are computed from the snapshot itself (never from the live database), so a
restore can prove it restored exactly that log: same rows, same hashes, same head.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import MISSING, asdict, dataclass, fields
from typing import Any

FORMAT = "casework-backup/1"
DIGEST_PAGE = 20_000


@dataclass(frozen=True)
class LogFigures:
    """The log in one snapshot: rows, safe head, last position, digest, last seal."""

    events: int
    streams: int
    head: int
    last_position: int
    digest: str
    first_recorded: str | None
    last_recorded: str | None
    last_seal_month: str | None
    last_seal_root: str | None


@dataclass(frozen=True)
class Manifest:
    """Everything a restore checks before it trusts a backup."""

    format: str
    backend: str
    created_at: str
    casework_version: str
    payload: str
    payload_bytes: int
    payload_sha256: str
    log: LogFigures
    tables: tuple[str, ...]
    schema: str | None  # PostgreSQL: the schema dumped (restored under the same name)
    evidence_files: int = 0  # the console's evidence files carried beside the log
    evidence_bytes: int = 0

    def to_json(self) -> str:
        body = asdict(self)
        body["tables"] = list(self.tables)
        return json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Parse a manifest; a missing or malformed field raises ValueError."""
        try:
            body = json.loads(text)
            if body.get("format") != FORMAT:
                raise ValueError(f"not a casework backup manifest (format {body.get('format')!r})")
            log = LogFigures(**{f.name: body["log"][f.name] for f in fields(LogFigures)})
            skip = ("log", "tables")
            values = {f.name: body[f.name] for f in fields(cls)
                      if f.name not in skip and (f.name in body or f.default is MISSING)}  # fmt: skip
            return cls(**values, log=log, tables=tuple(body["tables"]))
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as err:
            raise ValueError(f"the backup's manifest is damaged ({err})") from err


class Digest:
    """SHA-256 over `position:hash` lines in position order: the log's fingerprint."""

    def __init__(self) -> None:
        self._sha = hashlib.sha256()
        self.count = 0
        self.last_position = 0

    def add(self, rows: list[Any]) -> None:
        for position, digest in rows:
            self._sha.update(f"{position}:{digest}\n".encode())
        self.count += len(rows)
        if rows:
            self.last_position = int(rows[-1][0])

    def hexdigest(self) -> str:
        return self._sha.hexdigest()


def figures(cur: Any, p: str, safe: str = "1 = 1") -> LogFigures:
    """Describe the log seen by a DBAPI cursor (placeholder `p`; `safe` filters the head)."""
    digest = Digest()
    while True:
        cur.execute(
            f"SELECT position, hash FROM events WHERE position > {p} ORDER BY position LIMIT {p}",
            (digest.last_position, DIGEST_PAGE),
        )
        rows = cur.fetchall()
        digest.add(rows)
        if len(rows) < DIGEST_PAGE:
            break
    cur.execute(f"SELECT coalesce(max(position), 0) FROM events WHERE {safe}")
    head = int(cur.fetchone()[0])
    cur.execute("SELECT count(DISTINCT stream_id), min(recorded_at), max(recorded_at) FROM events")
    streams, first, last = cur.fetchone()
    cur.execute(
        "SELECT data FROM events WHERE event_type = 'MonthSealed' ORDER BY position DESC LIMIT 1"
    )
    seal = cur.fetchone()
    sealed = json.loads(seal[0]) if seal else {}
    return LogFigures(
        digest.count, int(streams), head, digest.last_position, digest.hexdigest(),
        first, last, sealed.get("month"), sealed.get("root"),
    )  # fmt: skip


def sha256_file(path: Any) -> tuple[str, int]:
    """SHA-256 and size of a file, read in 1 MiB chunks."""
    sha, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size

"""Verify a case file bundle without the database (案卷包校验).

From `events.jsonl` alone: recompute every event's hash with `events.hashing`, check
every link and that versions run 1, 2, 3… in one stream (`events.verify.verify_rows`).
Then check `chain.json` agrees (same stream, count and head hash) and that the other
files are the ones exported (their SHA-256 in `chain.json`). The first problem found
is reported, naming the event (stream, version, position) or the file and line.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from events.verify import verify_rows
from workflow.reports.bundle_seal import check_seals

EVENTS, CHAIN = "events.jsonl", "chain.json"
FORMAT = "casework-case-bundle/1"
FIELDS = (
    "position",
    "stream_id",
    "version",
    "event_type",
    "schema_version",
    "data",
    "metadata",
    "recorded_at",
    "prev_hash",
    "hash",
)
TYPES: dict[str, type] = {"position": int, "version": int, "schema_version": int}


class BundleError(Exception):
    """The bundle is unreadable or inconsistent; the message names where."""


@dataclass(frozen=True)
class BundleReport:
    """The verdict on a bundle: ok, or the first problem found; the sealed months proven."""

    ok: bool
    events: int
    stream_id: str | None
    head_hash: str | None
    problem: str | None = None
    sealed: tuple[tuple[str, str, int], ...] = ()  # (month, root, events proven)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "stream_id": self.stream_id,
            "head_hash": self.head_hash,
            "problem": self.problem,
            "sealed": [{"month": m, "root": r, "events": n} for m, r, n in self.sealed],
        }


def verify_bundle(path: Path) -> BundleReport:
    """Check the zip at `path`; never touches a database."""
    try:
        files = read_zip(path)
    except BundleError as err:
        return BundleReport(False, 0, None, None, str(err))
    return verify_files(files)


def verify_files(files: dict[str, bytes]) -> BundleReport:
    """Check a bundle's files (name -> bytes): the chain in events.jsonl, then chain.json."""
    try:
        rows = parse_events(_file(files, EVENTS))
        chain = parse_chain(_file(files, CHAIN))
    except BundleError as err:
        return BundleReport(False, 0, None, None, str(err))
    problem = check_rows(rows) or check_chain(chain, files, rows)
    sealed = () if problem else _sealed(chain)
    return BundleReport(problem is None, len(rows), rows[0][1], rows[-1][9], problem, sealed)


def _file(files: dict[str, bytes], name: str) -> bytes:
    if name not in files:
        raise BundleError(f"{name} is missing from the bundle")
    return files[name]


def _sealed(chain: dict[str, Any]) -> tuple[tuple[str, str, int], ...]:
    return tuple((m["month"], m["root"], len(m["proofs"])) for m in chain.get("seals") or [])


def read_zip(path: Path) -> dict[str, bytes]:
    """Every file of the bundle by name; BundleError if it is not a zip or lacks a file."""
    try:
        with zipfile.ZipFile(path) as archive:
            files = {name: archive.read(name) for name in archive.namelist()}
    except (zipfile.BadZipFile, OSError, KeyError) as err:
        raise BundleError(f"not a readable bundle: {err}") from err
    for needed in (EVENTS, CHAIN):
        if needed not in files:
            raise BundleError(f"{needed} is missing from the bundle")
    return files


def parse_events(body: bytes) -> list[tuple[Any, ...]]:
    """The rows of events.jsonl as tuples in `events.store.COLUMNS` order."""
    rows = []
    for number, line in enumerate(body.split(b"\n"), start=1):
        if line.strip():
            rows.append(parse_line(line, number))
    if not rows:
        raise BundleError(f"{EVENTS} holds no events")
    return rows


def parse_line(line: bytes, number: int) -> tuple[Any, ...]:
    """One line as a row; BundleError naming the line if it is not a well-formed event."""
    where = f"{EVENTS} line {number}"
    try:
        record = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BundleError(f"{where} is not valid JSON: {err}") from err
    if not isinstance(record, dict):
        raise BundleError(f"{where} is not a JSON object")
    for name in FIELDS:
        expected = TYPES.get(name, str)
        value = record.setdefault(name, "") if name == "signature" else record.get(name)
        if not isinstance(value, expected) or isinstance(value, bool):
            raise BundleError(f"{where}: field {name!r} missing or not {expected.__name__}")
    return tuple(record[name] for name in FIELDS)  # bundles from before signatures have none


def check_rows(rows: list[tuple[Any, ...]]) -> str | None:
    """Recompute the chain; the first broken event, described, or None."""
    streams = {row[1] for row in rows}
    if len(streams) != 1:
        return f"{EVENTS} mixes streams {sorted(streams)}: a bundle holds one case"
    report = verify_rows(rows)
    first = report.first_broken
    return first.describe() if first is not None else None


def parse_chain(body: bytes) -> dict[str, Any]:
    """chain.json as an object; BundleError if it is not one of ours."""
    try:
        chain = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BundleError(f"{CHAIN} is not valid JSON: {err}") from err
    if not isinstance(chain, dict) or chain.get("format") != FORMAT:
        raise BundleError(f"{CHAIN} is not a casework case bundle ({FORMAT})")
    return chain


def check_chain(
    chain: dict[str, Any], files: dict[str, bytes], rows: list[tuple[Any, ...]]
) -> str | None:
    """chain.json agrees with the events, the other files and the sealed months' roots."""
    claims = {"stream_id": rows[0][1], "count": len(rows), "head_hash": rows[-1][9]}
    for key, actual in claims.items():
        if chain.get(key) != actual:
            return f"{CHAIN} says {key} {chain.get(key)!r}, {EVENTS} has {actual!r}"
    digests = chain.get("files")
    if not isinstance(digests, dict):
        return f"{CHAIN} lists no file digests"
    from workflow.documents.bundle import check_documents

    problem = _check_digests(files, digests) or check_seals(chain.get("seals"), rows)
    return problem or check_documents(files)


def _check_digests(files: dict[str, bytes], digests: dict[str, Any]) -> str | None:
    for name, digest in sorted(digests.items()):
        if name not in files:
            return f"{name} is missing from the bundle"
        if hashlib.sha256(files[name]).hexdigest() != digest:
            return f"{name} was altered: its SHA-256 differs from the one in {CHAIN}"
    return None

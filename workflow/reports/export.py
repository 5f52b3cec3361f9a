"""The case file bundle for review (案卷评查导出): one zip a reviewer can check offline.

    events.jsonl   every stored field of every event of the case, one JSON object a line;
                   `data` and `metadata` are the exact stored JSON texts, so every hash
                   recomputes from the file alone (`casework verify-bundle`)
    chain.json     the hash chain (versions, positions, links), its verification result,
                   the SHA-256 of the other files, and inclusion proofs of the events in
                   the sealed months' Merkle roots (`workflow.reports.bundle_seal`)
    evidence.json  evidence recorded on the case: file names and SHA-256 digests
    summary.html   a self-contained summary in Chinese: facts, timeline, deadlines, evidence
    README.txt     what the files are and how to check them

Rows are read with SQL, not through `read_stream`, so upcasters never touch the text.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from events import EventStore, RecordedEvent
from events.hashing import parse_time
from events.store import COLUMNS
from events.verify import verify_rows
from workflow.cases.case import Case, replay
from workflow.clock import local, local_day, show
from workflow.errors import NotAuthorised, NotFound
from workflow.messages import from_recorded
from workflow.reports.bundle_seal import month_proofs
from workflow.reports.bundle_verify import FORMAT
from workflow.reports.export_html import render_summary

FIELDS = tuple(c.strip() for c in COLUMNS.split(","))
EVENTS, CHAIN, EVIDENCE, SUMMARY, README = (
    "events.jsonl",
    "chain.json",
    "evidence.json",
    "summary.html",
    "README.txt",
)


@dataclass(frozen=True)
class BundleResult:
    """What `export` wrote: the file, the case, how many events, whether the chain held."""

    path: Path
    stream_id: str
    number: str
    events: int
    chain_ok: bool
    head_hash: str


def stored_rows(store: EventStore, stream_id: str) -> list[tuple[Any, ...]]:
    """The stream's rows exactly as stored (columns as `events.store.COLUMNS`), by version."""
    sql = text(f"SELECT {COLUMNS} FROM events WHERE stream_id = :s ORDER BY version")
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sql, {"s": stream_id}).all()]


def row_json(row: Sequence[Any]) -> dict[str, Any]:
    """One stored row as a JSON object keyed by column name (texts kept verbatim)."""
    record = dict(zip(FIELDS, row, strict=True))
    record["recorded_at"] = str(record["recorded_at"]).strip()
    record["prev_hash"] = str(record["prev_hash"]).strip()
    record["hash"] = str(record["hash"]).strip()
    return record


def events_jsonl(rows: Sequence[Sequence[Any]]) -> str:
    """One JSON object per line, Chinese unescaped, in version order."""
    return "".join(json.dumps(row_json(r), ensure_ascii=False) + "\n" for r in rows)


def evidence_list(rows: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
    """Evidence events of the case: version, business time, kind, text, file name, SHA-256."""
    found = []
    for row in rows:
        record = row_json(row)
        if record["event_type"] != "EvidenceRecorded":
            continue
        data = json.loads(record["data"])
        actor = json.loads(record["metadata"]).get("actor")
        found.append(
            {
                "version": record["version"],
                "at": data.get("at"),
                "kind": data.get("kind"),
                "text": data.get("text"),
                "file_name": data.get("file_name"),
                "file_sha256": data.get("file_sha256"),
                "recorded_by": actor,
            }
        )
    return found


def chain_document(
    rows: Sequence[Sequence[Any]], case: Case, exported_at: datetime
) -> dict[str, Any]:
    """The hash chain of the case and the result of recomputing it now."""
    report = verify_rows(rows)
    records = [row_json(r) for r in rows]
    return {
        "format": FORMAT,
        "stream_id": records[0]["stream_id"],
        "case_id": case.case_id,
        "number": case.number,
        "exported_at": exported_at.isoformat(),
        "count": len(records),
        "head_hash": records[-1]["hash"],
        "links": [
            {k: r[k] for k in ("version", "position", "recorded_at", "prev_hash", "hash")}
            for r in records
        ],
        "verification": {
            "ok": report.ok,
            "checked": report.checked,
            "problems": [p.describe() for p in report.problems],
        },
    }


def seal_proofs(store: EventStore, rows: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
    """Inclusion proofs of the case's events in the sealed months they were recorded in."""
    from workflow.reports.seals import sealed_root, window

    months: dict[str, set[int]] = {}
    for row in rows:
        month = local(parse_time(str(row[7]).strip())).strftime("%Y-%m")
        months.setdefault(month, set()).add(row[0])
    found = []
    for month, positions in sorted(months.items()):
        root = sealed_root(store, month)
        if root is not None:
            start, end = window(month)
            leaves = store.content_hashes(recorded_from=start, recorded_before=end)
            found.append(month_proofs(month, root, leaves, positions))
    return found


def build_bundle(
    rows: Sequence[Sequence[Any]],
    case: Case,
    exported_at: datetime,
    exported_by: str | None,
    seals: list[dict[str, Any]] | None = None,
    paper: dict[str, bytes] | None = None,
) -> dict[str, bytes]:
    """Every file of the bundle, by name, as bytes (`paper`: documents and service proofs)."""
    evidence = evidence_list(rows)
    chain = chain_document(rows, case, exported_at)
    chain["seals"] = seals or []
    summary = render_summary(case, rows, evidence, chain, local_day(exported_at))
    files = {
        EVENTS: events_jsonl(rows).encode("utf-8"),
        EVIDENCE: _json_bytes({"case_id": case.case_id, "evidence": evidence}),
        SUMMARY: summary.encode("utf-8"),
        README: readme(case, chain, exported_at, exported_by).encode("utf-8"),
        **(paper or {}),
    }
    chain["files"] = {name: hashlib.sha256(body).hexdigest() for name, body in files.items()}
    files[CHAIN] = _json_bytes(chain)
    return files


def write_bundle(path: Path, files: dict[str, bytes]) -> None:
    """Write the zip (deflated); an existing file is replaced only once the zip is complete."""
    from workflow.limits import replaceable

    replaceable(path)
    partial = path.with_name(path.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            first = (README, EVENTS, CHAIN, EVIDENCE, SUMMARY)
            for name in (*first, *sorted(set(files) - set(first))):
                archive.writestr(name, files[name])
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)  # a failed export leaves nothing behind
        raise


def case_from_rows(store: EventStore, rows: Sequence[Sequence[Any]]) -> Case:
    """The case folded from exactly the exported rows (upcast as the store would)."""
    events = []
    for row in rows:
        version, data = store.upcasters.upcast(row[3], row[4], json.loads(row[5]))
        recorded = parse_time(str(row[7]).strip())
        events.append(
            RecordedEvent(row[0], row[1], row[2], row[3], version, data,
                          json.loads(row[6]), recorded, row[8], row[9])
        )  # fmt: skip
    return replay([from_recorded(e) for e in events])


def authorise_export(store: EventStore, directory: Any, stream_id: str, actor: str) -> None:
    """The bundle holds the raw events and the documents, the party named in full: only
    the case's township team or a county supervisor may export it (as `document render`).
    The one rule of `casework export`, the console's export.zip and the API's bundle.zip."""
    from workflow.documents.rules import authorise_reading

    sql = text("SELECT data FROM events WHERE stream_id = :s ORDER BY version LIMIT 1")
    with store.engine.connect() as conn:
        opened = conn.execute(sql, {"s": stream_id}).scalar()
    if opened is None:
        raise NotFound(f"案件 {stream_id} 不存在", f"no such case: {stream_id}")
    authorise_reading(directory.person(actor), actor, json.loads(opened)["township"])


def may_export(directory: Any, actor: str, township: str) -> bool:
    """Whether `authorise_export` lets this person export a case of this township (the
    console offers the link only then)."""
    from workflow.documents.rules import authorise_reading

    try:
        authorise_reading(directory.person(actor), actor, township)
    except NotAuthorised:
        return False
    return True


def export_case(
    store: EventStore,
    stream_id: str,
    out: Path,
    exported_at: datetime,
    exported_by: str | None = None,
) -> BundleResult:
    """Export one case's stored events and its summary as a review bundle at `out`."""
    rows = stored_rows(store, stream_id)
    if not rows:
        raise NotFound(f"案件 {stream_id} 不存在", f"no such case: {stream_id}")
    case = case_from_rows(store, rows)
    from workflow.documents.bundle import paper_files

    opened = json.loads(rows[0][5])
    paper = paper_files(store, opened, exported_at)
    files = build_bundle(rows, case, exported_at, exported_by, seal_proofs(store, rows), paper)
    write_bundle(out, files)
    chain = json.loads(files[CHAIN])
    ok = bool(chain["verification"]["ok"])
    return BundleResult(out, stream_id, case.number, len(rows), ok, chain["head_hash"])


def readme(case: Case, chain: dict[str, Any], exported_at: datetime, by: str | None) -> str:
    """A short README in Chinese and English."""
    state = "完好 intact" if chain["verification"]["ok"] else "已被改动 ALTERED"
    return f"""案卷评查材料 / case file bundle for review
案件 case: {case.number} ({case.case_id})
导出时间 exported: {show(exported_at)} (Asia/Shanghai) by {by or "—"}
事件 events: {chain["count"]}  哈希链 hash chain at export: {state}
链尾哈希 head hash: {chain["head_hash"]}

{EVENTS}   每行一个事件，data/metadata 为库中原文 (exact stored JSON text)
{CHAIN}     哈希链与校验结果; SHA-256 of the other files
{EVIDENCE}  证据文件名与 SHA-256 digests
{SUMMARY}   案件摘要 (facts, timeline, deadlines, evidence)

校验 / verify without the database:
    casework verify-bundle THIS.zip
It recomputes every hash: SHA-256(prev_hash + canonical record), see events/hashing.py.
The bundle proves itself consistent. Events of sealed months carry Merkle inclusion
proofs: compare the roots verify-bundle prints with the roots in the monthly circulars
(月度通报). For months not yet sealed, compare the head hash with
`casework history {case.case_id}` on the county's own log.
"""


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")

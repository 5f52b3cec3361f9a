"""Bundle verification without a database: built from chained rows in memory, then altered."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import pytest

from events.hashing import GENESIS, canonical_json, canonical_record, chain_hash, format_time
from events.merkle import merkle_root
from tests.unit.case_fakes import World
from workflow.cases import commands as c
from workflow.cases.case import replay
from workflow.messages import from_recorded
from workflow.reports.bundle_seal import audit_path, fold_path, month_proofs
from workflow.reports.bundle_verify import verify_files
from workflow.reports.export import CHAIN, EVENTS, EVIDENCE, SUMMARY, build_bundle

CASE = "taicheng-P-2026-1"
EXPORTED = datetime(2026, 6, 5, 2, 0, tzinfo=UTC)


def chained_rows(world: World, late: dict[int, timedelta] | None = None) -> list[tuple[Any, ...]]:
    """The fake store's records as stored rows, hash-chained as the real store does.
    Each is recorded at its business time, plus `late[version]` if given."""
    rows, prev = [], GENESIS
    for r in world.store.read_stream(f"case-{CASE}"):
        data, meta = canonical_json(r.data), canonical_json(r.metadata)
        lag = (late or {}).get(r.version, timedelta(0))
        recorded = format_time(datetime.fromisoformat(r.data["at"]) + lag)
        record = canonical_record(r.stream_id, r.version, r.type, 1, data, meta, recorded)
        digest = chain_hash(prev, record)
        rows.append(
            (r.position, r.stream_id, r.version, r.type, 1, data, meta, recorded, prev, digest, "")
        )
        prev = digest
    return rows


def a_case(party: str = "张三") -> tuple[World, list[tuple[Any, ...]]]:
    w = World()
    w.do(
        c.OpenCase(
            actor="tc-o1", township="taicheng", matter="M-P1", party=party, summary="无照经营"
        )
    )
    w.advance(hours=1)
    w.do(c.DispatchCase(actor="tc-dep", case=CASE, officers=("tc-o1", "tc-o2")))
    w.advance(hours=1)
    w.do(
        c.RecordEvidence(
            actor="tc-o1",
            case=CASE,
            kind="照片",
            text="现场 ok1",
            file_name="现场.jpg",
            file_sha256="ab" * 32,
        )
    )
    return w, chained_rows(w)


def bundle(party: str = "张三") -> dict[str, bytes]:
    return bundle_of(*a_case(party))


def bundle_of(w: World, rows: list[tuple[Any, ...]]) -> dict[str, bytes]:
    case = replay([from_recorded(r) for r in w.store.read_stream(f"case-{CASE}")])
    return build_bundle(rows, case, EXPORTED, "sup")


def test_an_untouched_bundle_verifies() -> None:
    report = verify_files(bundle())
    assert report.ok and report.problem is None
    assert (report.events, report.stream_id) == (3, f"case-{CASE}")


def test_one_altered_byte_in_events_names_the_event() -> None:
    files = bundle()
    files[EVENTS] = files[EVENTS].replace(b"ok1", b"ok2")
    report = verify_files(files)
    assert not report.ok and report.problem is not None
    assert "hash-mismatch" in report.problem and f"case-{CASE}" in report.problem
    assert "version 3" in report.problem


def test_an_altered_link_is_a_broken_link() -> None:
    files = bundle()
    lines = files[EVENTS].decode().splitlines()
    second = json.loads(lines[1])
    second["prev_hash"] = "f" * 64
    lines[1] = json.dumps(second, ensure_ascii=False)
    files[EVENTS] = ("\n".join(lines) + "\n").encode()
    problem = verify_files(files).problem or ""
    assert "broken-link" in problem and "version 2" in problem


def test_a_dropped_event_is_a_missing_version() -> None:
    files = bundle()
    lines = files[EVENTS].decode().splitlines(keepends=True)
    files[EVENTS] = (lines[0] + lines[2]).encode()
    problem = verify_files(files).problem or ""
    assert "missing-version" in problem and "version 2" in problem


def test_a_dropped_last_event_disagrees_with_the_chain_document() -> None:
    files = bundle()
    files[EVENTS] = b"".join(files[EVENTS].splitlines(keepends=True)[:2])
    problem = verify_files(files).problem or ""
    assert CHAIN in problem and "count" in problem


def test_a_byte_that_breaks_the_json_names_the_line() -> None:
    files = bundle()
    body = bytearray(files[EVENTS])
    body[body.index(b"\n") + 1] = ord("x")  # the first byte of line 2
    problem = verify_files({**files, EVENTS: bytes(body)}).problem or ""
    assert "line 2" in problem


def test_a_byte_inside_a_chinese_character_names_the_line() -> None:
    files = bundle()
    body = bytearray(files[EVENTS])
    second = body.index(b"\n") + 1
    body[body.index("照片".encode(), second) + 1] = 0x20  # breaks the UTF-8 sequence
    problem = verify_files({**files, EVENTS: bytes(body)}).problem or ""
    assert "line 3" in problem


def test_altered_summary_or_evidence_is_named() -> None:
    files = bundle()
    problem = verify_files({**files, SUMMARY: files[SUMMARY] + b" "}).problem or ""
    assert SUMMARY in problem
    problem = (
        verify_files({**files, EVIDENCE: files[EVIDENCE].replace(b"ab", b"cd", 1)}).problem or ""
    )
    assert EVIDENCE in problem


@pytest.mark.parametrize("missing", [EVENTS, CHAIN])
def test_a_missing_file_is_named(missing: str) -> None:
    files = bundle()
    del files[missing]
    assert missing in (verify_files(files).problem or "")


def test_events_keep_the_stored_text_and_evidence_lists_digests() -> None:
    w, rows = a_case()
    files = bundle_of(w, rows)
    lines = [json.loads(line) for line in files[EVENTS].decode().splitlines()]
    assert [(x["data"], x["hash"]) for x in lines] == [(r[5], r[9]) for r in rows]
    assert "现场" in files[EVENTS].decode()  # Chinese unescaped
    evidence = json.loads(files[EVIDENCE])["evidence"]
    assert evidence == [
        {
            "version": 3,
            "at": "2026-06-01T04:00:00+00:00",
            "kind": "照片",
            "text": "现场 ok1",
            "file_name": "现场.jpg",
            "file_sha256": "ab" * 32,
            "recorded_by": "tc-o1",
        }
    ]
    chain = json.loads(files[CHAIN])
    assert chain["verification"]["ok"] and chain["head_hash"] == rows[-1][9]


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_summary_is_chinese_self_contained_and_escaped() -> None:
    html = bundle(party='<script>alert("x")</script>&张三').pop(SUMMARY).decode()
    parser = Collect()
    parser.feed(html)
    assert "script" not in parser.tags and "img" not in parser.tags and "link" not in parser.tags
    text = "".join(parser.text)
    assert '<script>alert("x")</script>&张三' in text  # shown as text, not run
    for heading in ("案件基本情况", "办理过程", "办理期限", "证据", "哈希链完好"):
        assert heading in text
    assert "ab" * 32 in text and "现场.jpg" in text


def test_summary_flags_backdated_events_only() -> None:
    w, rows = a_case()
    assert 'class="late"' not in bundle_of(w, rows)[SUMMARY].decode()
    late = bundle_of(w, chained_rows(w, {2: timedelta(days=2, hours=3)}))
    html = late[SUMMARY].decode()
    assert html.count("补录 2d 3h") == 1
    assert verify_files(late).ok


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 7, 8, 9, 16, 17])
def test_every_leaf_folds_up_its_audit_path_to_the_root(size: int) -> None:
    hashes = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(size)]
    root = merkle_root(hashes)
    for i, h in enumerate(hashes):
        assert fold_path(h, audit_path(hashes, i)) == root
    if size > 1:  # another leaf's hash does not reach the root along this leaf's path
        assert fold_path(hashes[0], audit_path(hashes, size - 1)) != root


def test_seal_proofs_in_a_bundle_are_checked() -> None:
    w, rows = a_case()
    others = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(5)]
    leaves = [(100 + i, h) for i, h in enumerate(others[:2])]
    leaves += [(r[0], r[9]) for r in rows] + [(200 + i, h) for i, h in enumerate(others[2:])]
    month = month_proofs(
        "2026-06", merkle_root([h for _, h in leaves]), leaves, {r[0] for r in rows}
    )
    assert month["matches_seal_at_export"] and len(month["proofs"]) == 3
    case = replay([from_recorded(r) for r in w.store.read_stream(f"case-{CASE}")])
    files = build_bundle(rows, case, EXPORTED, "sup", [month])
    report = verify_files(files)
    assert report.ok and report.sealed == (("2026-06", month["root"], 3),)
    month["root"] = "0" * 64  # a root that is not the one printed in the circular
    problem = verify_files(build_bundle(rows, case, EXPORTED, "sup", [month])).problem or ""
    assert "does not reach the sealed root of 2026-06" in problem and "version 1" in problem

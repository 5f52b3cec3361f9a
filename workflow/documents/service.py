"""Issuing, listing, re-rendering and verifying documents (文书服务).

`issue` takes the next number of the kind's sequence by appending `DocumentIssued` at
the sequence stream's current version: a racing issuer gets a ConcurrencyError and
tries the next number, so numbers stay gapless and unique. The PDF is rendered before
the append (its hash is in the event); nothing can fail after the append.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from events import ConcurrencyError, EventStore, RecordedEvent
from workflow.cases.numbering import needs_directory, parse_case_ref
from workflow.clock import local_day, parse_time
from workflow.clock import now as clock_now
from workflow.documents import context as doc_context
from workflow.documents import render
from workflow.documents.events import DocumentIssued
from workflow.documents.kinds import DocumentKind
from workflow.documents.numbering import DocumentSequence, parse_number
from workflow.documents.pdfmeta import locator_of
from workflow.documents.rules import authorise, authorise_reading, check_after, check_issuable
from workflow.errors import CaseworkError, NotFound
from workflow.messages import from_recorded, to_new_event

MAX_ATTEMPTS = 1000


@dataclass(frozen=True)
class Issued:
    """A document as issued, and where its event is stored."""

    event: DocumentIssued
    stream_id: str

    @property
    def locator(self) -> str:
        return f"{self.stream_id}/{self.event.n}"


@dataclass(frozen=True)
class Verification:
    """The outcome of checking a file against the log."""

    ok: bool
    zh: str
    en: str
    issued: Issued | None = None


class DocumentService:
    """Issues and checks documents against the event store."""

    def __init__(
        self,
        store: EventStore,
        directory: Callable[[], Any],
        *,
        clock: Callable[[], datetime] = clock_now,
    ) -> None:
        self.store = store
        self.directory = directory
        self.clock = clock

    def issue(
        self,
        case_ref: str,
        kind: DocumentKind,
        actor: str,
        *,
        extra: dict[str, Any] | None = None,
        command_id: str | None = None,
    ) -> tuple[Issued, bytes]:
        """Number, render and record a document of the case; returns it and its PDF."""
        directory = self.directory()
        stream_id, records = self._case(case_ref, directory)
        opened = records[0].data
        person = authorise(directory.person(actor), actor, opened["township"], records)
        check_issuable(kind, records, self.of_case(case_ref))
        at = self.clock()
        check_after(at, records)
        sequence = DocumentSequence(opened["township"], kind, local_day(at).year)
        extra = {**doc_context.kind_extra(kind, directory, records), **(extra or {})}
        fields = doc_context.issue_fields(directory, records, stream_id, at, extra)
        for _ in range(MAX_ATTEMPTS):
            version = self.store.stream_version(sequence.stream_id)
            n = version + 1
            event = self._build(sequence, n, kind, fields, opened, records)
            body = self.render_event(event, sequence.stream_id, records)
            event = dataclasses.replace(event, sha256=hashlib.sha256(body).hexdigest())
            meta = {"actor": person.id, "role": str(getattr(person.role, "value", person.role))}
            try:
                result = self.store.append(
                    sequence.stream_id,
                    [to_new_event(event)],
                    expected_version=version,
                    command_id=command_id,
                    metadata=meta,
                )
            except ConcurrencyError:
                continue
            if result.duplicate:
                return self._at(result.stream_id, result.version), b""
            return Issued(event, sequence.stream_id), body
        raise ConcurrencyError(sequence.stream_id, 0, -1)

    def _build(
        self,
        sequence: DocumentSequence,
        n: int,
        kind: DocumentKind,
        fields: dict[str, Any],
        opened: dict[str, Any],
        records: list[RecordedEvent],
    ) -> DocumentIssued:
        return DocumentIssued(
            case_id=opened["case_id"],
            case_number=opened["number"],
            kind=kind.value,
            number=sequence.human(opened["township_name"], n),
            year=sequence.year,
            n=n,
            township=opened["township"],
            sha256="",
            renderer=render.renderer(),
            **fields,
        )

    def render_event(
        self, event: DocumentIssued, stream_id: str, records: list[RecordedEvent] | None = None
    ) -> bytes:
        """The PDF of an issued document, from the case's events it was built from."""
        built = event.built_from
        if records is None:
            records = self.store.read_stream(built["stream"], up_to_version=built["version"])
        used = [r for r in records if r.version <= built["version"]]
        ctx = doc_context.build(event, f"{stream_id}/{event.n}", [(r.type, r.data) for r in used])
        return render.pdf(DocumentKind(event.kind), ctx, event.renderer)

    def of_case(self, case_ref: str) -> list[Issued]:
        """The documents issued for a case, in the order issued."""
        directory = self.directory() if needs_directory(case_ref) else None
        _, records = self._case(case_ref, directory)
        opened = records[0].data
        first = local_day(parse_time(opened["at"])).year
        last = local_day(self.clock()).year
        return issued_for_case(self.store, opened["township"], opened["case_id"], first, last)

    def find(self, case_ref: str, number: str) -> Issued:
        """The case's document with this number (NotFound otherwise)."""
        directory = self.directory()
        _, records = self._case(case_ref, directory)
        sequence, n = parse_number(number, records[0].data["township"])
        issued = self._at(sequence.stream_id, n)
        if issued.event.case_id != records[0].data["case_id"] or issued.event.number != number:
            raise NotFound(f"本案没有文书 {number}", f"no document {number} in this case")
        return issued

    def may_read(self, case_ref: str, actor: str) -> None:
        """Refuse an actor who may not have the case's documents (rules.authorise_reading)."""
        directory = self.directory()
        _, records = self._case(case_ref, directory)
        authorise_reading(directory.person(actor), actor, records[0].data["township"])

    def reproduce(
        self, case_ref: str, number: str, actor: str | None = None
    ) -> tuple[Issued, bytes]:
        """Re-render a document from the log; refuses if the bytes differ from those issued.
        With `actor`: only one who may read the case's documents (CLI, web)."""
        if actor is not None:
            self.may_read(case_ref, actor)
        issued = self.find(case_ref, number)
        body = self.render_event(issued.event, issued.stream_id)
        if hashlib.sha256(body).hexdigest() != issued.event.sha256:
            raise CaseworkError(
                f"重新生成的文书与签发时不一致（签发时的渲染器：{issued.event.renderer}）",
                f"the re-rendered document differs from the one issued (issued with "
                f"{issued.event.renderer}; now {render.renderer()})",
            )
        return issued, body

    def verify(self, body: bytes) -> Verification:
        """Is this file, byte for byte, a document issued and recorded in the log?"""
        digest = hashlib.sha256(body).hexdigest()
        locator = locator_of(body)
        if locator is not None:
            issued = self._at(*locator) if self._exists(*locator) else None
            if issued is not None and issued.event.sha256 == digest:
                return _genuine(issued)
            if issued is not None:
                return Verification(
                    False,
                    f"文件已被改动：与 {issued.event.number} 签发时的 SHA-256 不符",
                    f"altered: its SHA-256 does not match {issued.event.number} as issued",
                    issued,
                )
        for record in self.store.iter_all():
            if record.type == "DocumentIssued" and record.data.get("sha256") == digest:
                return _genuine(Issued(from_recorded(record), record.stream_id))
        return Verification(
            False, "日志中没有签发过这个文件", "no document with this SHA-256 was ever issued"
        )

    def _exists(self, stream_id: str, n: int) -> bool:
        return 0 < n <= self.store.stream_version(stream_id)

    def _at(self, stream_id: str, n: int) -> Issued:
        records = self.store.read_stream(stream_id, up_to_version=n)
        if len(records) < n or n < 1:
            raise NotFound(f"文书 {stream_id}/{n} 不存在", f"no document {stream_id}/{n}")
        return Issued(from_recorded(records[n - 1]), stream_id)

    def _case(self, ref: str, directory: Any) -> tuple[str, list[RecordedEvent]]:
        stream_id = parse_case_ref(ref, directory).stream_id
        records = self.store.read_stream(stream_id)
        if not records:
            raise NotFound(f"案件 {ref} 不存在", f"no such case: {ref}")
        return stream_id, records


def _genuine(issued: Issued) -> Verification:
    e = issued.event
    return Verification(
        True,
        f"真实：{e.number}（{e.case_number}）与签发记录一致",
        f"genuine: {e.number} of case {e.case_number}, as issued",
        issued,
    )


def issued_for_case(
    store: EventStore, township: str, case_id: str, first_year: int, last_year: int
) -> list[Issued]:
    """The documents of one case, from the township's sequences of those years, as issued."""
    found: list[tuple[int, Issued]] = []
    for year in range(first_year, last_year + 1):
        for kind in DocumentKind:
            sequence = DocumentSequence(township, kind, year)
            for r in store.read_stream(sequence.stream_id):
                if r.data.get("case_id") == case_id:
                    found.append((r.position, Issued(from_recorded(r), sequence.stream_id)))
    return [issued for _, issued in sorted(found, key=lambda item: item[0])]

"""The data a document template gets: the case's facts plus what `DocumentIssued` fixed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from events import RecordedEvent
from workflow.cases.assignment import current_officers
from workflow.clock import local_day
from workflow.documents.content import day_text, fold, moment_day
from workflow.documents.events import DocumentIssued
from workflow.documents.kinds import DocumentKind


def issue_fields(
    directory: Any,
    records: list[RecordedEvent],
    stream_id: str,
    at: datetime,
    extra: dict[str, Any],
) -> dict[str, Any]:
    """The directory facts a new document prints, fixed into its event at issue time."""
    opened = records[0].data
    county = directory.county.name if directory.county is not None else ""
    officers = []
    for officer_id in _dispatched(records):
        person = directory.person(officer_id)
        if person is None:
            continue
        valid = [c.number for c in person.certificates if c.valid_on(local_day(at))]
        officers.append(
            {"id": person.id, "name": person.name, "certificate": valid[0] if valid else ""}
        )
    last = records[-1]
    return {
        "organ": f"{opened['township_name']}人民政府",
        "officers": officers,
        "built_from": {"stream": stream_id, "version": last.version, "hash": last.hash},
        "at": at.isoformat(),
        "extra": {
            "county": county,
            "review_organ": f"{county}人民政府" if county else "上一级行政机关",
            "court": f"{county}人民法院" if county else "有管辖权的人民法院",
            **extra,
        },
    }


def kind_extra(kind: DocumentKind, directory: Any, records: list[RecordedEvent]) -> dict[str, Any]:
    """Directory facts one kind prints (听证通知书, 听证笔录 cover: the chair's name)."""
    if kind not in (DocumentKind.HEARING_NOTICE, DocumentKind.HEARING_RECORD):
        return {}
    chairs = [r.data.get("chair") for r in records if r.type in ("HearingScheduled", "HearingHeld")]
    person = directory.person(next((c for c in reversed(chairs) if c), "")) if chairs else None
    return {"chair_name": person.name} if person is not None else {}


def _dispatched(records: list[RecordedEvent]) -> list[str]:
    """The officers holding the case: dispatched, then as reassigned or after a 回避."""
    return current_officers((r.type, r.data) for r in records)


def build(
    event: DocumentIssued, locator: str, records: list[tuple[str, dict[str, Any]]]
) -> dict[str, Any]:
    """The template context: `doc` (the document's own facts) and the case's facts."""
    facts = fold(records)
    kind = DocumentKind(event.kind)
    doc = {
        "title": kind.spec.title,
        "number": event.number,
        "organ": event.organ,
        "day": day_text(moment_day(event.at)),
        "officers": event.officers,
        "locator": locator,
        "review_organ": event.extra.get("review_organ", ""),
        "court": event.extra.get("court", ""),
    }
    return {
        "doc": doc,
        "extra": event.extra,
        "case": facts.get("case"),
        "evidence": facts["evidence"],
        "notice": facts.get("notice"),
        "hearing": facts["hearing"],
        "legal_review": facts.get("legal_review"),
        "decision": facts.get("decision"),
        "spot": facts.get("spot"),
        "licence": facts.get("licence"),
        "closed": facts.get("closed"),
        "no_penalty": facts.get("no_penalty"),
        "transfer": facts.get("transfer"),
    }

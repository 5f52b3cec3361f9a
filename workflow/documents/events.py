"""Events of documents (文书事件): frozen, past tense, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workflow.messages import domain_event


@domain_event
@dataclass(frozen=True)
class DocumentIssued:
    """A numbered 文书 was issued: what it is, the hash of its exact PDF, what it was built from.

    Stored in the sequence stream of its kind (`document-<township>-<slug>-<year>`), where
    the stream version is the sequence number, so numbers are gapless by construction.
    `built_from` names the case stream, the version the document was built at and that
    event's chain hash (which covers every earlier event of the case). `officers` and
    `organ` are the directory facts printed on it, fixed here so a re-render needs
    nothing but the log.
    """

    case_id: str
    case_number: str
    kind: str
    number: str
    year: int
    n: int
    township: str
    organ: str
    officers: list[dict[str, str]]
    built_from: dict[str, Any]
    sha256: str
    renderer: str
    at: str
    extra: dict[str, Any] = field(default_factory=dict)

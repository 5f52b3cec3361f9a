"""Events of publicity (执法公示): frozen, past tense, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field

from workflow.messages import domain_event


@domain_event
@dataclass(frozen=True)
class DecisionPublished:
    """A decision made public (art 48): only what the public may read, already masked."""

    case_id: str
    document: str
    township: str
    township_name: str
    party: str  # organisation name, or surname + 某
    matter: str
    facts: str
    basis: str
    sanctions: list[str]
    decided_on: str
    published_on: str
    at: str
    late: bool = False
    organ: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@domain_event
@dataclass(frozen=True)
class PublicationWithdrawn:
    """撤回公示 after the decision was revoked or changed (art 48), with the reason."""

    case_id: str
    document: str
    reason: str
    withdrawn_on: str
    at: str
    late: bool = False

"""Issuing the monthly circular (印发月度通报): once per month, as an event.

`CircularIssued` goes to the stream `circular-YYYY-MM` with expected version 0, so a
monthly job that runs twice (or two schedulers racing) issues the circular once. The
event keeps the SHA-256 of the HTML document, so a copy can be checked against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from events import ConcurrencyError, EventStore
from workflow.messages import to_new_event
from workflow.reports.circular.figures import compile_figures, summary
from workflow.reports.circular.model import CircularFigures
from workflow.reports.circular.render import digest, to_html
from workflow.reports.notice_events import CircularIssued, circular_stream

SYSTEM = {"actor": "scheduler", "role": "system", "channel": "system"}  # channel: workflow/origin.py


@dataclass(frozen=True)
class Issued:
    """What issuing did: the circular's event, its HTML, and whether this call issued it."""

    event: CircularIssued
    html: str
    issued_now: bool


def circular_event(figures: CircularFigures, html: str, today: date) -> CircularIssued:
    root = figures.seal.root if figures.seal else None
    return CircularIssued(figures.month, digest(html), "html", summary(figures), root,
                          today.isoformat())  # fmt: skip


def issue_circular(store: EventStore, month: str, today: date) -> Issued:
    """Compile, render and record the month's circular, unless it was issued already."""
    existing = store.read_stream(circular_stream(month), up_to_version=1)
    figures = compile_figures(store, month, today)
    html = to_html(figures)
    if existing:
        return Issued(_event(existing[0].data), html, False)
    event = circular_event(figures, html, today)
    try:
        store.append(circular_stream(month), [to_new_event(event)], expected_version=0,
                     metadata=SYSTEM)  # fmt: skip
    except ConcurrencyError:
        first = store.read_stream(circular_stream(month), up_to_version=1)
        return Issued(_event(first[0].data), html, False)
    return Issued(event, html, True)


def _event(data: dict[str, object]) -> CircularIssued:
    return CircularIssued(**data)  # type: ignore[arg-type]

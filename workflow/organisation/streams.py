"""The organisation's stream names: `county`, `catalogue`, `roster-<township code>`.

A module of their own, so that what only names a stream (is there a county in this
database?) does not create the event classes of `events.py`."""

from __future__ import annotations

COUNTY_STREAM = "county"
CATALOGUE_STREAM = "catalogue"


def roster_stream(township_code: str) -> str:
    """The stream of one township team's roster."""
    return f"roster-{township_code}"

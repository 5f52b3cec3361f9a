"""The roots printed in issued circulars (月度通报), checked against the log (issue 13 §2).

A circular records the seal's Merkle root of its month (`CircularIssued.seal_root`), and
that root is printed on paper. Someone who rewrites a past month and then recomputes its
seal leaves the issued circular behind: `verify` recomputes every month a circular names
and reports each whose root differs.
"""

from __future__ import annotations

from collections.abc import Mapping

from events import EventStore


def issued_roots(store: EventStore) -> dict[str, str]:
    """Each month's root as its issued circular recorded it (the first issue counts)."""
    roots: dict[str, str] = {}
    for event in store.iter_all():
        if event.type == "CircularIssued" and event.data.get("seal_root"):
            roots.setdefault(str(event.data.get("month")), str(event.data["seal_root"]))
    return roots


def mismatches(
    store: EventStore, issued: Mapping[str, str], known: Mapping[str, str] | None = None
) -> list[str]:
    """The months whose recomputed root differs from their circular's (`known`: roots
    already recomputed, by month, so no month is folded twice)."""
    from workflow.reports.seals import figures

    found = []
    for month, printed in sorted(issued.items()):
        recomputed = (known or {}).get(month) or figures(store, month).root
        if recomputed != printed:
            found.append(month)
    return found

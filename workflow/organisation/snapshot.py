"""The directory as commands read it: `load_directory(store)`.

Today it replays the county, catalogue and roster streams (`directory_fold.replay`).
"""

from __future__ import annotations

from events import EventStore
from workflow.organisation.directory import Directory
from workflow.organisation.directory_fold import replay


def load_directory(store: EventStore) -> Directory:
    """Replay the county, catalogue and roster streams into a Directory (no guards run)."""
    return replay(store)

"""The composition root: builds the store (and later Redis) from settings. Nothing at import."""

from __future__ import annotations

from dataclasses import dataclass, field

from events import EventStore, open_store
from workflow.settings import Settings


@dataclass
class Casework:
    """Everything a command needs: settings and the open event store."""

    settings: Settings
    store: EventStore
    extras: dict[str, object] = field(default_factory=dict)

    def close(self) -> None:
        self.store.close()


def bootstrap(settings: Settings) -> Casework:
    """Open the store named by the settings (creating its schema if absent)."""
    return Casework(settings=settings, store=open_store(settings.database_url))

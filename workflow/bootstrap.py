"""The composition root: builds the store, the read models and Redis from settings.

Nothing happens at import. With `CASEWORK_REDIS_URL` set, every committed append
enqueues coalesced catch-up jobs on RQ; without it (the embedded default), the read
models are brought up to date in-process right after each command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from events import AppendResult, EventStore, open_store
from events.signing import Signer, load_key_file
from projections.engine import ProjectionEngine
from projections.registry import all_projections
from workflow.settings import Settings


@dataclass
class Casework:
    """Everything a command needs: settings, the event store and the projection engine."""

    settings: Settings
    store: EventStore
    projections: ProjectionEngine

    def flush(self) -> None:
        """Send any pending notifications now (they are otherwise sent in the background)."""
        for listener in self.store.listeners:
            flush = getattr(listener, "flush", None)
            if flush is not None:
                flush()

    def close(self) -> None:
        self.flush()
        self.store.close()


def bootstrap(settings: Settings, *, project: bool = True) -> Casework:
    """Open the store named by the settings; wire read-model updates after each append."""
    from workflow.cases import events as _case_events  # noqa: F401 - registers case upcasters
    from workflow.messages import UPCASTERS

    store = open_store(
        settings.database_url, upcasters=UPCASTERS, signer=signer_for(settings)
    )
    engine = ProjectionEngine(store, all_projections(), batch=settings.projection_batch)
    if project:
        store.subscribe(_listener(settings, engine))
    return Casework(settings=settings, store=store, projections=engine)


def signer_for(settings: Settings) -> Signer | None:
    """The service's signing key: the secret if given, else the key file, else none."""
    if settings.signing_key:
        return Signer.from_secret(settings.signing_key)
    if settings.signing_key_file:
        return load_key_file(settings.signing_key_file)
    return None


def _listener(settings: Settings, engine: ProjectionEngine) -> Callable[[AppendResult], None]:
    from workers.notify import InlineProjector, RQNotifier

    if not settings.redis_url:
        return InlineProjector(engine)
    from redis import Redis

    redis = Redis.from_url(settings.redis_url, socket_connect_timeout=1, socket_timeout=2)
    return RQNotifier(redis, settings.queue, settings.database_url, list(engine.projections))

"""The composition root: builds the store, the read models and Redis from settings.

Nothing happens at import. With `CASEWORK_REDIS_URL` set, every committed append
enqueues coalesced catch-up jobs on RQ; without it (the embedded default), the read
models are brought up to date in-process right after each command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from events import AppendResult, EventStore, open_store
from workflow.schema.version import check as check_schema
from workflow.settings import Settings

if TYPE_CHECKING:
    from events.signing import Signer
    from projections.engine import ProjectionEngine
    from workflow.accounts.revocation import Revoker


@dataclass
class Casework:
    """Everything a command needs: settings, the event store and the projection engine.

    The engine (every read model's tables) is built on first use: a command that only
    reads the log, like `case show`, never loads the read models.
    """

    settings: Settings
    store: EventStore
    revoker: Revoker | None = field(default=None, repr=False)
    _projections: ProjectionEngine | None = field(default=None, repr=False)

    @property
    def projections(self) -> ProjectionEngine:
        if self._projections is None:
            from projections.engine import ProjectionEngine
            from projections.registry import all_projections

            batch = self.settings.projection_batch
            self._projections = ProjectionEngine(
                self.store, all_projections(), batch=batch, max_batch=10 * batch
            )
        return self._projections

    def flush(self) -> None:
        """Send any pending notifications now (they are otherwise sent in the background)."""
        for listener in self.store.listeners:
            flush = getattr(listener, "flush", None)
            if flush is not None:
                flush()

    def close(self) -> None:
        self.flush()
        self.store.close()


def bootstrap(settings: Settings, *, project: bool = True, **engine_options: Any) -> Casework:
    """Open the store named by the settings; wire read-model updates after each append.
    `engine_options` go to SQLAlchemy's `create_engine` (the web service sizes its pool)."""
    from workflow import messages
    from workflow.cases import events as _case_events  # noqa: F401 - registers case upcasters
    from workflow.messages import UPCASTERS

    messages.load_event_types = register_event_types  # the rest, only when a type is missing

    store = open_store(
        settings.database_url, upcasters=UPCASTERS, signer=signer_for(settings), **engine_options
    )
    try:
        check_schema(store.engine)  # a schema this casework does not know: refuse, name the fix
    except Exception:
        store.close()
        raise
    from workflow.accounts.revocation import revoker_for

    # a lock, reset, 清退 or 调离 ends the account's sessions and tokens at its append, in
    # whichever process appends it (console, CLI, worker)
    casework = Casework(settings=settings, store=store, revoker=revoker_for(settings, store))
    store.subscribe(casework.revoker)  # type: ignore[arg-type]
    if project:
        store.subscribe(_listener(settings, casework))
    return casework


def register_event_types() -> None:
    """Import every module that declares domain events (and their upcasters), so that
    `from_recorded` knows every type the log can hold, whatever the command imported:
    reading a whole log (an upgraded 0.1.0 one begins with `CountyConfigured`) must not
    depend on which modules happened to be loaded. Lazily: ~0.25 s of imports."""
    from workflow.accountability import events as _accountability  # noqa: F401
    from workflow.accounts import events as _accounts  # noqa: F401
    from workflow.cases import applications as _applications  # noqa: F401
    from workflow.cases import events as _cases  # noqa: F401 - also the case upcasters
    from workflow.cases import sources as _sources  # noqa: F401
    from workflow.documents import events as _documents  # noqa: F401
    from workflow.execution import events as _execution  # noqa: F401
    from workflow.integrity import quarantine as _quarantine  # noqa: F401
    from workflow.organisation import events as _organisation  # noqa: F401
    from workflow.publicity import events as _publicity  # noqa: F401
    from workflow.reports import notice_events as _notices  # noqa: F401


def signer_for(settings: Settings) -> Signer | None:
    """The service's signing key: the secret if given, else the key file, else none."""
    from events.signing import Signer, load_key_file

    if settings.signing_key:
        return Signer.from_secret(settings.signing_key)
    if settings.signing_key_file:
        return load_key_file(settings.signing_key_file)
    return None


def _listener(settings: Settings, casework: Casework) -> Callable[[AppendResult], None]:
    from workflow.notify import InlineProjector, RQNotifier, connect

    if not settings.redis_url:
        return InlineProjector(lambda: casework.projections)
    names = list(casework.projections.projections)
    return RQNotifier(connect(settings.redis_url), settings.queue, settings.database_url, names,
                      fallback=lambda: casework.projections.catch_up_all())  # fmt: skip

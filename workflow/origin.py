"""An event store whose appends carry where a command came from: the channel and, for
web and API, the account.

Channels (issue 11 §2, "every event records the channel"):
- `cli`: a command typed at the terminal (`casework …`);
- `web`: a console form; `api`: the JSON API (both with the account);
- `system`: what the scheduler and the workers record on their own (deadline notices,
  circulars, seals and checkpoints, quarantine, yearly assessment notices): the `SYSTEM`
  metadata of those modules, with actor `scheduler` and role `system`;
- `demo`: every event `casework demo` simulates (workflow/demo/run.py), whoever the
  simulated actor, so a demo log is never mistaken for real work.
A stamped store's channel wins over the metadata a service passes (a seal typed by the
scheduler identity at the terminal is `cli`).

The services of the organisation, documents, execution and publicity take a store and
write `{"actor", "role"}` metadata; wrapping their store in `stamped` adds the origin
to every event they append without a second copy of any of them. Reads pass through.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from events import AppendResult, EventStore, NewEvent


class _Stamped:
    def __init__(self, store: EventStore, origin: dict[str, str], command: str | None) -> None:
        self._store = store
        self._origin = dict(origin)
        self._command = command

    def append(
        self, stream_id: str, events: Sequence[NewEvent], **options: Any
    ) -> AppendResult:
        options["metadata"] = {**(options.get("metadata") or {}), **self._origin}
        if self._command is not None:  # one command, one append: a retry appends nothing
            options.setdefault("command_id", self._command)
            options["metadata"]["command"] = self._command
        return self._store.append(stream_id, events, **options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def stamped(
    store: EventStore, channel: str, account: str | None = None, command: str | None = None
) -> EventStore:
    """The store, appending with `channel` (and `account`) in every event's metadata; with
    `command`, its one append carries that command id (kept in the metadata too, so a retry
    can find the first result)."""
    origin = {"channel": channel, **({"account": account} if account else {})}
    return cast(EventStore, _Stamped(store, origin, command))

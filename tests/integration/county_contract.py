"""What the accountability contracts share: the shipped county recorded on the contract's
day (`NOW`, as CASEWORK_NOW), and `refused`: an act that raises appends nothing."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from events import EventStore
from tests import demo_cache
from tests.integration.backends import settle
from workflow.organisation.service import init_county


class CountyContract:
    store: EventStore
    url: str
    NOW: ClassVar[str] = "2026-06-15T10:00:00"

    @pytest.fixture(autouse=True)
    def _county(self, _store: None, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("CASEWORK_NOW", self.NOW)
        # on SQLite a copy of the county recorded once a run on this day (tests/demo_cache.py)
        if not demo_cache.copied_sqlite(self.url, self.store, "county", init_county):
            init_county(self.store)

    def head(self) -> int:
        """The last position written (readers held back by other writers are waited for)."""
        settle(self.store)
        return self.store.head()

    def since(self, head: int) -> list[tuple[int, str, str, str]]:
        """What was appended after `head` (position, stream, type, actor): empty after a
        refusal; named in the failure when it is not."""
        settle(self.store)
        return [(e.position, e.stream_id, e.type, str(e.metadata.get("actor")))
                for e in self.store.read_all(after=head)]  # fmt: skip

    def refused(self, error: type[Exception], act: Any, *args: Any, **kwargs: Any) -> None:
        """`act(store, …)` raises `error` and appends nothing."""
        head = self.head()
        with pytest.raises(error):
            act(self.store, *args, **kwargs)
        assert self.since(head) == []

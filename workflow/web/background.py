"""Read models brought up to date beside the server's requests, not inside them.

In the embedded mode (no Redis) the CLI projects right after each command. A server
answering many people should not make each command wait for every read model: a
command wakes one background thread, which catches all read models up (coalescing a
burst of commands into one pass). Reads still catch up the model they read first
(`reads.read_model`), so nobody reads a stale board. With Redis, RQ workers do it.

Before a pass the thread asks one cheap question: is the store's head above the lowest
checkpoint of the models (`projections.lowest.lowest_checkpoint`)? When a read has
already caught the models up, or the wake came from events a pass already applied,
nothing more is asked: a full pass costs a few dozen round trips (each model's state row
read, locked and saved), and in a busy server each of them also waits for the GIL.
"""

from __future__ import annotations

import logging
import threading

from events import AppendResult
from projections.engine import ProjectionEngine
from projections.lowest import lowest_checkpoint

log = logging.getLogger(__name__)


class BackgroundProjector:
    """An append listener that wakes a daemon thread to run `catch_up_all`."""

    def __init__(self, engine: ProjectionEngine, *, every: float = 1.0) -> None:
        self.engine = engine
        self.every = every  # seconds: at most one pass this often (a burst shares a pass)
        self.passes = 0  # passes that ran `catch_up_all`
        self.skipped = 0  # wakes answered by the cheap question alone (nothing new)
        self._wake = threading.Event()
        self._stop = False
        self._halt = threading.Event()  # set by `stop`: cuts the coalescing wait short
        self._thread = threading.Thread(target=self._run, name="casework-projector", daemon=True)
        self._thread.start()

    def __call__(self, result: AppendResult) -> None:
        self._wake.set()

    def _run(self) -> None:
        while not self._stop:
            self._wake.wait()
            if not self._stop:
                self._halt.wait(self.every)  # a burst shares the pass; `stop` ends the wait
            self._wake.clear()
            if self._stop:
                return
            try:
                self.run_pass()
            except Exception:  # noqa: BLE001 - a failed pass only delays read models
                log.warning("background catch-up failed", exc_info=True)

    def behind(self) -> bool:
        """True when a pass has work: the head is above the lowest checkpoint, or a model
        has no state row yet or another version than the code (two cheap statements)."""
        lowest = lowest_checkpoint(self.engine)
        return lowest is None or self.engine.store.head() > lowest

    def run_pass(self) -> bool:
        """One pass if there is anything to do; True when it ran `catch_up_all`."""
        if not self.behind():
            self.skipped += 1
            return False
        self.engine.catch_up_all()
        self.passes += 1
        return True

    def flush(self) -> None:
        """Catch up now, in the caller's thread (tests, shutdown)."""
        self.engine.catch_up_all()

    def stop(self) -> None:
        """Finish the pass under way (if any) and end the thread."""
        self._stop = True
        self._halt.set()  # no waiting out the coalescing second (every test's teardown did)
        self._wake.set()
        self._thread.join(60)

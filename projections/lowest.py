"""The lowest checkpoint of an engine's read models, in one statement (最低检查点).

For a caller that wants to know cheaply whether a catch-up pass has anything to do (the
web server's background projector asks this before every pass): a pass is needed when
the store's head is above the lowest checkpoint, or when a model has no state row yet or
a version other than the code's (then `catch_up_all` builds or rebuilds it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import text

from events.connect import one_read

if TYPE_CHECKING:
    from projections.engine import ProjectionEngine


def lowest_checkpoint(engine: ProjectionEngine) -> int | None:
    """The lowest position the engine's models have applied, or None when some model is
    missing its state row or is at another version than the code (a pass must run)."""
    with one_read(engine.engine) as conn:
        rows = conn.execute(text("SELECT name, version, position FROM projection_state")).all()
    found = {str(name): (int(version), int(position)) for name, version, position in rows}
    positions = []
    for name, projection in engine.projections.items():
        state = found.get(name)
        if state is None or state[0] != projection.version:
            return None
        positions.append(state[1])
    return min(positions, default=None)

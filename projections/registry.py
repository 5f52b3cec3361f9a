"""Every read model casework maintains, built fresh (nothing at import time)."""

from __future__ import annotations

from projections.activity import ActivityProjection
from projections.engine import Projection


def all_projections() -> list[Projection]:
    """The projections the workers keep up to date, in catch-up order."""
    return [ActivityProjection()]

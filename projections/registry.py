"""Every read model casework maintains, built fresh (nothing at import time)."""

from __future__ import annotations

from projections.accountability import AccountabilityProjection
from projections.activity import ActivityProjection
from projections.actors import ActorIndexProjection
from projections.cases import CasesProjection
from projections.circular import CircularProjection
from projections.engine import Projection
from projections.fronts import FrontsProjection
from projections.notices import NoticesProjection
from projections.oversight import OversightProjection
from projections.paper import PaperProjection
from projections.roster import RosterProjection


def all_projections() -> list[Projection]:
    """The projections the workers keep up to date, in catch-up order."""
    return [
        ActivityProjection(),
        RosterProjection(),
        AccountabilityProjection(),
        CasesProjection(),
        FrontsProjection(),
        CircularProjection(),
        OversightProjection(),
        ActorIndexProjection(),
        PaperProjection(),
        NoticesProjection(),
    ]

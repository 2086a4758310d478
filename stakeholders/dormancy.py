"""What "dormant" means, once, for every page, the API, the map and the scorecard.

A relationship is *dormant* when it has not ended and either is marked dormant or its last
interaction (or, before the first one, its creation) is older than its tier's dormant limit
(settings.RELMAP_DORMANT_DAYS). Judging by date, not only by the stored status, keeps every
view right between two nightly `recompute_strength` runs, which bring the stored status in line.
"""

import operator
from datetime import datetime, timedelta
from functools import reduce

from django.db.models import Q

from stakeholders.models.base import Tier
from stakeholders.strength import dormant_limit_days

ACTIVE, DORMANT, ENDED = "active", "dormant", "ended"


def lapsed(now: datetime) -> Q:
    """Relationships past their tier's dormant limit at `now` (whatever their status)."""
    conditions = []
    for tier in Tier.values:
        cutoff = now - timedelta(days=dormant_limit_days(tier))
        conditions.append(
            Q(tier=tier)
            & (
                Q(last_interaction_at__lt=cutoff)
                | Q(last_interaction_at__isnull=True, created_at__lt=cutoff)
            )
        )
    return reduce(operator.or_, conditions)


def dormant(now: datetime) -> Q:
    """Dormant relationships at `now`: not ended, and marked dormant or lapsed."""
    return ~Q(status=ENDED) & (Q(status=DORMANT) | lapsed(now))


def is_dormant(relationship, now: datetime) -> bool:
    """The rule of `dormant` for one relationship already in memory."""
    if relationship.status == ENDED:
        return False
    if relationship.status == DORMANT:
        return True
    last_touch = relationship.last_interaction_at or relationship.created_at
    return last_touch < now - timedelta(days=dormant_limit_days(relationship.tier))


def state(relationship, now: datetime) -> str:
    """ "active", "dormant" or "ended", as every page says it."""
    if relationship.status == ENDED:
        return ENDED
    return DORMANT if is_dormant(relationship, now) else ACTIVE

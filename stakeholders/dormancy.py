"""What "dormant" means, once, for every page, the API, the map and the scorecard.

A relationship is *dormant* when it has not ended and either is marked dormant or its last
interaction (or, before the first one, its creation) is older than its limit: its own cadence
(`cadence_days`) when it has one, else its tier's (settings.RELMAP_DORMANT_DAYS). A new
interaction starts the count again. It is *due* for contact from DUE_WITHIN_DAYS before then.
Judging by date, not only by the stored status, keeps every view right between two nightly
`recompute_strength` runs, which bring the stored status in line.
"""

import operator
from datetime import datetime, timedelta
from functools import reduce

from django.db.models import DateTimeField, DurationField, ExpressionWrapper, F, IntegerField, Q
from django.db.models import Value as V
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan

from stakeholders.models.base import Tier
from stakeholders.strength import dormant_limit_days

ACTIVE, DORMANT, ENDED = "active", "dormant", "ended"
DUE_WITHIN_DAYS = 14


def _own_cadence_lapses_before(moment: datetime) -> Q:
    """Rows with a cadence of their own whose last touch plus that cadence is before `moment`."""
    days = ExpressionWrapper(F("cadence_days"), output_field=IntegerField())
    touch = Coalesce("last_interaction_at", "created_at")
    due = ExpressionWrapper(
        touch + ExpressionWrapper(days * V(timedelta(days=1)), output_field=DurationField()),
        output_field=DateTimeField(),
    )
    return Q(cadence_days__isnull=False) & Q(LessThan(due, moment))


def lapsed(now: datetime) -> Q:
    """Relationships past their limit at `now` (whatever their status)."""
    conditions = [_own_cadence_lapses_before(now)]
    for tier in Tier.values:
        cutoff = now - timedelta(days=dormant_limit_days(tier))
        conditions.append(
            Q(cadence_days__isnull=True, tier=tier)
            & (
                Q(last_interaction_at__lt=cutoff)
                | Q(last_interaction_at__isnull=True, created_at__lt=cutoff)
            )
        )
    return reduce(operator.or_, conditions)


def due(now: datetime, within_days: int = DUE_WITHIN_DAYS) -> Q:
    """Active relationships that go dormant within `within_days` of `now` unless someone is in
    touch: the "about to go dormant" of the home page's Due panel and the reminders."""
    return ~Q(status__in=[ENDED, DORMANT]) & ~lapsed(now) & lapsed(now + timedelta(within_days))


def limit_days(relationship) -> int:
    """Days without contact after which `relationship` is dormant."""
    return relationship.cadence_days or dormant_limit_days(relationship.tier)


def due_at(relationship) -> datetime | None:
    """When `relationship` goes dormant unless someone is in touch (None once ended)."""
    if relationship.status == ENDED:
        return None
    last_touch = relationship.last_interaction_at or relationship.created_at
    return last_touch + timedelta(days=limit_days(relationship))


def dormant(now: datetime) -> Q:
    """Dormant relationships at `now`: not ended, and marked dormant or lapsed."""
    return ~Q(status=ENDED) & (Q(status=DORMANT) | lapsed(now))


def is_dormant(relationship, now: datetime) -> bool:
    """The rule of `dormant` for one relationship already in memory."""
    if relationship.status == ENDED:
        return False
    if relationship.status == DORMANT:
        return True
    return due_at(relationship) < now


def state(relationship, now: datetime) -> str:
    """ "active", "dormant" or "ended", as every page says it."""
    if relationship.status == ENDED:
        return ENDED
    return DORMANT if is_dormant(relationship, now) else ACTIVE

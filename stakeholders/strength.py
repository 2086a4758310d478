"""Relationship strength: a pure function of a relationship's running aggregates and the date.

The aggregates are an exponentially decayed interaction count and sentiment sum, kept as of
`aggregates_at`. Folding in one interaction is O(1); decaying to any later moment is a
multiplication, so strength can be recomputed for every relationship in bulk without reading
a single interaction.

Strength blends three parts, each 0–1, judged against the tier's expected cadence:

- recency   R = 1 − (days since last contact / dormant limit)², 0 past the limit;
- frequency F = decayed count now / the count the tier's cadence expects, capped at 1;
- sentiment S = (recency-weighted mean sentiment + 2) / 4.

Operational relationships are expected to be frequent, so frequency weighs as much as
recency; executive ones are expected to be rare but must not lapse, so recency weighs most and
a handful of meetings a year is "frequent enough". Past the tier's dormant limit a relationship
can score at most DORMANT_CAP, whatever its history. docs/relationship-map.md has a worked
example.
"""

import math
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

# How many days it takes an interaction's weight to fall to 1/e.
DECAY_DAYS = 90.0

WEIGHT_SENTIMENT = 0.20
# Without recent contact, history and sentiment alone must not keep a relationship looking strong.
DORMANT_CAP = 0.25


@dataclass(frozen=True)
class Cadence:
    # The decayed count (interactions, each weighing e^(-age/DECAY_DAYS)) that is frequent enough.
    expected_count: float
    weight_recency: float
    weight_frequency: float


CADENCE = {
    # About every two weeks: a steady 15-day rhythm keeps the decayed count near 6.5.
    "operational": Cadence(expected_count=6.0, weight_recency=0.40, weight_frequency=0.40),
    # About every six weeks; recency dominates because an executive tie must not lapse.
    "executive": Cadence(expected_count=2.0, weight_recency=0.55, weight_frequency=0.25),
    "institutional": Cadence(expected_count=1.5, weight_recency=0.50, weight_frequency=0.30),
}


@dataclass(frozen=True)
class Aggregates:
    count: int
    decayed_count: float
    decayed_sentiment: float
    aggregates_at: datetime | None
    last_interaction_at: datetime | None


def dormant_limit_days(tier: str) -> int:
    """Days without an interaction after which a relationship at `tier` is dormant."""
    limits = settings.RELMAP_DORMANT_DAYS
    return limits.get(tier, limits["operational"])


def decay_factor(from_moment: datetime, to_moment: datetime) -> float:
    days = (to_moment - from_moment).total_seconds() / 86400.0
    return math.exp(-days / DECAY_DAYS)


def fold_interaction(agg: Aggregates, *, occurred_at: datetime, sentiment: int) -> Aggregates:
    """The aggregates after one more interaction, in or out of chronological order."""
    if agg.aggregates_at is None or occurred_at >= agg.aggregates_at:
        factor = decay_factor(agg.aggregates_at, occurred_at) if agg.aggregates_at else 0.0
        decayed_count = agg.decayed_count * factor + 1.0
        decayed_sentiment = agg.decayed_sentiment * factor + sentiment
        moment = occurred_at
    else:
        weight = decay_factor(occurred_at, agg.aggregates_at)
        decayed_count = agg.decayed_count + weight
        decayed_sentiment = agg.decayed_sentiment + sentiment * weight
        moment = agg.aggregates_at
    last = max(filter(None, [agg.last_interaction_at, occurred_at]))
    return Aggregates(agg.count + 1, decayed_count, decayed_sentiment, moment, last)


def strength(agg: Aggregates, *, tier: str, now: datetime, dormant_days: int | None = None) -> int:
    """0–100 from recency, frequency and sentiment, against the tier's expected cadence.

    `dormant_days` defaults to the tier's limit in `settings.RELMAP_DORMANT_DAYS`.
    """
    if agg.count == 0 or agg.last_interaction_at is None or agg.aggregates_at is None:
        return 0
    cadence = CADENCE.get(tier, CADENCE["operational"])
    limit = float(dormant_days or dormant_limit_days(tier))

    days_since = max((now - agg.last_interaction_at).total_seconds() / 86400.0, 0.0)
    recency = max(0.0, 1.0 - (days_since / limit) ** 2)

    decayed_now = agg.decayed_count * decay_factor(agg.aggregates_at, max(now, agg.aggregates_at))
    frequency = min(1.0, decayed_now / cadence.expected_count)

    mean_sentiment = agg.decayed_sentiment / agg.decayed_count if agg.decayed_count else 0.0
    sentiment = (max(-2.0, min(2.0, mean_sentiment)) + 2.0) / 4.0

    score = (
        cadence.weight_recency * recency
        + cadence.weight_frequency * frequency
        + WEIGHT_SENTIMENT * sentiment
    )
    if recency == 0.0:
        score = min(score, DORMANT_CAP)
    # Half-up rounding, so the documented examples read the way a person rounds.
    return max(0, min(100, math.floor(score * 100 + 0.5)))
